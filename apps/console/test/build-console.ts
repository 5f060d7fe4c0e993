import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const APP_DIR = resolve(import.meta.dirname, '..');
const BUILD_ID = join(APP_DIR, '.next/BUILD_ID');
const SOURCES = [
  join(APP_DIR, 'src'),
  join(APP_DIR, 'next.config.ts'),
  join(APP_DIR, 'package.json'),
  resolve(APP_DIR, '../../packages/domain/src'),
];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;

  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/**
 * The end-to-end test runs the console as people do, from `next build` output. Build it when
 * there is none or the sources changed since, so a turbo-cached build is reused as it is.
 */
export default function buildConsole(): void {
  const built = existsSync(BUILD_ID) ? statSync(BUILD_ID).mtimeMs : 0;
  if (built > Math.max(...SOURCES.map(newestChange))) return;

  const result = spawnSync(
    process.execPath,
    [join(APP_DIR, 'node_modules/next/dist/bin/next'), 'build'],
    {
      cwd: APP_DIR,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    },
  );
  if (result.status !== 0) {
    throw new Error(`next build failed (exit ${result.status}); see its output above`);
  }
}
