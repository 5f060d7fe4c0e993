import { describe, expect, it } from 'vitest';
import { percentile, ratio, slope, sortNumbers, summarize } from './stats.ts';

describe('summarize', () => {
  it('gives the median, the range and the spread of the runs', () => {
    const summary = summarize([12, 10, 11]);

    expect(summary).toMatchObject({ median: 11, min: 10, max: 12, runs: [12, 10, 11] });
    expect(summary.spread_pct).toBeCloseTo(18.2, 1);
  });

  it('says nothing was measured when there are no runs', () => {
    expect(Number.isNaN(summarize([]).median)).toBe(true);
  });
});

describe('percentile', () => {
  it('interpolates between ranks', () => {
    const sorted = sortNumbers([4, 1, 3, 2, 5]);

    expect(percentile(sorted, 50)).toBe(3);
    expect(percentile(sorted, 99)).toBeCloseTo(4.96);
    expect(percentile(sorted, 0)).toBe(1);
  });
});

describe('slope', () => {
  it('is the growth per unit of a backlog that grows', () => {
    expect(slope([0, 1, 2, 3].map((x) => ({ x, y: 10 + 5 * x })))).toBeCloseTo(5);
  });

  it('is zero for a flat backlog', () => {
    expect(slope([0, 1, 2].map((x) => ({ x, y: 7 })))).toBe(0);
  });
});

describe('ratio', () => {
  it('divides Herald by the bare baseline', () => {
    expect(ratio(80, 100)).toBe(0.8);
    expect(Number.isNaN(ratio(1, 0))).toBe(true);
  });
});
