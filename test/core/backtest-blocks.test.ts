import fc from 'fast-check';
import { Allowlist, parseCidr } from '../../core/detect/allowlist';
import { DEFAULT_PREFIX_LIMITS, parsePrefixLimits, suggestBlocks } from '../../core/backtest/blocks';

const CASES = 1_000;

describe('suggestBlocks', () => {
  it('suggests the tightest IPv4 block within a /24 and one block per /24', () => {
    // Act
    const { blocks } = suggestBlocks([
      ['198.51.100.7', 30],
      ['198.51.100.20', 5],
      ['203.0.113.9', 2],
    ]);

    // Assess
    expect(blocks.map(({ block, alerts, addresses }) => [block, alerts, addresses.map((entry) => entry.address)])).toEqual([
      ['198.51.100.0/27', 35, ['198.51.100.7', '198.51.100.20']],
      ['203.0.113.9/32', 2, ['203.0.113.9']],
    ]);
  });

  it('suggests the /56 of IPv6 addresses that share one, else their /48', () => {
    // Act
    const { blocks } = suggestBlocks([
      ['2001:db8:1:ff::1', 3],
      ['2001:db8:1:ff:abcd::9', 1],
      ['2001:db8:2:100::1', 2],
      ['2001:db8:2:200::1', 2],
    ]);

    // Assess
    expect(blocks.map(({ block, alerts }) => [block, alerts])).toEqual([
      ['2001:db8:1::/56', 4],
      ['2001:db8:2::/48', 4],
    ]);
  });

  it('keeps IPv4-mapped IPv6 addresses with IPv4 and lists values that are no address apart', () => {
    // Act
    const { blocks, notAddresses } = suggestBlocks([
      ['::ffff:198.51.100.7', 1],
      ['198.51.100.8', 1],
      ['AWS Internal', 4],
      ['(no address)', 1],
    ]);

    // Assess
    expect(blocks.map((entry) => entry.block)).toEqual(['198.51.100.0/28']);
    expect(notAddresses).toEqual([
      { address: 'AWS Internal', count: 4 },
      { address: '(no address)', count: 1 },
    ]);
  });

  it('never suggests a block wider than --max-prefix', () => {
    // Act
    const { blocks } = suggestBlocks(
      [
        ['198.51.100.1', 1],
        ['198.51.100.200', 1],
        ['2001:db8:1:100::1', 1],
      ],
      { v4: 28, v6: 64 },
    );

    // Assess
    expect(blocks.map((entry) => entry.block).sort()).toEqual(['198.51.100.1/32', '198.51.100.200/32', '2001:db8:1:100::/64']);
  });
});

describe('suggestBlocks, property-based', () => {
  const address = fc.oneof(
    fc.ipV4(),
    fc.ipV6(),
    fc.ipV4().map((v4) => `::ffff:${v4}`),
    // Addresses that crowd into few /24s and /48s, so that clusters hold several.
    fc.tuple(fc.constantFrom('198.51.100', '203.0.113', '192.0.2'), fc.nat(255)).map(([net, host]) => `${net}.${host}`),
    fc.tuple(fc.constantFrom('2001:db8:1', '2001:db8:2'), fc.nat(0xffff), fc.nat(0xffff)).map(([net, subnet, host]) => `${net}:${subnet.toString(16)}::${host.toString(16)}`),
  );
  const limits = fc.record({ v4: fc.integer({ min: 0, max: 32 }), v6: fc.integer({ min: 0, max: 128 }) });

  beforeAll(() => {
    console.log(`property tests, suggested blocks: ${CASES} address sets with random --max-prefix`);
  });

  it('every suggested block holds the addresses it was made from, is a valid CIDR and is no wider than --max-prefix', () => {
    fc.assert(
      fc.property(fc.uniqueArray(address, { minLength: 1, maxLength: 40 }), limits, (addresses, prefixLimits) => {
        // Act
        const { blocks } = suggestBlocks(
          addresses.map((entry) => [entry, 1]),
          prefixLimits,
        );

        // Assess
        for (const { block, addresses: members } of blocks) {
          const parsed = parseCidr(block);
          if (!parsed.ok) throw new Error(`${block} is not a valid CIDR (${parsed.problem})`);
          const limit = parsed.block.family === 4 ? prefixLimits.v4 : prefixLimits.v6;
          if (parsed.block.prefix < limit) throw new Error(`${block} is wider than /${limit}`);
          const allowlist = Allowlist.fromCidrs([block]);
          const outside = members.find((member) => !allowlist.contains(member.address));
          if (outside !== undefined) throw new Error(`${block} does not hold ${outside.address}`);
        }
        // Every address is in exactly one block.
        return blocks.reduce((sum, entry) => sum + entry.addresses.length, 0) === addresses.length;
      }),
      { numRuns: CASES },
    );
  });
});

describe('parsePrefixLimits', () => {
  it.each([
    ['24', { v4: 24, v6: DEFAULT_PREFIX_LIMITS.v6 }],
    ['28,64', { v4: 28, v6: 64 }],
  ])('reads %s', (text, limits) => {
    expect(parsePrefixLimits(text)).toEqual(limits);
  });

  it.each(['', '33', '24,129', '/24', '24;48', 'x'])('refuses %j with the form it expects', (text) => {
    expect(parsePrefixLimits(text)).toEqual({ problem: expect.stringContaining('IPV4[,IPV6]') });
  });
});
