import { flattenedVerify } from 'jose';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  generateSigningSecret,
  signDelivery,
  signJws,
  signStandardWebhook,
  verifyJws,
} from './signing.ts';

const body = JSON.stringify({ id: 'abc', type: 'environment.push', state: 'complete' });
const input = { id: 'msg_2b0n9xQbMw', timestamp: Math.floor(Date.now() / 1000), body };

function headersOf(signature: string) {
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(input.timestamp),
    'webhook-signature': signature,
  };
}

describe('Standard Webhooks signature', () => {
  it('verifies with the standardwebhooks package for a generated whsec_ secret', () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);

    const signature = signStandardWebhook(secret, input);
    expect(new Webhook(secret).verify(body, headersOf(signature))).toEqual(JSON.parse(body));
  });

  it('keys a free-text shared key by its UTF-8 bytes', () => {
    const key = 'clé partagée';
    const signature = signStandardWebhook(key, input);
    const verifier = new Webhook(Buffer.from(key, 'utf8').toString('base64'));
    expect(() => verifier.verify(body, headersOf(signature))).not.toThrow();
  });

  it('fails for a tampered body, id or timestamp', () => {
    const secret = generateSigningSecret();
    const signature = signStandardWebhook(secret, input);
    const verifier = new Webhook(secret);

    const tampered = body.replace('complete', 'pending');
    expect(() => verifier.verify(tampered, headersOf(signature))).toThrow();
    expect(() =>
      verifier.verify(body, { ...headersOf(signature), 'webhook-id': 'msg_other' }),
    ).toThrow();
    expect(() =>
      verifier.verify(body, {
        ...headersOf(signature),
        'webhook-timestamp': String(input.timestamp + 1),
      }),
    ).toThrow();
  });

  it('signs with every secret during a rotation, each verifying alone', async () => {
    const [fresh, old] = [generateSigningSecret(), generateSigningSecret()];
    const headers = await signDelivery([fresh, old], input);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);

    for (const secret of [fresh, old]) {
      expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
    }
    expect(() => new Webhook(generateSigningSecret()).verify(body, headers)).toThrow();
  });
});

describe('X-JWS-Signature', () => {
  it('is a compact JWS with a detached, unencoded payload that jose verifies', async () => {
    const jws = await signJws('shared', body);
    const [header, payload, signature] = jws.split('.');
    expect(payload).toBe('');

    const verified = await flattenedVerify(
      { protected: header!, payload: body, signature: signature! },
      new TextEncoder().encode('shared'),
    );
    expect(verified.protectedHeader).toEqual({ alg: 'HS256', b64: false, crit: ['b64'] });
    expect(new TextDecoder().decode(verified.payload)).toBe(body);
  });

  it('fails for a tampered body or another key', async () => {
    const jws = await signJws('shared', body);
    expect(await verifyJws('shared', body, jws)).toBe(true);
    expect(await verifyJws('shared', `${body} `, jws)).toBe(false);
    expect(await verifyJws('other', body, jws)).toBe(false);
  });
});
