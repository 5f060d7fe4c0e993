/**
 * The webhook receiver of the end-to-end benchmarks, in a process of its own so it neither
 * shares a core's event loop with Herald nor with the bare loop. Node's server keeps
 * connections alive, as a real receiver would. The parent drives it over IPC.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReceiverCommand, ReceiverMessage, ReceiverStats } from './receiver.ts';

let openConnections = 0;
let stats = emptyStats(false);

function emptyStats(latency: boolean): ReceiverStats & { latency: boolean } {
  return {
    latency,
    count: 0,
    peakConnections: openConnections,
    firstAt: 0,
    lastAt: 0,
    latenciesMs: [],
  };
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

const COMPLETED_AT = /"completed_at":"([^"]+)"/;

const server = createServer((request, response) => {
  const arrivedAt = wallNow();
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    if (stats.latency) {
      const sentAt = originOf(request.headers['x-bench-sent'], chunks);
      if (sentAt !== null) stats.latenciesMs.push(arrivedAt - sentAt);
    }
    stats.count += 1;
    if (stats.firstAt === 0) stats.firstAt = arrivedAt;
    stats.lastAt = arrivedAt;
    response.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 });
    response.end('ok');
  });
});
server.keepAliveTimeout = 60_000;
// A client with N requests in flight over keep-alive holds N connections: the peak shows it.
server.on('connection', (socket) => {
  openConnections += 1;
  stats.peakConnections = Math.max(stats.peakConnections, openConnections);
  socket.once('close', () => {
    openConnections -= 1;
  });
});

/** When the thing being timed began: the bare loop says so in a header, Herald's body in JSON. */
function originOf(header: string | string[] | undefined, chunks: Buffer[]): number | null {
  if (typeof header === 'string') return Number(header);

  const match = COMPLETED_AT.exec(Buffer.concat(chunks).toString('utf8'));
  return match?.[1] ? Date.parse(match[1]) : null;
}

function reply(message: ReceiverMessage): void {
  process.send?.(message);
}

process.on('message', (command: ReceiverCommand) => {
  if (command.type === 'reset') {
    stats = emptyStats(command.latency);
    reply({ type: 'reset' });
  } else if (command.type === 'stats') {
    const { latency: _, ...rest } = stats;
    reply({
      type: 'stats',
      stats: { ...rest, latenciesMs: command.latencies ? rest.latenciesMs : [] },
    });
  } else if (command.type === 'stop') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  reply({ type: 'ready', port: (server.address() as AddressInfo).port });
});
