import { ConfigError, validateConfig } from '../../core/config';
import { evaluate } from '../../core/detect/evaluate';
import { formatNotification } from '../../core/notify/notification';
import { principalMatches, Trust } from '../../core/detect/trust';
import { getTestEvent } from '../helpers/fixtures';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const BREAK_GLASS = { principal: 'arn:aws:iam::*:role/BreakGlass', reason: 'break-glass access', expires: '2026-12-31' };
const TRUST = Trust.fromRules({
  allowedCidrs: ['192.0.2.0/24', '2001:db8::/32'],
  accountAllowedCidrs: { '222222222222': ['198.51.100.0/24'] },
  exceptions: [BREAK_GLASS, { cidrs: ['203.0.113.0/24'], accounts: ['333333333333'], reason: 'conference wifi' }],
});

describe('Trust', () => {
  it.each([
    [{ sourceIp: '192.0.2.7' }, 'allowedCidrs: 192.0.2.0/24'],
    [{ sourceIp: '2001:db8::1' }, 'allowedCidrs: 2001:db8::/32'],
    [{ sourceIp: '198.51.100.9', account: '222222222222' }, 'accountAllowedCidrs["222222222222"]: 198.51.100.0/24'],
    [{ sourceIp: '198.51.100.9', account: '333333333333' }, undefined],
    [{ sourceIp: '203.0.113.5', account: '333333333333' }, 'exceptions[1]: conference wifi'],
    [{ sourceIp: '203.0.113.5', account: '222222222222' }, undefined],
    [{ sourceIp: '8.8.8.8', principalArn: 'arn:aws:sts::444444444444:assumed-role/BreakGlass/alice' }, 'exceptions[0]: break-glass access (until 2026-12-31)'],
    [{ sourceIp: 'AWS Internal', principalArn: 'arn:aws:sts::444444444444:assumed-role/BreakGlass/alice' }, 'exceptions[0]: break-glass access (until 2026-12-31)'],
    [{ sourceIp: '8.8.8.8', principalArn: 'arn:aws:sts::444444444444:assumed-role/BreakGlassOther/alice' }, undefined],
  ])('names the rule that trusts %j: %s', (facts, expected) => {
    // Assess
    expect(TRUST.allowedBy(facts, NOW)).toBe(expected);
  });

  it('stops honouring an exception at the end of its last day, UTC', () => {
    // Prepare
    const facts = { sourceIp: '8.8.8.8', principalArn: 'arn:aws:sts::444444444444:assumed-role/BreakGlass/alice' };

    // Act
    const lastMoment = TRUST.allowedBy(facts, Date.parse('2026-12-31T23:59:59Z'));
    const dayAfter = TRUST.allowedBy(facts, Date.parse('2027-01-01T00:00:00Z'));

    // Assess
    expect([lastMoment, dayAfter]).toEqual(['exceptions[0]: break-glass access (until 2026-12-31)', undefined]);
  });

  it.each([
    ['arn:aws:iam::111122223333:role/path/BreakGlass', 'arn:aws:sts::111122223333:assumed-role/BreakGlass/s', true],
    ['arn:aws:iam::111122223333:role/BreakGlass', 'arn:aws:sts::999999999999:assumed-role/BreakGlass/s', false],
    ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:user/alice', true],
    ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:user/alice2', false],
    ['arn:aws:iam::*:user/ops-*', 'arn:aws:iam::111122223333:user/ops-bob', true],
    ['arn:aws:iam::111122223333:user/a.b', 'arn:aws:iam::111122223333:user/aXb', false],
  ])('matches principal %s against %s: %s', (pattern, arn, expected) => {
    // Assess
    expect(principalMatches(pattern, arn)).toBe(expected);
  });
});

