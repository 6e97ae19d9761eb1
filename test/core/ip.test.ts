import { formatIpv4, formatIpv6, parseIp, parseIpv4, parseIpv6 } from '../../core/detect/ip';

describe('parseIpv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['203.0.113.7', 203 * 2 ** 24 + 113 * 2 ** 8 + 7],
    ['255.255.255.255', 2 ** 32 - 1],
  ])('reads %s as %d', (text, value) => {
    // Act
    const parsed = parseIpv4(text);

    // Assess
    expect(parsed).toBe(value);
  });

  it.each(['010.1.1.1', '127.1', '1.2.3', '1.2.3.4.5', '256.1.1.1', ' 1.2.3.4', '1.2.3.4 ', '1..2.3', '1.2.3.', '', 'AWS Internal', '1.2.3.-1'])(
    'refuses %j rather than guessing what it means',
    (text) => {
      // Act
      const parsed = parseIpv4(text);

      // Assess
      expect(parsed).toBeUndefined();
    },
  );
});

describe('parseIpv6', () => {
  it.each([
    ['::', 0n],
    ['::1', 1n],
    ['2001:db8::', 0x20010db8n << 96n],
    ['2001:DB8:0:0:0:0:0:1', (0x20010db8n << 96n) | 1n],
    ['::ffff:192.0.2.1', (0xffffn << 32n) | 0xc0000201n],
    ['64:ff9b::192.0.2.1', (0x64ff9bn << 96n) | 0xc0000201n],
  ])('reads %s', (text, value) => {
    // Act
    const parsed = parseIpv6(text);

    // Assess
    expect(parsed).toBe(value);
  });

  it.each(['fe80::1%eth0', '2001:db8::1::2', '2001:db8:::1', '12345::', 'gggg::', '1.2.3.4', '[2001:db8::1]'])('refuses %j', (text) => {
    // Act
    const parsed = parseIpv6(text);

    // Assess
    expect(parsed).toBeUndefined();
  });
});

describe('parseIp', () => {
  it('reads an IPv4-mapped IPv6 address as the IPv4 address it carries', () => {
    // Act
    const parsed = parseIp('::ffff:203.0.113.7');

    // Assess
    expect(parsed).toEqual({ family: 4, value: parseIpv4('203.0.113.7') });
  });
});

describe('formatting', () => {
  it('writes IPv4 as a dotted quad', () => {
    // Act
    const text = formatIpv4(parseIpv4('10.20.30.40') as number);

    // Assess
    expect(text).toBe('10.20.30.40');
  });

  it.each([
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2:3:4:5:6'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
  ])('writes %s in RFC 5952 form as %s', (text, expected) => {
    // Act
    const formatted = formatIpv6(parseIpv6(text) as bigint);

    // Assess
    expect(formatted).toBe(expected);
  });
});
