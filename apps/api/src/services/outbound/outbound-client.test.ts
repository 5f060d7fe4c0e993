import { type AddressInfo, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answerWith, startScriptedReceiver } from '../../../test/receivers.ts';
import { parseAddressPolicy } from './address-policy.ts';
import { DEFAULT_OUTBOUND_LIMITS, OutboundClient } from './outbound-client.ts';
import { OutboundError } from './outbound-error.ts';
import type { Resolver } from './resolver.ts';

const open: { close: () => Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((thing) => thing.close()));
});

function track<T extends { close: () => Promise<void> }>(thing: T): T {
  open.push(thing);
  return thing;
}

/** A resolver that answers from a script, one answer per lookup, and counts the lookups. */
function scriptedResolver(...answers: string[][]): Resolver & { lookups: number } {
  const resolver = Object.assign(
    async (_hostname: string) => {
      const answer = answers[Math.min(resolver.lookups, answers.length - 1)] ?? [];
      resolver.lookups += 1;
      return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }) as const);
    },
    { lookups: 0 },
  );

  return resolver;
}

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

describe('the outbound client refuses to be turned inwards', () => {
  it('does not dial a name that resolves to a private address', async () => {
    const receiver = track(await startScriptedReceiver(answerWith(200)));
    const client = track(new OutboundClient({ resolver: scriptedResolver(['127.0.0.1']) }));

    const error = await failure(
      client.postJson(`http://hooks.example.test:${receiver.port}/`, '{}'),
    );

    expect(error.kind).toBe('refused_address');
    expect(error.message).toBe(
      'hooks.example.test resolves to 127.0.0.1, is a loopback address; Herald does not send ' +
        'to it unless HERALD_OUTBOUND_ALLOW includes its range',
    );
    expect(receiver.arrivals).toHaveLength(0);
  });

  it('refuses a name when any one of its addresses is private', async () => {
    const client = track(
      new OutboundClient({ resolver: scriptedResolver(['93.184.215.14', '10.0.0.7']) }),
    );

    const error = await failure(client.postJson('http://mixed.example.test/', '{}'));

    expect(error.kind).toBe('refused_address');
    expect(error.message).toContain('10.0.0.7, is a private address');
  });

  it('refuses an address written in the URL itself', async () => {
    const receiver = track(await startScriptedReceiver(answerWith(200)));
    const client = track(new OutboundClient());

    const error = await failure(client.postJson(`${receiver.url}/`, '{}'));

    expect(error.kind).toBe('refused_address');
    expect(receiver.arrivals).toHaveLength(0);
    for (const url of ['http://[::1]/', 'http://[::ffff:7f00:1]/', 'http://169.254.169.254/']) {
      expect((await failure(client.postJson(url, '{}'))).kind).toBe('refused_address');
    }
  });

  it('connects to the address it checked, though the name answers otherwise later', async () => {
    // 127.0.0.2 stands for a public address the operator allowed, 127.0.0.1 for the internal
    // service a rebinding name points at on its second lookup. Both listen on the same port.
    const allowed = track(await startScriptedReceiver(answerWith(200), { host: '127.0.0.2' }));
    const internal = track(
      await startScriptedReceiver(answerWith(200, 'secret'), {
        host: '127.0.0.1',
        port: allowed.port,
      }),
    );
    const resolver = scriptedResolver(['127.0.0.2'], ['127.0.0.1']);
    const client = track(
      new OutboundClient({ resolver, policy: parseAddressPolicy('127.0.0.2/32') }),
    );

    const response = await client.postJson(`http://rebind.example.test:${allowed.port}/`, '{}');

    expect(response.statusCode).toBe(200);
    expect(allowed.arrivals).toHaveLength(1);
    expect(internal.arrivals).toHaveLength(0);
    expect(resolver.lookups).toBe(1);
  });

  it('checks a fresh connection again, so a rebound name is refused there', async () => {
    const internal = track(await startScriptedReceiver(answerWith(200, 'secret')));
    const resolver = scriptedResolver(['127.0.0.2'], ['127.0.0.1']);
    const client = track(
      new OutboundClient({ resolver, policy: parseAddressPolicy('127.0.0.2/32') }),
    );
    const url = `http://rebind.example.test:${internal.port}/`;

    // The first lookup passes the check but nothing listens on 127.0.0.2 at this port.
    expect((await failure(client.postJson(url, '{}'))).kind).toBe('connect');
    expect((await failure(client.postJson(url, '{}'))).kind).toBe('refused_address');
    expect(internal.arrivals).toHaveLength(0);
  });
});

describe('the outbound client keeps its limits', () => {
  it('defaults to connect 5 s, whole request 15 s and 16 KiB of response body', () => {
    expect(new OutboundClient().limits).toEqual(DEFAULT_OUTBOUND_LIMITS);
    expect(DEFAULT_OUTBOUND_LIMITS).toEqual({
      connectTimeoutMs: 5_000,
      requestTimeoutMs: 15_000,
      maxResponseBytes: 16_384,
    });
  });

  it('gives up on a connection that does not open within the connect timeout', async () => {
    // A TCP listener that never speaks TLS: the https connection never finishes opening.
    const sockets = new Set<Socket>();
    const listener = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    track({
      close: () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          listener.close(() => resolve());
        }),
    });
    const { port } = listener.address() as AddressInfo;
    const client = track(
      new OutboundClient({
        policy: parseAddressPolicy('127.0.0.0/8'),
        limits: { connectTimeoutMs: 300 },
      }),
    );

    const error = await failure(client.postJson(`https://127.0.0.1:${port}/`, '{}'));

    expect(error.kind).toBe('connect_timeout');
    expect(error.message).toBe(`No connection to 127.0.0.1:${port} within 300ms`);
  });

  it('says when a name does not resolve, and keeps the save-time check to a warning', async () => {
    const resolver: Resolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    const client = track(new OutboundClient({ resolver }));

    expect(await client.checkTarget('https://not-yet.example.test/hook')).toEqual({
      status: 'unresolved',
      message:
        'not-yet.example.test does not resolve yet (ENOTFOUND); every send will look it up again',
    });
    expect((await failure(client.postJson('https://not-yet.example.test/', '{}'))).kind).toBe(
      'dns',
    );
  });

  it('checks a target at save time like at send time', async () => {
    const client = track(
      new OutboundClient({ resolver: scriptedResolver(['93.184.215.14'], ['192.168.0.1']) }),
    );

    expect(await client.checkTarget('https://hooks.example.test/')).toEqual({
      status: 'ok',
      addresses: ['93.184.215.14'],
    });
    expect(await client.checkTarget('https://hooks.example.test/')).toMatchObject({
      status: 'refused',
    });
    expect(await client.checkTarget('http://[fd00::1]:8080/')).toMatchObject({
      status: 'refused',
      message: expect.stringContaining('fd00::1 is a unique-local address'),
    });
  });
});
