import { describe, expect, it } from 'vitest';
import { readEnv } from './env.ts';

describe('the delivery settings of the environment', () => {
  it('default to the platform schedule, 5 s to connect and 15 s for the whole request', () => {
    const env = readEnv({});

    expect(env.HERALD_RETRY_SCHEDULE).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    expect(env.HERALD_OUTBOUND_CONNECT_TIMEOUT).toBe(5_000);
    expect(env.HERALD_OUTBOUND_TIMEOUT).toBe(15_000);
    expect(env.HERALD_DISPATCH_LEASE).toBe(60_000);
    expect(env.HERALD_OUTBOUND_ALLOW.allow).toEqual([]);
  });

  it('take a schedule of its own per installation', () => {
    expect(readEnv({ HERALD_RETRY_SCHEDULE: '1s, 1m,1h' }).HERALD_RETRY_SCHEDULE).toEqual([
      1_000, 60_000, 3_600_000,
    ]);
  });

  it('name what is wrong', () => {
    expect(() =>
      readEnv({ HERALD_RETRY_SCHEDULE: '5s,soon', HERALD_OUTBOUND_ALLOW: '10.0.0.0/8,lan' }),
    ).toThrow(
      'Invalid environment:\n' +
        '  HERALD_OUTBOUND_ALLOW: "lan" is not a CIDR range such as 10.0.0.0/8 or fd00::/8\n' +
        '  HERALD_RETRY_SCHEDULE: "soon" is not a duration; write the waits like 5s,5m,30m,2h',
    );
    expect(() => readEnv({ HERALD_OUTBOUND_TIMEOUT: '40s' })).toThrow(
      'HERALD_DISPATCH_LEASE: must be at least twice HERALD_OUTBOUND_TIMEOUT (40s)',
    );
  });
});

describe('the data directory', () => {
  it('resolves a relative path against the folder pnpm was run in, not the package', () => {
    const env = readEnv({ INIT_CWD: '/srv/herald', HERALD_DATA_DIR: './data' });

    expect(env.HERALD_DATA_DIR).toBe('/srv/herald/data');
  });

  it('keeps an absolute path as given', () => {
    expect(
      readEnv({ INIT_CWD: '/srv/herald', HERALD_DATA_DIR: '/var/lib/herald' }).HERALD_DATA_DIR,
    ).toBe('/var/lib/herald');
  });
});
