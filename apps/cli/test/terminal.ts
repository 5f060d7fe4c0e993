import { join } from 'node:path';
import { spawn } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { REPO_ROOT } from '../../api/test/helpers.ts';

const CLI = join(REPO_ROOT, 'apps/cli/bin/herald.mjs');

export const KEYS = {
  enter: '\r',
  up: '\u001b[A',
  down: '\u001b[B',
} as const;

export interface TerminalSession {
  /** Everything the terminal shows, scrollback included, as a person would read it. */
  text: () => string;
  /** The bytes the CLI wrote, escape sequences included. */
  raw: () => string;
  /** Resolves once the terminal shows `expected`; rejects with the screen after `timeoutMs`. */
  waitFor: (expected: string | RegExp, timeoutMs?: number) => Promise<void>;
  /** Resolves once `shows` holds for the screen's text. */
  waitUntil: (shows: (text: string) => boolean, timeoutMs?: number) => Promise<void>;
  type: (keys: string) => void;
  /** The exit code, once the CLI has finished. */
  exited: Promise<number>;
  hasExited: () => boolean;
}

/**
 * Runs the real `herald` CLI in a pseudo-terminal and reads it through a headless xterm, so
 * a test sees the screen a person sees (prompt redraws included) and types as they type.
 */
export function runInTerminal(
  args: string[],
  env: Record<string, string>,
  size = { cols: 120, rows: 40 },
): TerminalSession {
  const terminal = new xterm.Terminal({ ...size, allowProposedApi: true, scrollback: 5000 });
  const child = spawn(process.execPath, [CLI, ...args], {
    name: 'xterm-256color',
    ...size,
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', NO_COLOR: '1', ...env },
  });
  const watchers = new Set<() => void>();
  let written = '';

  child.onData((data) => {
    written += data;
    terminal.write(data, () => {
      for (const check of watchers) check();
    });
  });
  let finished = false;
  const exited = new Promise<number>((resolve) => {
    child.onExit(({ exitCode }) => {
      // Let xterm finish parsing what was written before the exit.
      terminal.write('', () => {
        finished = true;
        resolve(exitCode);
        for (const check of watchers) check();
      });
    });
  });

  const text = () => {
    const buffer = terminal.buffer.active;
    const lines: string[] = [];
    for (let index = 0; index < buffer.length; index++) {
      const line = buffer.getLine(index);
      const text = line?.translateToString(true) ?? '';
      // A row the terminal wrapped continues the line above: join them back.
      if (line?.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    return lines.join('\n').replace(/\n+$/, '');
  };

  const waitUntil = (predicate: (text: string) => boolean, timeoutMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const shows = () => predicate(text());
      if (shows()) {
        resolve();
        return;
      }
      const check = () => {
        if (!shows()) return;
        watchers.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        watchers.delete(check);
        reject(new Error(`The terminal never showed what was awaited. It shows:\n${text()}`));
      }, timeoutMs);
      watchers.add(check);
    });

  const waitFor = (expected: string | RegExp, timeoutMs?: number) =>
    waitUntil(
      (shown) => (typeof expected === 'string' ? shown.includes(expected) : expected.test(shown)),
      timeoutMs,
    ).catch((error: Error) => {
      throw new Error(`Waiting for ${String(expected)}: ${error.message}`);
    });

  return {
    text,
    raw: () => written,
    waitFor,
    waitUntil,
    type: (keys) => child.write(keys),
    exited,
    hasExited: () => finished,
  };
}
