import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { inheritedEnv } from './env.ts';

export interface ReceiverStats {
  count: number;
  /** Most connections open at once since the last reset: about the senders' concurrency. */
  peakConnections: number;
  /** Wall-clock ms of the first and last request's arrival since the last reset. */
  firstAt: number;
  lastAt: number;
  /** Per request: arrival of its headers minus when its sender says it began. */
  latenciesMs: number[];
}

export type ReceiverCommand =
  | { type: 'reset'; latency: boolean }
  | { type: 'stats'; latencies: boolean }
  | { type: 'stop' };

export type ReceiverMessage =
  | { type: 'ready'; port: number }
  | { type: 'reset' }
  | { type: 'stats'; stats: ReceiverStats };

export interface Receiver {
  url: string;
  pid: number;
  /** Zeroes the counters; with `latency`, records each request's latency too. */
  reset: (options?: { latency?: boolean }) => Promise<void>;
  stats: (options?: { latencies?: boolean }) => Promise<ReceiverStats>;
  stop: () => Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./receiver-process.ts', import.meta.url));

/** Starts the receiver in its own process on an ephemeral port of 127.0.0.1. */
export async function startReceiver(): Promise<Receiver> {
  const child = fork(SCRIPT, [], {
    execArgv: ['--import', 'tsx'],
    env: inheritedEnv(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await nextMessage(child, 'ready');
  if (ready.type !== 'ready') throw new Error('The receiver did not start');

  return {
    url: `http://127.0.0.1:${ready.port}/hook`,
    pid: child.pid!,
    reset: async (options = {}) => {
      child.send({ type: 'reset', latency: options.latency ?? false } satisfies ReceiverCommand);
      await nextMessage(child, 'reset');
    },
    stats: async (options = {}) => {
      child.send({
        type: 'stats',
        latencies: options.latencies ?? false,
      } satisfies ReceiverCommand);
      const message = await nextMessage(child, 'stats');
      if (message.type !== 'stats') throw new Error('The receiver answered out of turn');
      return message.stats;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' } satisfies ReceiverCommand);
      await Promise.race([once(child, 'exit'), sleep(5_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

function nextMessage(child: ChildProcess, type: ReceiverMessage['type']): Promise<ReceiverMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`The receiver sent no "${type}" in 30 s`)),
      30_000,
    );
    const onMessage = (message: ReceiverMessage) => {
      if (message.type === type) done(null, message);
    };
    const onExit = () => done(new Error('The receiver exited'));
    function done(error: Error | null, message?: ReceiverMessage) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message!);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
