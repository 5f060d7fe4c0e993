import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('createLogger', () => {
  it('masks secret fields at any depth and keeps ids', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger('info', sink);

    logger.info(
      {
        integration_id: 'abc',
        token_id: 'def',
        settings: { shared_key: 'whsec_one', url: 'https://example.com' },
        headers: [{ authorization: 'Bearer hrld_two' }],
        hook_secret: 'three',
        routing_key: 'four',
      },
      'saved',
    );

    const text = lines.join('');
    for (const secret of ['whsec_one', 'hrld_two', 'three', 'four']) {
      expect(text).not.toContain(secret);
    }
    expect(JSON.parse(text)).toMatchObject({
      integration_id: 'abc',
      token_id: 'def',
      settings: { shared_key: '******', url: 'https://example.com' },
    });
  });
});
