import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Sign-ins that look like a real organization's 90 days, for the backtest benchmark and
 * the screenshot in docs/backtest.md: five accounts, a few hundred people mostly in the
 * office or on the VPN (on the allowlist below), some from home, a contractor abroad, an
 * IAM user without MFA, failed passwords, and now and then the root user. Deterministic:
 * the same count gives the same file.
 */
export const BENCH_ALLOWLIST = ['192.0.2.0/24', '198.18.0.0/15', '2001:db8:a::/48'];
export const BENCH_ACCOUNTS: Record<string, string> = {
  '111122223333': 'security',
  '222233334444': 'workloads-prod',
  '333344445555': 'workloads-dev',
  '444455556666': 'data',
  '555566667777': 'sandbox',
};

/** A linear congruential generator: fast, and the same sequence on every machine. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

const REGIONS: ReadonlyArray<[string, number]> = [
  ['us-east-1', 0.55],
  ['eu-north-1', 0.12],
  ['us-east-2', 0.1],
  ['ap-southeast-2', 0.08],
  ['eu-west-1', 0.08],
  ['eu-central-1', 0.04],
  ['ap-south-1', 0.02],
  ['af-south-1', 0.01],
];
const HOMES = ['203.0.113', '100.64.12', '81.2.69', '89.160.20', '175.16.199', '216.160.83'];

/** Writes `count` CloudTrail ConsoleLogin records as JSON Lines, spread over the 90 days before `now`. */
export function writeSignIns(file: string, count: number, now: number): void {
  const next = random(count);
  const accounts = Object.keys(BENCH_ACCOUNTS);
  const fd = openSync(file, 'w');
  let chunk: string[] = [];
  for (let i = 0; i < count; i++) {
    const account = accounts[Math.min(accounts.length - 1, Math.floor(next() ** 1.6 * accounts.length))];
    const person = Math.floor(next() ** 1.3 * 300);
    const roll = next();
    let region = 'us-east-1';
    for (let left = next(), r = 0; r < REGIONS.length; left -= REGIONS[r][1], r++) {
      region = REGIONS[r][0];
      if (left < REGIONS[r][1]) break;
    }
    // Most people sign in through Identity Center (an assumed role); a few IAM users remain.
    const iamUser = person % 40 === 3;
    const root = roll > 0.9995;
    const source =
      person === 7
        ? `2001:db8:77:${i % 4 === 0 ? '' : `${((i % 4) * 64).toString(16)}:`}:${(i % 97).toString(16)}` // a contractor on IPv6 abroad
        : roll < 0.62
          ? `192.0.2.${1 + (i % 250)}`
          : roll < 0.86
            ? `198.18.${i % 2}.${1 + (i % 200)}`
            : roll < 0.9
              ? `2001:db8:a:${(i % 16).toString(16)}::${(i % 1000).toString(16)}`
              : `${HOMES[person % HOMES.length]}.${1 + ((person * 37) % 254)}`;
    const failed = next() < 0.015 && !root;
    const user = `user${person}`;
    const identity = root
      ? { type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account }
      : iamUser
        ? { type: 'IAMUser', principalId: `AIDA${person}EXAMPLE`, arn: `arn:aws:iam::${account}:user/${user}`, accountId: account, userName: user }
        : {
            type: 'AssumedRole',
            principalId: `AROA${person}EXAMPLE:${user}@example.com`,
            arn: `arn:aws:sts::${account}:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/${user}@example.com`,
            accountId: account,
          };
    const record = {
      eventVersion: '1.09',
      userIdentity: identity,
      eventTime: new Date(now - Math.floor(next() * 90 * 86_400_000)).toISOString().replace(/\.\d+Z$/, 'Z'),
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      awsRegion: region,
      sourceIPAddress: source,
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
      requestParameters: null,
      responseElements: { ConsoleLogin: failed ? 'Failure' : 'Success' },
      ...(failed ? { errorMessage: 'Failed authentication' } : {}),
      additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: person === 43 ? 'No' : 'Yes' },
      eventID: `${(i + 0x10000000).toString(16)}-5b1e-4a3c-8d2f-${(i * 7919).toString(16).padStart(12, '0').slice(-12)}`,
      readOnly: false,
      eventType: 'AwsConsoleSignIn',
      managementEvent: true,
      recipientAccountId: account,
      eventCategory: 'Management',
    };
    chunk.push(JSON.stringify(record));
    if (chunk.length === 10_000) {
      writeSync(fd, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) writeSync(fd, `${chunk.join('\n')}\n`);
  closeSync(fd);
}
