import { describe, expect, it } from 'vitest';
import { checkAddress, parseAddressPolicy, STRICT_POLICY } from './address-policy.ts';

describe('the outbound address policy', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.254', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'ipv4Mapped'],
    ['::ffff:8.8.8.8', 'ipv4Mapped'],
    ['2001:db8::1', 'reserved'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:a00:1::1', '6to4'],
  ])('refuses %s (%s)', (address, range) => {
    const verdict = checkAddress(STRICT_POLICY, address);

    expect(verdict).toMatchObject({ allowed: false, range });
  });

  it('names the range in words', () => {
    expect(checkAddress(STRICT_POLICY, '100.64.0.1')).toMatchObject({
      reason: 'a carrier-grade NAT (CGNAT) address',
    });
    expect(checkAddress(STRICT_POLICY, '::ffff:10.0.0.1')).toMatchObject({
      reason: 'an IPv4-mapped IPv6 address',
    });
  });

  it.each(['93.184.215.14', '8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450::1'])(
    'lets the public address %s through',
    (address) => {
      expect(checkAddress(STRICT_POLICY, address)).toEqual({ allowed: true });
    },
  );

  it('lets through exactly what HERALD_OUTBOUND_ALLOW opens', () => {
    const policy = parseAddressPolicy('127.0.0.0/8, 10.20.0.0/16 fd00::/8 192.168.5.5');

    expect(checkAddress(policy, '127.0.0.1').allowed).toBe(true);
    expect(checkAddress(policy, '::ffff:127.0.0.1').allowed).toBe(true);
    expect(checkAddress(policy, '10.20.9.9').allowed).toBe(true);
    expect(checkAddress(policy, '10.21.0.1').allowed).toBe(false);
    expect(checkAddress(policy, 'fd00::5').allowed).toBe(true);
    expect(checkAddress(policy, '192.168.5.5').allowed).toBe(true);
    expect(checkAddress(policy, '192.168.5.6').allowed).toBe(false);
    expect(checkAddress(policy, '::1').allowed).toBe(false);
    expect(checkAddress(policy, '169.254.169.254').allowed).toBe(false);
  });

  it('refuses an allow list entry that is not a range, naming it', () => {
    expect(() => parseAddressPolicy('10.0.0.0/8,intranet')).toThrow(
      '"intranet" is not a CIDR range such as 10.0.0.0/8 or fd00::/8',
    );
    expect(() => parseAddressPolicy('10.0.0.0/33')).toThrow('"10.0.0.0/33"');
  });
});
