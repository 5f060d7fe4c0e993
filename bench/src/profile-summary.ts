/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and prints where the time went: self time per
 * function, and the same rolled up by package, so a profile can be read without a browser.
 *   pnpm --filter @herald/bench profile bench/profiles/<file>.cpuprofile [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  name: string;
  where: string;
  selfMs: number;
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  byFunction: HotSpot[];
  byPackage: HotSpot[];
  /** Herald's own functions with the time spent in them and everything they called. */
  heraldInclusive: HotSpot[];
}

export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parents.set(child, node.id);
  }
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const totalUs = profile.endTime - profile.startTime;

  const byFunction = new Map<string, HotSpot>();
  const byPackage = new Map<string, HotSpot>();
  const inclusive = new Map<string, HotSpot>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const frame = nodes.get(at)!.callFrame;
      if (!/\/(apps|packages)\/[^/]+\/src\//.test(frame.url)) continue;
      const name = frame.functionName || '(anonymous)';
      const where = `${shorten(frame.url)}:${frame.lineNumber + 1}`;
      const key = `${name} ${where}`;
      if (seen.has(key)) continue;
      seen.add(key);
      add(inclusive, key, name, where, us);
    }
    const frame = nodes.get(id)!.callFrame;
    const name = frame.functionName || '(anonymous)';
    const where = `${shorten(frame.url)}:${frame.lineNumber + 1}`;
    add(byFunction, `${name} ${where}`, name, where, us);
    const pkg = packageOf(frame.url, name);
    add(byPackage, pkg, pkg, '', us);
  }
  const finish = (map: Map<string, HotSpot>) =>
    [...map.values()]
      .map((spot) => ({
        ...spot,
        selfMs: Math.round(spot.selfMs / 1000),
        percent: Math.round((spot.selfMs / totalUs) * 1000) / 10,
      }))
      .sort((a, b) => b.selfMs - a.selfMs);

  return {
    totalMs: Math.round(totalUs / 1000),
    byFunction: finish(byFunction),
    byPackage: finish(byPackage),
    heraldInclusive: finish(inclusive),
  };
}

function add(map: Map<string, HotSpot>, key: string, name: string, where: string, us: number) {
  const spot = map.get(key) ?? { name, where, selfMs: 0, percent: 0 };
  spot.selfMs += us;
  map.set(key, spot);
}

function shorten(url: string): string {
  const pnpm = url.match(/node_modules\/\.pnpm\/[^/]+\/node_modules\/(.+)$/);
  if (pnpm) return pnpm[1]!;
  return url.replace(/^file:\/\/.*?\/(apps|packages|bench)\//, '$1/');
}

function packageOf(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : '(native/builtin)';
  if (url.startsWith('node:')) return url;
  const pnpm = url.match(/node_modules\/\.pnpm\/[^/]+\/node_modules\/((@[^/]+\/)?[^/]+)/);
  if (pnpm) return pnpm[1]!;
  const workspace = url.match(/\/(apps|packages|bench)\/([^/]+)\//);
  return workspace ? `${workspace[1]}/${workspace[2]}` : url;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: profile-summary <file.cpuprofile> [top]');
    process.exit(2);
  }
  const top = Number(process.argv[3] ?? 30);
  const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  console.log(`profile: ${summary.totalMs} ms\n\nself time by package:`);
  for (const spot of summary.byPackage.slice(0, 15)) {
    console.log(
      `  ${String(spot.percent).padStart(5)} %  ${String(spot.selfMs).padStart(7)} ms  ` +
        `${spot.name}`,
    );
  }
  console.log("\nHerald's functions, inclusive of what they call:");
  for (const spot of summary.heraldInclusive.slice(0, top)) {
    console.log(
      `  ${String(spot.percent).padStart(5)} %  ${String(spot.selfMs).padStart(7)} ms  ` +
        `${spot.name}  ${spot.where}`,
    );
  }
  console.log('\nself time by function:');
  for (const spot of summary.byFunction.slice(0, top)) {
    console.log(
      `  ${String(spot.percent).padStart(5)} %  ${String(spot.selfMs).padStart(7)} ms  ` +
        `${spot.name}  ${spot.where}`,
    );
  }
}
