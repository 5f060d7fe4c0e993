import { setMaxListeners } from 'node:events';
import { Agent, request } from 'undici';
import { sortNumbers } from './stats.ts';

/**
 * The simplest thing that does a webhook sender's work: POST the bytes, read the answer. No
 * outbox, no signing, no database; keep-alive connections through undici, as Herald's sender.
 */
export interface BareRunResult {
  sent: number;
  /** Open loop only: requests not sent because 1,024 were already waiting for an answer. */
  dropped: number;
  ok: number;
  elapsedMs: number;
  /** Send to complete response, per request, sorted ascending. */
  roundTripsMs: number[];
}

function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

async function post(
  agent: Agent,
  url: string,
  body: string,
  stamp: boolean,
  signal?: AbortSignal,
): Promise<boolean> {
  const response = await request(url, {
    method: 'POST',
    dispatcher: agent,
    ...(signal ? { signal } : {}),
    headers: {
      'content-type': 'application/json',
      ...(stamp ? { 'x-bench-sent': String(wallNow()) } : {}),
    },
    body,
  });
  await response.body.dump();

  return response.statusCode >= 200 && response.statusCode < 300;
}

/** Posts `count` bodies (cycling through `bodies`) with `concurrency` requests in flight. */
export async function runBareClosedLoop(
  url: string,
  bodies: readonly string[],
  count: number,
  concurrency: number,
): Promise<BareRunResult> {
  const agent = new Agent({ keepAliveTimeout: 60_000, connections: concurrency });
  let next = 0;
  let ok = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const body = bodies[next % bodies.length]!;
      next += 1;
      if (await post(agent, url, body, false)) ok += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - started;
  await agent.close();

  return { sent: count, dropped: 0, ok, elapsedMs, roundTripsMs: [] };
}

const MAX_PENDING = 1_024;

/**
 * Offers `perSecond` POSTs a second for `seconds`, on a schedule that does not wait for
 * answers (an open loop, as activities arrive), each stamped with its send time. Answers not
 * back `graceMs` after the last send are abandoned: a rate the machine cannot carry must not
 * hold the benchmark for as long as its queue takes to drain.
 */
export async function runBareOpenLoop(
  url: string,
  bodies: readonly string[],
  perSecond: number,
  seconds: number,
  graceMs = 30_000,
): Promise<BareRunResult> {
  // A bounded pool, as Herald's dispatcher has: an open loop above what the receiver takes
  // would otherwise open a socket per request until the ports ran out.
  const agent = new Agent({ keepAliveTimeout: 60_000, connections: 256 });
  const abandon = new AbortController();
  setMaxListeners(Number.POSITIVE_INFINITY, abandon.signal);
  const roundTrips: number[] = [];
  const pending = new Set<Promise<void>>();
  const total = Math.round(perSecond * seconds);
  let sent = 0;
  let dropped = 0;
  let ok = 0;
  const started = performance.now();
  while (sent + dropped < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * perSecond));
    while (sent + dropped < due) {
      if (pending.size >= MAX_PENDING) {
        // Behind by a thousand answers: the machine does not carry this rate; count, not queue.
        dropped += 1;
        continue;
      }
      const body = bodies[sent % bodies.length]!;
      const sentAt = performance.now();
      const send = post(agent, url, body, true, abandon.signal)
        .then((success) => {
          roundTrips.push(performance.now() - sentAt);
          if (success) ok += 1;
        })
        .catch(() => {})
        .finally(() => pending.delete(send));
      pending.add(send);
      sent += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const timer = setTimeout(() => abandon.abort(), graceMs);
  await Promise.all(pending);
  clearTimeout(timer);
  const elapsedMs = performance.now() - started;
  await agent.destroy();

  return { sent, dropped, ok, elapsedMs, roundTripsMs: sortNumbers(roundTrips) };
}
