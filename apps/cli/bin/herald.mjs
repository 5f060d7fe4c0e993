#!/usr/bin/env node
// Starts the CLI from one bundled JavaScript file: compiling the TypeScript sources on every call
// through tsx cost five times the CPU of the command itself. The bundle is rebuilt here whenever
// a source it was made from is newer, so an edited checkout never runs stale code; without
// esbuild (a trimmed install) the sources run through tsx as before.
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CLI_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPO_ROOT = join(CLI_DIR, '..', '..');
const BUNDLE = join(CLI_DIR, 'dist', 'herald.mjs');
const ENTRY = join(CLI_DIR, 'src', 'main.ts');
/** What the bundle is made of: Herald's sources and, through the lockfile, its dependencies. */
const SOURCES = [
  join(CLI_DIR, 'src'),
  join(REPO_ROOT, 'packages', 'domain', 'src'),
  join(CLI_DIR, 'package.json'),
  join(REPO_ROOT, 'pnpm-lock.yaml'),
];

function newestChange(path) {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;

  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

function bundleIsCurrent() {
  const bundle = statSync(BUNDLE, { throwIfNoEntry: false });
  return bundle !== undefined && SOURCES.every((source) => newestChange(source) < bundle.mtimeMs);
}

async function buildBundle() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return false;
  }

  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    // Some dependencies are CommonJS and call require(); an ES module has none of its own.
    banner: {
      js:
        "import { createRequire as heraldRequire } from 'node:module';\n" +
        'const require = heraldRequire(import.meta.url);',
    },
  });
  const [output] = result.outputFiles;
  // Several CLIs may start at once (tests do): each writes its own file and renames it into
  // place, so none ever reads a half-written bundle.
  const temporary = `${BUNDLE}.${process.pid}.tmp`;
  mkdirSync(dirname(BUNDLE), { recursive: true });
  writeFileSync(temporary, output.contents);
  renameSync(temporary, BUNDLE);
  return true;
}

if (bundleIsCurrent() || (await buildBundle())) {
  const { main } = await import(pathToFileURL(BUNDLE).href);
  await main();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/main.ts');
  await main();
}
