#!/usr/bin/env node
// The console's end-to-end test drives Debian's Chromium. On a fresh Debian machine where we are
// root, install it; anywhere else, say what to do. Playwright's own browser download cannot be
// used here: only the npm and Debian registries are reachable.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    console.error(`The console test needs ${CHROMIUM}: run "sudo apt-get install -y chromium".`);
    process.exit(1);
  }

  console.error('Installing Debian chromium for the console test (apt-get)...');
  execFileSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
