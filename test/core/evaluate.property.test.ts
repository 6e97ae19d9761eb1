import fc from 'fast-check';
import { BlockList, isIP } from 'node:net';
import { Allowlist, parseCidr } from '../../core/detect/allowlist';
import { Trust } from '../../core/detect/trust';
import type { CloudTrailRecord } from '../../core/detect/cloudtrail-record';
import { ALERT_SEVERITIES } from '../../core/config';
import { evaluate, FINDINGS } from '../../core/detect/evaluate';
import { formatNotification } from '../../core/notify/notification';
import { CASES, PROPERTY_MODE, signInRecord } from '../helpers/arbitraries';

const TRUST_EVERY_ADDRESS = Trust.fromCidrs(['0.0.0.0/0', '::/0']);

describe('evaluate, on generated and mutated records', () => {
  afterAll(() => {
    console.log(`property tests, evaluation core: ${CASES.evaluate} records for each of 2 properties, ${CASES.allowlist} allowlists against net.BlockList (${PROPERTY_MODE})`);
  });

  it(`never throws and returns a consistent result (${CASES.evaluate} cases)`, () => {
    fc.assert(
      fc.property(signInRecord, (record) => {
        // Act
        const result = evaluate(record as CloudTrailRecord, TRUST_EVERY_ADDRESS);
        const notification = formatNotification(result, record);

        // Assess
        expect(result.alert).toBe(result.findings.length > 0);
        expect(result.findings.every((finding) => FINDINGS.includes(finding))).toBe(true);
        expect([...ALERT_SEVERITIES, 'none']).toContain(result.severity);
        expect(notification.subject.length).toBeLessThanOrEqual(100);
        expect(notification.subject).toMatch(/^[\x20-\x7e]*$/);
        expect(Buffer.byteLength(notification.body)).toBeLessThan(256 * 1024);
      }),
      { numRuns: CASES.evaluate },
    );
  });

  it(`never allows a source address that is not an IP address, even when every address is trusted (${CASES.evaluate} cases)`, () => {
    fc.assert(
      fc.property(signInRecord, (record) => {
        // Prepare
        const source = (record as { sourceIPAddress?: unknown }).sourceIPAddress;
        fc.pre(record.eventName === 'ConsoleLogin' && (typeof source !== 'string' || isIP(source) === 0 || source.includes('%')));

        // Act
        const result = evaluate(record as CloudTrailRecord, TRUST_EVERY_ADDRESS);

        // Assess
        expect(result.findings).toContain('source-ip-not-allowed');
      }),
      { numRuns: CASES.evaluate },
    );
  });
});

describe('Allowlist, against net.BlockList as an oracle', () => {
  /** A valid block of one family: an address with its host bits cleared. */
  const block = (family: 4 | 6) =>
    fc.tuple(family === 4 ? fc.ipV4() : fc.ipV6(), fc.integer({ min: 0, max: family === 4 ? 32 : 128 })).map(([address, prefix]) => {
      const parsed = parseCidr(`${address}/${prefix}`);
      return parsed.ok ? `${address}/${prefix}` : parsed.problem === 'host-bits' ? parsed.network : undefined;
    });

  function build(blocks: Array<string | undefined>) {
    // An IPv6 block written in IPv4-mapped form is an IPv4 block to signin-watch; the oracle disagrees by design.
    const cidrs = blocks.filter((cidr): cidr is string => cidr !== undefined && parseCidr(cidr).ok && !cidr.includes('.') === (isIP(cidr.split('/')[0]) === 6));
    const oracle = new BlockList();
    for (const cidr of cidrs) {
      const [address, prefix] = cidr.split('/');
      oracle.addSubnet(address, Number(prefix), isIP(address) === 6 ? 'ipv6' : 'ipv4');
    }
    return { ours: Allowlist.fromCidrs(cidrs), oracle };
  }
  const check = (oracle: BlockList, address: string) => oracle.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
  /** An IPv6 address that carries an IPv4 one (::ffff:a.b.c.d and the like), which signin-watch matches as IPv4. */
  const carriesIpv4 = (address: string) => address.includes('.') || /^(0*:)*:?ffff:/i.test(address);

  it(`agrees on every address of the family of its blocks (${CASES.allowlist} cases per family)`, () => {
    for (const family of [4, 6] as const) {
      fc.assert(
        fc.property(fc.array(block(family), { maxLength: 30 }), fc.array(family === 4 ? fc.ipV4() : fc.ipV6(), { minLength: 1, maxLength: 30 }), (blocks, addresses) => {
          // Prepare
          const { ours, oracle } = build(blocks);

          for (const address of addresses.filter((a) => !carriesIpv4(a))) {
            // Act
            const allowed = ours.contains(address);

            // Assess
            expect(allowed).toBe(check(oracle, address));
          }
        }),
        { numRuns: CASES.allowlist },
      );
    }
  });

  it(`is never more permissive than the oracle, across families and mapped forms (${CASES.allowlist} cases)`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(block(4), block(6)), { maxLength: 30 }),
        fc.array(
          fc.oneof(
            fc.ipV4(),
            fc.ipV6(),
            fc.ipV4().map((a) => `::ffff:${a}`),
          ),
          { minLength: 1, maxLength: 30 },
        ),
        (blocks, addresses) => {
          // Prepare
          const { ours, oracle } = build(blocks);

          for (const address of addresses) {
            // Act
            const allowed = ours.contains(address);

            // Assess
            expect(!allowed || check(oracle, address)).toBe(true);
          }
        },
      ),
      { numRuns: CASES.allowlist },
    );
  });
});
