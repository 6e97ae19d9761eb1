import { isIP } from 'node:net';

/**
 * IP addresses as numbers, so that CIDR blocks become numeric intervals.
 * IPv4 fits a double exactly; IPv6 needs 128 bits, so it is a bigint.
 */
export type IpAddress = { readonly family: 4; readonly value: number } | { readonly family: 6; readonly value: bigint };

const IPV4_MAPPED_PREFIX = 0xffffn << 32n;
const IPV4_MAPPED_MASK = ~0xffffffffn & ((1n << 128n) - 1n);

/**
 * Parses a strict dotted quad ("203.0.113.7"). Rejects leading zeros ("010.1.1.1",
 * which some parsers read as octal), short forms ("127.1") and anything with spaces,
 * so that a lenient reading can never widen the allowlist.
 */
export function parseIpv4(text: string): number | undefined {
  const length = text.length;
  if (length < 7 || length > 15) return undefined;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (code >= 48 && code <= 57) {
      if (digits === 1 && octet === 0) return undefined;
      octet = octet * 10 + (code - 48);
      digits++;
      if (octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + octet;
}

/**
 * Parses an IPv6 address in any RFC 4291 text form, including "::" and an embedded
 * IPv4 tail. Addresses with a zone id ("fe80::1%eth0") are rejected: a zone only means
 * something on the host that wrote it, never for a sign-in's source address.
 */
export function parseIpv6(text: string): bigint | undefined {
  if (text.includes('%') || isIP(text) !== 6) return undefined;
  const halves = text.split('::');
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  const groups: number[] = [];
  const pushGroups = (parts: string[]): void => {
    for (const part of parts) {
      if (part.includes('.')) {
        const v4 = parseIpv4(part) as number;
        groups.push(Math.floor(v4 / 65536), v4 % 65536);
      } else {
        groups.push(parseInt(part, 16));
      }
    }
  };
  pushGroups(head);
  const headCount = groups.length;
  pushGroups(tail);
  if (halves.length === 2) {
    groups.splice(headCount, 0, ...new Array<number>(8 - groups.length).fill(0));
  }
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return value;
}

/**
 * Parses either family. An IPv4-mapped IPv6 address ("::ffff:203.0.113.7") is returned
 * as the IPv4 address it carries, so that IPv4 allowlist entries cover it.
 */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    if (value === undefined) return undefined;
    if ((value & IPV4_MAPPED_MASK) === IPV4_MAPPED_PREFIX) return { family: 4, value: Number(value & 0xffffffffn) };
    return { family: 6, value };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { family: 4, value };
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** RFC 5952 canonical text: lower case, leading zeros dropped, longest zero run as "::". */
export function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
