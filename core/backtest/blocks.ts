import { formatIpv4, formatIpv6, parseIp } from '../detect/ip';

/**
 * The widest blocks a backtest may suggest, as prefix lengths: a suggestion is never
 * shorter than these. `--max-prefix 28,64` narrows them; they are never widened past
 * /24 and /48, which already span a whole office or site.
 */
export interface PrefixLimits {
  readonly v4: number;
  readonly v6: number;
}

export const DEFAULT_PREFIX_LIMITS: PrefixLimits = { v4: 24, v6: 48 };

/** Where an IPv4 cluster ends: a /24 unless the limit is narrower. */
const clusterPrefix4 = (limits: PrefixLimits): number => Math.max(24, limits.v4);
/** IPv6 clusters are a site (/48); within one, a customer's delegated prefix (/56) is the finer unit. */
const clusterPrefix6 = (limits: PrefixLimits): number => Math.max(48, limits.v6);
const customerPrefix6 = (limits: PrefixLimits): number => Math.max(56, limits.v6);

export interface AddressCount {
  readonly address: string;
  readonly count: number;
}

/** One cluster of source addresses outside the allowlist and the block that covers it. */
export interface SuggestedBlock {
  /** A CIDR block without host bits, ready for `allowedCidrs` once someone recognises it. */
  readonly block: string;
  /** Alerts from addresses in the block. */
  readonly alerts: number;
  /** The addresses it was made from, most alerts first. */
  readonly addresses: readonly AddressCount[];
}

export interface BlockSuggestions {
  readonly blocks: readonly SuggestedBlock[];
  /** Source values that are no IP address ("AWS Internal", empty): no block can cover them. */
  readonly notAddresses: readonly AddressCount[];
}

const byCountThenText = (a: AddressCount, b: AddressCount): number => b.count - a.count || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);

interface Cluster<T> {
  low: T;
  high: T;
  alerts: number;
  addresses: AddressCount[];
}

function addTo<T extends number | bigint>(clusters: Map<T, Cluster<T>>, key: T, value: T, entry: AddressCount): void {
  const cluster = clusters.get(key);
  if (cluster === undefined) {
    clusters.set(key, { low: value, high: value, alerts: entry.count, addresses: [entry] });
    return;
  }
  if (value < cluster.low) cluster.low = value;
  if (value > cluster.high) cluster.high = value;
  cluster.alerts += entry.count;
  cluster.addresses.push(entry);
}

/** The longest prefix whose block holds both ends: the tightest covering block. */
function tightestPrefix4(low: number, high: number): number {
  return Math.clz32((low ^ high) >>> 0);
}

function block4(low: number, high: number): string {
  const prefix = tightestPrefix4(low, high);
  const size = 2 ** (32 - prefix);
  return `${formatIpv4(low - (low % size))}/${prefix}`;
}

function block6(low: bigint, high: bigint, limits: PrefixLimits): string {
  const customer = customerPrefix6(limits);
  const shift = BigInt(128 - customer);
  // Privacy addresses rotate inside a customer's prefix, so a single address still gets the /56.
  const prefix = low >> shift === high >> shift ? customer : clusterPrefix6(limits);
  const mask = (1n << BigInt(128 - prefix)) - 1n;
  return `${formatIpv6(low & ~mask)}/${prefix}`;
}

/**
 * Groups source addresses into clusters (the same /24 for IPv4, the same /48 for IPv6,
 * or narrower when `limits` says so) and suggests one block per cluster: for IPv4 the
 * tightest block holding its addresses, for IPv6 their /56 or else the /48. Every block
 * holds the addresses it was made from and is never wider than `limits`.
 */
export function suggestBlocks(counts: Iterable<readonly [string, number]>, limits: PrefixLimits = DEFAULT_PREFIX_LIMITS): BlockSuggestions {
  const v4 = new Map<number, Cluster<number>>();
  const v6 = new Map<bigint, Cluster<bigint>>();
  const notAddresses: AddressCount[] = [];
  const size4 = 2 ** (32 - clusterPrefix4(limits));
  const shift6 = BigInt(128 - clusterPrefix6(limits));
  for (const [address, count] of counts) {
    const parsed = parseIp(address);
    const entry = { address, count };
    if (parsed === undefined) notAddresses.push(entry);
    else if (parsed.family === 4) addTo(v4, Math.floor(parsed.value / size4), parsed.value, entry);
    else addTo(v6, parsed.value >> shift6, parsed.value, entry);
  }
  const blocks: SuggestedBlock[] = [
    ...[...v4.values()].map((cluster) => ({ block: block4(cluster.low, cluster.high), alerts: cluster.alerts, addresses: cluster.addresses.sort(byCountThenText) })),
    ...[...v6.values()].map((cluster) => ({ block: block6(cluster.low, cluster.high, limits), alerts: cluster.alerts, addresses: cluster.addresses.sort(byCountThenText) })),
  ];
  blocks.sort((a, b) => b.alerts - a.alerts || (a.block < b.block ? -1 : 1));
  return { blocks, notAddresses: notAddresses.sort(byCountThenText) };
}

/**
 * Reads `--max-prefix`: "28" (IPv4 only) or "28,64" (IPv4, IPv6). Returns the limits, or
 * the one-line reason the text is not usable.
 */
export function parsePrefixLimits(text: string): PrefixLimits | { readonly problem: string } {
  const match = /^(\d{1,2})(?:,(\d{1,3}))?$/.exec(text.trim());
  const v4 = match === null ? Number.NaN : Number(match[1]);
  const v6 = match?.[2] === undefined ? DEFAULT_PREFIX_LIMITS.v6 : Number(match[2]);
  if (!(v4 >= 0 && v4 <= 32) || !(v6 >= 0 && v6 <= 128)) {
    return { problem: `--max-prefix: "${text}" is not IPV4[,IPV6] prefix lengths, such as 24 or 28,64 (IPv4 0 to 32, IPv6 0 to 128)` };
  }
  return { v4, v6 };
}
