/**
 * The simplest thing that drains an outbox table: take due rows in batches, POST each body to
 * the receiver through undici's keep-alive pool, mark the row sent. No leases, no signing, no
 * attempt log, no integration lookup. Runs in its own process so its memory can be measured
 * the way the API's is. argv: <sqlite file> <receiver url> <concurrency> <seconds>
 */
import Database from 'better-sqlite3';
import { Agent, request } from 'undici';

const [file, url, concurrencyText, secondsText] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const deadline = performance.now() + Number(secondsText) * 1000;

const sqlite = new Database(file!);
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('synchronous = NORMAL');
sqlite.pragma('busy_timeout = 5000');
const due = sqlite.prepare(
  `select id, body from deliveries where status = 'pending' and next_attempt_at <= ?
   order by next_attempt_at limit ?`,
);
const markSent = sqlite.prepare(
  `update deliveries set status = 'succeeded', attempt_count = attempt_count + 1,
   completed_at = ? where id = ?`,
);
const agent = new Agent({ keepAliveTimeout: 60_000 });

let queue: { id: string; body: string }[] = [];
const inFlight = new Set<string>();
let sent = 0;

/** Due rows not already being sent; the in-flight ones are still pending, so they are skipped. */
function nextDelivery(): { id: string; body: string } | undefined {
  if (queue.length === 0) {
    const rows = due.all(Date.now(), concurrency * 5) as typeof queue;
    queue = rows.filter((row) => !inFlight.has(row.id));
  }
  const delivery = queue.shift();
  if (delivery) inFlight.add(delivery.id);
  return delivery;
}

async function worker(): Promise<void> {
  while (performance.now() < deadline) {
    const delivery = nextDelivery();
    if (delivery === undefined) return;
    const response = await request(url!, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json' },
      body: delivery.body,
    });
    await response.body.dump();
    markSent.run(new Date().toISOString(), delivery.id);
    inFlight.delete(delivery.id);
    sent += 1;
  }
}

await Promise.all(Array.from({ length: concurrency }, worker));
await agent.close();
sqlite.close();
process.send?.({ type: 'done', sent });
