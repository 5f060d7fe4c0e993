import { describe, expect, it } from 'vitest';
import { summarizeProfile } from './profile-summary.ts';

describe('summarizeProfile', () => {
  it("rolls self time up by function, by package and through Herald's callers", () => {
    const store = 'file:///repo/packages/db/src/deliveries.ts';
    const drizzle = 'file:///repo/node_modules/.pnpm/drizzle-orm@1/node_modules/drizzle-orm/sql.js';
    const summary = summarizeProfile({
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: 0 }, children: [2] },
        { id: 2, callFrame: { functionName: 'claim', url: store, lineNumber: 9 }, children: [3] },
        { id: 3, callFrame: { functionName: 'build', url: drizzle, lineNumber: 0 } },
      ],
      startTime: 0,
      endTime: 4_000,
      samples: [3, 3, 3, 2],
      timeDeltas: [1_000, 1_000, 1_000, 1_000],
    });

    expect(summary.totalMs).toBe(4);
    expect(summary.byFunction[0]).toMatchObject({ name: 'build', selfMs: 3, percent: 75 });
    expect(summary.byPackage[0]).toMatchObject({ name: 'drizzle-orm', selfMs: 3 });
    expect(summary.heraldInclusive[0]).toMatchObject({ name: 'claim', selfMs: 4, percent: 100 });
  });
});
