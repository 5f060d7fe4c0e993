import { describe, expect, it } from 'vitest';
import {
  defaultEnvironmentSettings,
  maskEnvironmentSettings,
  parseAccessRule,
  parseBasicAuth,
} from './environment-settings.ts';

describe('environment settings', () => {
  it('reads access rules, storing a single address as a range', () => {
    expect(parseAccessRule('allow:192.0.2.7')).toEqual({
      permission: 'allow',
      address: '192.0.2.7/32',
    });
    expect(parseAccessRule('deny:2001:db8::/32')).toEqual({
      permission: 'deny',
      address: '2001:db8::/32',
    });
    expect(parseAccessRule('deny:any')).toEqual({ permission: 'deny', address: 'any' });
    expect(() => parseAccessRule('permit:any')).toThrow('allow or deny');
    expect(() => parseAccessRule('allow:999.1.1.1')).toThrow('not an IP address');
  });

  it('masks basic-auth passwords', () => {
    const settings = defaultEnvironmentSettings('development');
    settings.http_access.basic_auth = { [parseBasicAuth('bob:s3cret')[0]]: 's3cret' };
    expect(maskEnvironmentSettings(settings).http_access.basic_auth).toEqual({ bob: '******' });
    expect(() => parseBasicAuth('bob')).toThrow('USER:PASSWORD');
  });

  it('indexes and mails from production only, by default', () => {
    expect(defaultEnvironmentSettings('production')).toMatchObject({
      restrict_robots: false,
      enable_smtp: true,
    });
    expect(defaultEnvironmentSettings('development')).toMatchObject({
      restrict_robots: true,
      enable_smtp: false,
    });
  });
});
