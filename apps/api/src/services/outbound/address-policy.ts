import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** CIDR ranges an operator opened with HERALD_OUTBOUND_ALLOW, e.g. a private network of hooks. */
export interface AddressPolicy {
  allow: readonly [Address, number][];
}

export const STRICT_POLICY: AddressPolicy = { allow: [] };

/**
 * Reads a comma- or space-separated list of CIDR ranges (a bare address is a range of one);
 * throws naming the first entry that is not one.
 */
export function parseAddressPolicy(text: string): AddressPolicy {
  const allow: [Address, number][] = [];
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    allow.push(parseRange(entry));
  }

  return { allow };
}

function parseRange(entry: string): [Address, number] {
  try {
    if (entry.includes('/')) {
      return ipaddr.parseCIDR(entry);
    }
    const address = ipaddr.parse(entry);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    throw new Error(`"${entry}" is not a CIDR range such as 10.0.0.0/8 or fd00::/8`);
  }
}

/** What an address is, in words an operator recognises, for every range Herald refuses. */
const RANGE_NAMES: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT (CGNAT) address',
  private: 'a private address',
  reserved: 'a reserved address',
  uniqueLocal: 'a unique-local address',
  ipv4Mapped: 'an IPv4-mapped IPv6 address',
};

export type AddressVerdict = { allowed: true } | { allowed: false; range: string; reason: string };

/**
 * Only public unicast addresses may be reached, unless the operator allowed a range. Everything
 * else (private, loopback, link-local, CGNAT, multicast, reserved, unique-local, IPv4-mapped,
 * the IPv6 transition ranges that embed IPv4) could reach Herald's own network.
 */
export function checkAddress(policy: AddressPolicy, text: string): AddressVerdict {
  if (!ipaddr.isValid(text)) {
    return { allowed: false, range: 'invalid', reason: `"${text}" is not an IP address` };
  }

  const address = ipaddr.parse(text);
  const range = address.range();
  if (range === 'unicast' || isAllowed(policy, address)) {
    return { allowed: true };
  }

  return {
    allowed: false,
    range,
    reason: RANGE_NAMES[range] ?? `an address of the special-purpose range "${range}"`,
  };
}

function isAllowed(policy: AddressPolicy, address: Address): boolean {
  // An IPv4-mapped address reaches the IPv4 host it embeds: allowing 127.0.0.0/8 allows
  // ::ffff:127.0.0.1 too, and nothing else is allowed through the mapping.
  const candidates: Address[] = [address];
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    candidates.push((address as ipaddr.IPv6).toIPv4Address());
  }

  return candidates.some((candidate) =>
    policy.allow.some(
      ([network, bits]) => network.kind() === candidate.kind() && candidate.match(network, bits),
    ),
  );
}
