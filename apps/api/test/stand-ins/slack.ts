import { type StandInAnswer, type StandInRequest, startHttpStandIn } from './http-stand-in.ts';
import { WaitableList } from './waiter.ts';

export interface SlackPost {
  channel: string;
  text?: string;
  blocks?: { type: string; [key: string]: unknown }[];
}

export interface SlackStandIn {
  /** The Web API base URL, like https://slack.com/api. */
  apiUrl: string;
  /** Every call, accepted or refused. */
  calls: StandInRequest[];
  /** The messages it accepted, as posted. */
  accepted: WaitableList<SlackPost>;
  /** Answers the next `count` calls with HTTP 429, as Slack does past its rate limit. */
  rateLimitNext: (count: number, retryAfterSeconds?: number) => void;
  close: () => Promise<void>;
}

// The block types chat.postMessage accepts in a message; anything else is invalid_blocks.
const BLOCK_TYPES = new Set([
  'actions',
  'context',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'rich_text',
  'section',
  'video',
]);

/**
 * A stand-in for Slack's `chat.postMessage` that refuses what Slack refuses, the way Slack does:
 * HTTP 200 with `{"ok": false, "error": ...}` (not_authed, invalid_auth, channel_not_found,
 * no_text, invalid_blocks, invalid_json), and 429 with Retry-After when rate limited.
 */
export async function startSlackStandIn(options: {
  token: string;
  /** Channel IDs by name, e.g. { ops: 'C0OPS0001' }. */
  channels: Record<string, string>;
}): Promise<SlackStandIn> {
  const calls: StandInRequest[] = [];
  const accepted = new WaitableList<SlackPost>();
  let limited = 0;
  let retryAfter = 1;

  const answer = (request: StandInRequest): StandInAnswer => {
    calls.push(request);
    if (request.path !== '/api/chat.postMessage') {
      return { status: 404, body: { ok: false, error: 'unknown_method' } };
    }
    if (limited > 0) {
      limited -= 1;
      return {
        status: 429,
        headers: { 'retry-after': String(retryAfter) },
        body: { ok: false, error: 'ratelimited' },
      };
    }

    return postMessage(request);
  };

  const refuse = (error: string): StandInAnswer => ({ status: 200, body: { ok: false, error } });

  const postMessage = (request: StandInRequest): StandInAnswer => {
    const header = request.headers.authorization;
    if (header === undefined) return refuse('not_authed');
    if (header !== `Bearer ${options.token}`) return refuse('invalid_auth');
    if (!String(request.headers['content-type']).startsWith('application/json')) {
      return refuse('invalid_form_data');
    }

    let post: SlackPost;
    try {
      post = JSON.parse(request.body) as SlackPost;
    } catch {
      return refuse('invalid_json');
    }
    const channelId = findChannel(options.channels, post.channel);
    if (channelId === undefined) return refuse('channel_not_found');
    if (!post.text && !post.blocks?.length) return refuse('no_text');
    if (post.blocks !== undefined && !validBlocks(post.blocks)) return refuse('invalid_blocks');

    accepted.push(post);
    const ts = `${Math.floor(Date.now() / 1000)}.${String(accepted.items.length).padStart(6, '0')}`;
    return {
      status: 200,
      body: { ok: true, channel: channelId, ts, message: { type: 'message', text: post.text, ts } },
    };
  };

  const server = await startHttpStandIn(answer);
  return {
    apiUrl: `${server.url}/api`,
    calls,
    accepted,
    rateLimitNext: (count, seconds = 1) => {
      limited = count;
      retryAfter = seconds;
    },
    close: server.close,
  };
}

/** Slack takes a channel by ID or by name, with or without its `#`. */
function findChannel(channels: Record<string, string>, given: unknown): string | undefined {
  if (typeof given !== 'string' || given === '') return undefined;
  const name = given.replace(/^#/, '');
  if (channels[name] !== undefined) return channels[name];

  return Object.values(channels).includes(given) ? given : undefined;
}

function validBlocks(blocks: unknown): boolean {
  if (!Array.isArray(blocks) || blocks.length > 50) return false;

  return blocks.every((block) => {
    const type = (block as { type?: unknown }).type;
    if (typeof type !== 'string' || !BLOCK_TYPES.has(type)) return false;
    if (type !== 'header') return true;
    // A header holds plain text only, at most 150 characters.
    const text = (block as { text?: { type?: string; text?: string } }).text;
    return text?.type === 'plain_text' && typeof text.text === 'string' && text.text.length <= 150;
  });
}
