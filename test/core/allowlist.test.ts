import { Allowlist, parseCidr } from '../../core/detect/allowlist';

describe('parseCidr', () => {
  it('reads a single IPv4 address as a /32', () => {
    // Act
    const parsed = parseCidr('203.0.113.7');

    // Assess
    expect(parsed).toMatchObject({ ok: true, block: { family: 4, prefix: 32 } });
  });

  it('reads a single IPv6 address as a /128', () => {
    // Act
    const parsed = parseCidr('2001:db8::7');

    // Assess
    expect(parsed).toMatchObject({ ok: true, block: { family: 6, prefix: 128 } });
  });

  it('refuses a block with host bits set and names the block that was probably meant', () => {
    // Act
    const parsed = parseCidr('10.1.2.3/8');

    // Assess
    expect(parsed).toEqual({ ok: false, problem: 'host-bits', network: '10.0.0.0/8', hostOnly: '10.1.2.3/32' });
  });

  it('refuses an IPv6 block with host bits set', () => {
    // Act
    const parsed = parseCidr('2001:db8::1/32');

    // Assess
    expect(parsed).toEqual({ ok: false, problem: 'host-bits', network: '2001:db8::/32', hostOnly: '2001:db8::1/128' });
  });

  it.each(['10.0.0.0/33', '2001:db8::/129', '10.0.0.0/', '10.0.0.0/08', '10.0.0.0/-1', '10.0.0.0/8/8'])('refuses the prefix of %j', (text) => {
    // Act
    const parsed = parseCidr(text);

    // Assess
    expect(parsed).toEqual({ ok: false, problem: 'bad-prefix' });
  });

  it.each(['10.0.0', 'example.com', '', '10.0.0.0 /8', 'fe80::1%eth0/64'])('refuses %j as not an address', (text) => {
    // Act
    const parsed = parseCidr(text);

    // Assess
    expect(parsed).toEqual({ ok: false, problem: 'not-an-address' });
  });
});

describe('Allowlist', () => {
  const allowlist = Allowlist.fromCidrs(['203.0.113.0/24', '198.51.100.7', '2001:db8:1234::/48', '2001:db8:ffff::1']);

  it.each(['203.0.113.0', '203.0.113.255', '198.51.100.7', '2001:db8:1234::', '2001:db8:1234:ffff:ffff:ffff:ffff:ffff', '2001:DB8:FFFF::1', '::ffff:203.0.113.9'])('allows %s', (address) => {
    // Act
    const allowed = allowlist.contains(address);

    // Assess
    expect(allowed).toBe(true);
  });

  it.each(['203.0.112.255', '203.0.114.0', '198.51.100.8', '2001:db8:1235::', '2001:db8:ffff::2', '::ffff:198.51.100.8', '::'])('does not allow %s', (address) => {
    // Act
    const allowed = allowlist.contains(address);

    // Assess
    expect(allowed).toBe(false);
  });

  it.each([['AWS Internal'], ['signin.amazonaws.com'], [''], [undefined], [null], [42], [{}], ['203.0.113.1%eth0'], ['fe80::1%eth0'], ['203.0.113.01']])(
    'never allows %j, which is not an IP address',
    (value) => {
      // Prepare
      const everything = Allowlist.fromCidrs(['0.0.0.0/0', '::/0']);

      // Act
      const allowed = everything.contains(value);

      // Assess
      expect(allowed).toBe(false);
    },
  );

  it('allows nothing when the list is empty', () => {
    // Prepare
    const empty = Allowlist.fromCidrs([]);

    // Act
    const allowed = empty.contains('203.0.113.7');

    // Assess
    expect(allowed).toBe(false);
  });

  it('merges overlapping and adjacent blocks without losing any address', () => {
    // Prepare
    const merged = Allowlist.fromCidrs(['10.0.0.0/24', '10.0.1.0/24', '10.0.0.128/25', '10.0.3.0/24']);

    // Act
    const results = ['10.0.0.5', '10.0.1.255', '10.0.2.0', '10.0.3.1'].map((address) => merged.contains(address));

    // Assess
    expect(results).toEqual([true, true, false, true]);
  });

  it('fails to build from an entry that config validation would have refused', () => {
    // Act
    const build = () => Allowlist.fromCidrs(['10.1.2.3/8']);

    // Assess
    expect(build).toThrow(/"10.1.2.3\/8" is not a valid CIDR \(host-bits\)/);
  });
});
