/** Several runs of one figure, summarised the way every benchmark prints it. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** (max - min) / median, in percent: how far apart the runs landed. */
  spread_pct: number;
  runs: number[];
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) {
    return { median: Number.NaN, min: Number.NaN, max: Number.NaN, spread_pct: 0, runs: [] };
  }

  const sorted = [...values].sort((a, b) => a - b);
  const median = percentile(sorted, 50);
  const min = sorted[0]!;
  const max = sorted.at(-1)!;
  const spread = median === 0 ? 0 : ((max - min) / Math.abs(median)) * 100;

  return { median, min, max, spread_pct: round(spread, 1), runs: values.map((v) => round(v, 3)) };
}

/** Linear interpolation between the closest ranks; `sorted` must be ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const weight = rank - low;

  return sorted[low]! * (1 - weight) + sorted[high]! * weight;
}

export function sortNumbers(values: readonly number[]): number[] {
  return Array.from(Float64Array.from(values).sort());
}

/** Least-squares slope of y over x: how fast a backlog grows per unit of x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const point of points) {
    covariance += (point.x - meanX) * (point.y - meanY);
    variance += (point.x - meanX) ** 2;
  }

  return variance === 0 ? 0 : covariance / variance;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function ratio(herald: number, bare: number): number {
  return bare === 0 ? Number.NaN : round(herald / bare, 3);
}
