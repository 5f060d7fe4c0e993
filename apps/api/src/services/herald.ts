import { EventEmitter } from 'node:events';
import type { Db } from '@herald/db';
import type { Logger } from '../logger.ts';
import { OutboundClient } from './outbound/outbound-client.ts';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface HeraldConfig {
  dataDir: string;
  /** Base URL people and providers reach the API at, for hook URLs. */
  publicUrl: string;
  /** The largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** The largest `git push` body accepted by the project's remote, in bytes. */
  maxGitBodyBytes: number;
  /** API calls (tRPC and the Git remote) allowed per token per minute; 0 for no limit. */
  rateLimitPerMinute: number;
  /** Signed provider hooks allowed per integration per minute; 0 for no limit. */
  hookRateLimitPerMinute: number;
  /** The SMTP server health e-mails go through; null when the installation has none. */
  smtpUrl: string | null;
  /** The sender of health e-mails whose integration names none. */
  smtpFrom: string;
  /** Base URL of Slack's Web API (`chat.postMessage` is under it). */
  slackApiUrl: string;
  /** Base URL of PagerDuty's Events API v2 (`/v2/enqueue` is under it). */
  pagerDutyApiUrl: string;
  /** The search path given to child processes such as git; a standard one when left out. */
  searchPath?: string;
}

/** What every service needs: passed in, so tests can give a temporary database or a fixed clock. */
export interface Herald {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: HeraldConfig;
  /**
   * `outbox` is emitted after a transaction that enqueued deliveries commits; `activity`
   * (with the project's id) after one that recorded or moved an activity, for live views.
   */
  signals: EventEmitter<{ outbox: []; activity: [projectId: string] }>;
  /** Every request to a user-given URL goes through it: address checks, timeouts, size caps. */
  outbound: OutboundClient;
}

/** Without an `outbound` client, Herald refuses every private address (no allow list). */
export function createHerald(
  deps: Omit<Herald, 'signals' | 'outbound'> & { outbound?: OutboundClient },
): Herald {
  return { ...deps, outbound: deps.outbound ?? new OutboundClient(), signals: createSignals() };
}

function createSignals(): Herald['signals'] {
  const signals: Herald['signals'] = new EventEmitter();
  // One listener per open live view: many consoles may watch at once, and that is no leak.
  signals.setMaxListeners(0);
  return signals;
}

export function isoNow(herald: Herald): string {
  return new Date(herald.clock.now()).toISOString();
}
