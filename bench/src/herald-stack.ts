import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import { type ApiProcess, startApiProcess } from './api-process.ts';
import { type BenchEnv, dispatcherEnv } from './env.ts';
import {
  createHeraldClient,
  type HeraldClient,
  pushReport,
  setUpProject,
} from './herald-client.ts';
import { type OutboxReader, openOutboxReader } from './outbox-reader.ts';
import { type Receiver, sleep, startReceiver } from './receiver.ts';

/** The end-to-end set-up: a receiver process, the API process, a project with its webhooks. */
export interface HeraldStack {
  api: ApiProcess;
  receiver: Receiver;
  client: HeraldClient;
  reader: OutboxReader;
  project: string;
  webhooks: number;
  /** Numbers the activities, so every body differs as real ones do. */
  nextSequence: () => number;
  stop: () => Promise<void>;
}

export async function startHeraldStack(
  env: BenchEnv,
  label: string,
  dispatcher: 'on' | 'off' = 'on',
): Promise<HeraldStack> {
  const receiver = await startReceiver();
  const api = await startApiProcess({
    profile: env.BENCH_PROFILE,
    label,
    dispatcher,
    env: dispatcherEnv(env),
  });
  const client = createHeraldClient(api.url, api.token);
  const { project } = await setUpProject(client, receiver.url, env.BENCH_WEBHOOKS);
  const reader = openOutboxReader(join(api.dataDir, 'herald.sqlite'));
  let sequence = 0;

  return {
    api,
    receiver,
    client,
    reader,
    project,
    webhooks: env.BENCH_WEBHOOKS,
    nextSequence: () => {
      sequence += 1;
      return sequence;
    },
    stop: async () => {
      reader.close();
      await api.stop();
      await receiver.stop();
    },
  };
}

export interface ReportResult {
  acknowledged: number;
  failed: number;
  /** The first refusal or transport error, to say why a run fell short. */
  firstError: string | null;
}

/** Reports `count` completed pushes as fast as the API takes them, a few batches at a time. */
export async function reportActivities(stack: HeraldStack, count: number): Promise<ReportResult> {
  const result: ReportResult = { acknowledged: 0, failed: 0, firstError: null };
  let left = count;
  const report = async () => {
    try {
      await stack.client.activity.report.mutate(pushReport(stack.project, stack.nextSequence()));
      result.acknowledged += 1;
    } catch (error) {
      result.failed += 1;
      result.firstError ??= describeError(error);
    }
  };
  const worker = async () => {
    while (left > 0) {
      const batch = Math.min(50, left);
      left -= batch;
      await Promise.all(Array.from({ length: batch }, report));
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));

  return result;
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${describeError(error.cause)}` : '';

  return `${error.message}${cause}`;
}

export interface OfferResult {
  /** Activities reported (requests sent) and acknowledged by the API. */
  sent: number;
  acknowledged: number;
  failed: number;
  firstError: string | null;
  /** When the last report was sent: later than planned means the driver fell behind. */
  offeredMs: number;
  elapsedMs: number;
}

/**
 * Reports completed pushes at `perSecond` for `seconds` without waiting for answers (an open
 * loop: activities do not wait for the outbox). `onTick` sees progress, for backlog samples.
 */
export async function offerActivities(
  stack: HeraldStack,
  perSecond: number,
  seconds: number,
  onTick?: (progress: { sent: number; acknowledged: number; elapsedMs: number }) => void,
): Promise<OfferResult> {
  const total = Math.round(perSecond * seconds);
  const pending = new Set<Promise<void>>();
  let sent = 0;
  let acknowledged = 0;
  let failed = 0;
  let firstError: string | null = null;
  // Reports still unanswered 30 s after the last was sent are abandoned: bounded in time.
  const abandon = new AbortController();
  // One signal shared by every report of the step: many listeners is the design, not a leak.
  setMaxListeners(Number.POSITIVE_INFINITY, abandon.signal);
  const started = performance.now();
  while (sent < total) {
    const elapsedMs = performance.now() - started;
    const due = Math.min(total, Math.floor((elapsedMs / 1000) * perSecond));
    for (; sent < due; sent += 1) {
      const call = stack.client.activity.report
        .mutate(pushReport(stack.project, stack.nextSequence()), { signal: abandon.signal })
        .then(() => {
          acknowledged += 1;
        })
        .catch((error: unknown) => {
          failed += 1;
          firstError ??= describeError(error);
        })
        .finally(() => pending.delete(call));
      pending.add(call);
    }
    onTick?.({ sent, acknowledged, elapsedMs });
    await sleep(5);
  }
  const offeredMs = performance.now() - started;
  const timer = setTimeout(() => abandon.abort(), 30_000);
  await Promise.all(pending);
  clearTimeout(timer);

  return {
    sent,
    acknowledged,
    failed,
    firstError,
    offeredMs,
    elapsedMs: performance.now() - started,
  };
}

/** Waits until the receiver has `count` requests since its last reset; false on timeout. */
export async function waitForReceived(
  receiver: Receiver,
  count: number,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await receiver.stats()).count >= count) return true;
    await sleep(50);
  }

  return false;
}
