import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBareClosedLoop, runBareOpenLoop } from './bare-loop.ts';
import { type Receiver, startReceiver } from './receiver.ts';

// The harness's own moving parts, with a few requests: the benchmarks themselves run only
// under `pnpm bench`.
describe('receiver and bare loop', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.stop();
  });

  it('counts every POST of the closed loop', async () => {
    await receiver.reset();
    const result = await runBareClosedLoop(receiver.url, ['{"a":1}', '{"b":2}'], 20, 4);
    const stats = await receiver.stats();

    expect(result.ok).toBe(20);
    expect(stats.count).toBe(20);
    expect(stats.peakConnections).toBeGreaterThanOrEqual(1);
    expect(stats.peakConnections).toBeLessThanOrEqual(20);
  });

  it("records a latency per request from the open loop's send stamp", async () => {
    await receiver.reset({ latency: true });
    const result = await runBareOpenLoop(receiver.url, ['{}'], 50, 0.2);
    const stats = await receiver.stats({ latencies: true });

    expect(result.sent).toBe(10);
    expect(result.roundTripsMs).toHaveLength(10);
    expect(stats.latenciesMs).toHaveLength(10);
    expect(stats.latenciesMs.every((ms) => ms >= 0)).toBe(true);
  });

  it("measures Herald's latency from the completed_at of the body", async () => {
    await receiver.reset({ latency: true });
    const completedAt = new Date(Date.now() - 1_000).toISOString();
    await fetch(receiver.url, {
      method: 'POST',
      body: JSON.stringify({ completed_at: completedAt }),
    });
    const stats = await receiver.stats({ latencies: true });

    expect(stats.latenciesMs).toHaveLength(1);
    expect(stats.latenciesMs[0]).toBeGreaterThanOrEqual(1_000);
  });
});