describe('exceptions in evaluation and notifications', () => {
  it('lets a break-glass role sign in from anywhere, says so, and still alerts on missing MFA', () => {
    // Prepare
    const [sample] = getTestEvent<{ Records: Array<Parameters<typeof evaluate>[0]> }>('sample-events/cloudtrail-iamuser-consolelogin-success-nomfa_ct-docs-2022.json').Records;
    const record = { ...sample, userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/ops-bob', userName: 'ops-bob' }, sourceIPAddress: '8.8.8.8' };
    const trust = Trust.fromRules({ allowedCidrs: [], accountAllowedCidrs: {}, exceptions: [{ principal: 'arn:aws:iam::*:user/ops-*', reason: 'on-call engineers travel' }] });

    // Act
    const evaluation = evaluate(record, trust, {}, NOW);
    const notification = formatNotification(evaluation, record);

    // Assess
    expect([evaluation.findings, evaluation.facts.allowedBy]).toEqual([['mfa-not-used'], 'exceptions[0]: on-call engineers travel']);
    expect(notification.body).toContain('Trusted:   exceptions[0]: on-call engineers travel');
  });

  it('never waives the root finding', () => {
    // Prepare
    const event = getTestEvent<{ detail: Parameters<typeof evaluate>[0] }>('sample-events/eventbridge-root-consolelogin-success_cwe-docs-2016.json');
    const trust = Trust.fromRules({ allowedCidrs: [], accountAllowedCidrs: {}, exceptions: [{ cidrs: ['0.0.0.0/0'], reason: 'everyone, for a test' }] });

    // Act
    const evaluation = evaluate(event.detail, trust, {}, NOW);

    // Assess
    expect([evaluation.severity, evaluation.findings]).toEqual(['critical', ['root-sign-in', 'mfa-not-used']]);
  });
});

describe('validateConfig: accountAllowedCidrs and exceptions', () => {
  const problemsOf = (raw: Record<string, unknown>): string[] => {
    try {
      validateConfig(raw, 'c.json', undefined, NOW);
    } catch (error) {
      if (error instanceof ConfigError) return error.message.split('\n');
      throw error;
    }
    throw new Error('expected a ConfigError');
  };

  it('accepts account lists and exceptions, and keeps them as written', () => {
    // Act
    const config = validateConfig({ accountAllowedCidrs: { '222222222222': ['198.51.100.0/24'] }, exceptions: [BREAK_GLASS] }, 'c.json', undefined, NOW);

    // Assess
    expect([config.accountAllowedCidrs, config.exceptions]).toEqual([{ '222222222222': ['198.51.100.0/24'] }, [BREAK_GLASS]]);
  });

  it('refuses an exception whose last day has passed', () => {
    // Assess
    expect(problemsOf({ exceptions: [{ ...BREAK_GLASS, expires: '2026-11-26' }] })).toEqual([
      'c.json: exceptions[0].expires: "2026-11-26" has passed (today is 2026-11-27, UTC), so this exception no longer applies. Fix: remove it, or set a later date if it is still needed.',
    ]);
  });

  it('reports every problem of a bad exception and a bad account list', () => {
    // Act
    const problems = problemsOf({
      accountAllowedCidrs: { prod: ['10.0.0.0/8'], '222222222222': ['10.1.2.3/8'] },
      exceptions: [
        { principl: 'x', reason: '', expires: '2026-02-30' },
        { principal: 'BreakGlass', reason: 'r', cidrs: ['nope'], accounts: ['1'] },
      ],
    });

    // Assess
    expect(problems).toEqual([
      'c.json: accountAllowedCidrs."prod": "prod" is not an AWS account id. Fix: use the 12-digit account id as the key.',
      expect.stringMatching(/^c\.json: accountAllowedCidrs\."222222222222"\[0\]: "10\.1\.2\.3\/8" has host bits set/),
      'c.json: exceptions[0]."principl": is not an exception setting. Fix: did you mean "principal"?',
      'c.json: exceptions[0].reason: "" does not say why the exception exists. Fix: write one line of up to 200 characters; it is shown in every alert the exception touches.',
      'c.json: exceptions[0]: names neither a principal nor cidrs, so it would trust every sign-in. Fix: add "principal" (an IAM user or role ARN) or "cidrs", or both.',
      'c.json: exceptions[0].expires: "2026-02-30" is not a date. Fix: write the last day it applies as "YYYY-MM-DD" (UTC).',
      expect.stringMatching(/^c\.json: exceptions\[1\]\.principal: "BreakGlass" is not an IAM user or role ARN\./),
      expect.stringMatching(/^c\.json: exceptions\[1\]\.cidrs\[0\]: "nope" is not an IPv4 or IPv6 address/),
      'c.json: exceptions[1].accounts[0]: "1" is not an AWS account id. Fix: write the 12 digits as a string.',
    ]);
  });
});
