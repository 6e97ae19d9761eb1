import { ParameterTrust, parseAllowlistParameter } from '../../handlers/allowlist-parameter';

const RULES = { accountAllowedCidrs: { '222222222222': ['198.51.100.0/24'] }, exceptions: [] };

function parameterTrust(values: Array<string | undefined | Error>, cacheMs = 300_000) {
  let reads = 0;
  let now = 0;
  const trust = new ParameterTrust(
    async () => {
      reads++;
      const next = values.shift();
      if (next instanceof Error) throw next;
      return next;
    },
    '/signin-watch/allowed-cidrs',
    RULES,
    cacheMs,
    () => now,
  );
  return { trust, reads: () => reads, advance: (ms: number) => (now += ms) };
}

describe('parseAllowlistParameter', () => {
  it.each([
    ['["203.0.113.0/24", "2001:db8::/32"]', ['203.0.113.0/24', '2001:db8::/32']],
    ['203.0.113.0/24,2001:db8::/32', ['203.0.113.0/24', '2001:db8::/32']],
    ['203.0.113.0/24\n 198.51.100.7 ', ['203.0.113.0/24', '198.51.100.7']],
    ['', []],
  ])('reads %j', (value, cidrs) => {
    // Assess
    expect(parseAllowlistParameter(value)).toEqual({ ok: true, cidrs });
  });

  it.each([
    ['["203.0.113.0/24",', 'the value starts like a JSON array but is not valid JSON'],
    ['[1, 2]', 'the JSON value is not an array of strings'],
    ['203.0.113.0/24, 10.1.2.3/8', 'entry 1 ("10.1.2.3/8") is not a valid CIDR block without host bits'],
  ])('refuses %j as a whole', (value, problem) => {
    // Assess
    expect(parseAllowlistParameter(value)).toEqual({ ok: false, problem });
  });
});

describe('ParameterTrust', () => {
  it("trusts the parameter's blocks with the config's account lists, and reads it once per cache period", async () => {
    // Prepare
    const { trust, reads, advance } = parameterTrust(['["203.0.113.0/24"]', '["192.0.2.0/24"]']);

    // Act
    const first = await trust.current();
    advance(299_999);
    const cached = await trust.current();
    advance(1);
    const refreshed = await trust.current();

    // Assess
    expect(first.trust.allowedBy({ sourceIp: '203.0.113.5' }, 0)).toBe('allowedCidrs: 203.0.113.0/24');
    expect(first.trust.allowedBy({ sourceIp: '198.51.100.5', account: '222222222222' }, 0)).toBe('accountAllowedCidrs["222222222222"]: 198.51.100.0/24');
    expect([cached, reads()]).toEqual([first, 2]);
    expect(refreshed.trust.allowedBy({ sourceIp: '203.0.113.5' }, 0)).toBeUndefined();
  });

  it.each([
    ['cannot be read', new Error('AccessDeniedException: not authorized'), 'allowlist parameter /signin-watch/allowed-cidrs: could not be read (Error: AccessDeniedException: not authorized)'],
    ['has no value', undefined, 'allowlist parameter /signin-watch/allowed-cidrs: has no value'],
    ['holds an invalid entry', 'not-a-cidr', 'allowlist parameter /signin-watch/allowed-cidrs: entry 0 ("not-a-cidr") is not a valid CIDR block without host bits'],
  ])('trusts nothing at all, not even account lists, when the parameter %s', async (_, value, problem) => {
    // Prepare
    const { trust } = parameterTrust([value]);

    // Act
    const state = await trust.current();

    // Assess
    expect(state.problem).toBe(problem);
    expect(state.trust.allowedBy({ sourceIp: '198.51.100.5', account: '222222222222' }, 0)).toBeUndefined();
  });

  it('tries a failed read again after 30 seconds, not after the whole cache period', async () => {
    // Prepare
    const { trust, reads, advance } = parameterTrust([new Error('throttled'), '["203.0.113.0/24"]']);

    // Act
    await trust.current();
    advance(29_999);
    await trust.current();
    advance(1);
    const recovered = await trust.current();

    // Assess
    expect([reads(), recovered.problem]).toEqual([2, undefined]);
  });
});
