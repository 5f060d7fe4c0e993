import {
  type DeliveryAttemptRow,
  type DeliveryRow,
  insertProject,
  listAttempts,
  listDeliveries,
} from '@herald/db';
import { generateId } from '@herald/domain';
import { reportActivity } from '../src/services/activities.ts';
import type { Clock, Herald } from '../src/services/herald.ts';
import { createIntegration } from '../src/services/integrations.ts';

/** A clock the test moves by hand: retries come due without anyone sleeping. */
export interface ManualClock extends Clock {
  set: (ms: number) => void;
  advance: (ms: number) => void;
}

export function createManualClock(start: number): ManualClock {
  let now = start;
  return {
    now: () => now,
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** A bare project row: delivery tests need somewhere for activities, not a real environment. */
export function seedProject(herald: Herald, title = 'Shop'): string {
  const id = generateId();
  const now = new Date(herald.clock.now()).toISOString();
  insertProject(herald.db, { id, title, defaultBranch: 'main', createdAt: now, updatedAt: now });
  return id;
}

export function addWebhook(
  herald: Herald,
  project: string,
  url: string,
  settings: Record<string, unknown> = {},
) {
  return createIntegration(herald, project, {
    type: 'webhook',
    settings: { url, shared_key: 'test-shared-key', ...settings },
  }).integration;
}

/** Reports `count` complete activities, each owing one delivery to every matching webhook. */
export function reportPushes(herald: Herald, project: string, count = 1): string[] {
  return Array.from(
    { length: count },
    (_, index) =>
      reportActivity(herald, project, {
        type: 'environment.push',
        environments: ['main'],
        parameters: { number: index },
        payload: {},
        state: 'complete',
        result: 'success',
      }).id,
  );
}

/**
 * Polls the store until `check` passes for the integration's newest delivery and its attempts;
 * bounded, so a delivery that never gets there fails the test instead of hanging it.
 */
export async function waitForDelivery(
  herald: Herald,
  integrationId: string,
  check: (delivery: DeliveryRow, attempts: DeliveryAttemptRow[]) => boolean,
  timeoutMs = 10_000,
): Promise<{ delivery: DeliveryRow; attempts: DeliveryAttemptRow[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [delivery] = listDeliveries(herald.db, integrationId, { limit: 1 });
    const attempts = delivery ? listAttempts(herald.db, delivery.id) : [];
    if (delivery && check(delivery, attempts)) {
      return { delivery, attempts };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Delivery of ${integrationId} did not get there: ${JSON.stringify({ delivery, attempts })}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Real time, plus whatever the test jumps ahead: retries still come due on their own. */
export function createShiftedClock(): ManualClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    set: (ms) => {
      offset = ms - Date.now();
    },
    advance: (ms) => {
      offset += ms;
    },
  };
}
