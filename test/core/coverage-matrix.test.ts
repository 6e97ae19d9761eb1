import type { Check } from '../../core/verify/check';
import { accountCoverage, type CoverageMatrix, organizationCoverage } from '../../core/verify/coverage-matrix';

/** The matrix as `account region state` lines, as a reader scans it. */
const states = (matrix: CoverageMatrix): string[] => matrix.rows.flatMap((row) => row.cells.map((cell, index) => `${row.label} ${matrix.regions[index]} ${cell.state}`));

describe('accountCoverage', () => {
  it("lays one account's checks out by region, the worst check deciding each cell", () => {
    // Prepare: the wording of cli/doctor.ts.
    const checks: Check[] = [
      { status: 'fail', name: 'region ap-east-1', detail: 'is enabled in this account and not covered: add "ap-east-1" to regions and roll out again.' },
      { status: 'warn', name: 'region af-south-1', detail: 'is configured but not enabled in this account: no sign-in can happen there.' },
      { status: 'ok', name: 'trail us-east-1', detail: 'org-trail (organization trail) logs management events.' },
      { status: 'fail', name: 'trail eu-west-1', detail: 'org-trail is not logging: start it with `aws cloudtrail start-logging --name org-trail`.' },
      { status: 'fail', name: 'trail eu-north-1', detail: 'could not list trails: AccessDeniedException: no.' },
      { status: 'ok', name: 'rule us-east-1 signin-watch-forward', detail: 'matches the config.' },
      { status: 'fail', name: 'rule us-east-1 signin-watch-forward-region-changes', detail: 'has a different event pattern than this version of signin-watch: roll out again.' },
      { status: 'fail', name: 'rule eu-west-1 signin-watch-forward', detail: 'is not deployed: roll out to this account (npm run rollout, or cdktf deploy).' },
      { status: 'ok', name: 'rule eu-north-1 signin-watch-forward', detail: 'matches the config.' },
    ];

    // Act
    const matrix = accountCoverage(checks, {
      account: '222222222222',
      regions: ['us-east-1', 'eu-west-1', 'eu-north-1', 'af-south-1'],
      summary: 'doctor: account 222222222222: 2 ok',
      accountNames: { '222222222222': 'workloads-prod' },
    });

    // Assess
    expect(states(matrix)).toEqual([
      '222222222222 (workloads-prod) us-east-1 outdated',
      '222222222222 (workloads-prod) eu-west-1 missing',
      '222222222222 (workloads-prod) eu-north-1 not-checked',
      '222222222222 (workloads-prod) af-south-1 not-enabled',
      '222222222222 (workloads-prod) ap-east-1 missing',
    ]);
    expect(matrix.rows[0].cells[1].detail).toBe(
      'missing: trail eu-west-1 org-trail is not logging: start it with `aws cloudtrail start-logging --name org-trail`. | rule eu-west-1 signin-watch-forward is not deployed: roll out to this account (npm run rollout, or cdktf deploy).',
    );
  });

  it("claims nothing when the account's regions cannot be listed", () => {
    // Act
    const matrix = accountCoverage([{ status: 'fail', name: 'regions', detail: "could not list the account's regions (AccessDenied)" }], {
      account: 'this account',
      regions: ['us-east-1', 'eu-west-1'],
      summary: '',
      accountNames: {},
    });

    // Assess
    expect(states(matrix)).toEqual(['this account us-east-1 not-checked', 'this account eu-west-1 not-checked']);
  });
});

describe('organizationCoverage', () => {
  const regions = ['us-east-1', 'eu-west-1', 'af-south-1'];
  const cover = (checks: Check[], enabled: Record<string, string[]> = {}) =>
    organizationCoverage(checks, {
      regions,
      enabled: new Map(Object.entries(enabled).map(([account, list]) => [account, new Set(list)])),
      summary: 'doctor: organization o-a1b2c3d4e5',
      title: 'coverage',
      accountNames: {},
    });

  it('tells failed, outdated and running stack instances apart, and regions an account has not enabled', () => {
    // Act
    const matrix = cover(
      [
        { status: 'fail', name: 'account 222222222222 us-east-1', detail: 'stack instance is OUTDATED, FAILED, Resource creation failed: aws cloudformation update-stack-instances ...' },
        { status: 'fail', name: 'account 222222222222 eu-west-1', detail: 'stack instance is OUTDATED: aws cloudformation update-stack-instances ...' },
        { status: 'warn', name: 'account 333333333333 eu-west-1', detail: 'stack instance is RUNNING; check again when it is done.' },
      ],
      { '222222222222': ['us-east-1', 'eu-west-1', 'af-south-1'], '333333333333': ['us-east-1', 'eu-west-1'] },
    );

    // Assess
    expect(states(matrix)).toEqual([
      '222222222222 us-east-1 failed',
      '222222222222 eu-west-1 outdated',
      '222222222222 af-south-1 covered',
      '333333333333 us-east-1 covered',
      '333333333333 eu-west-1 outdated',
      '333333333333 af-south-1 not-enabled',
    ]);
  });

  it("does not claim what the doctor could not check: unlisted regions, unreadable stack sets, the management account's errors", () => {
    // Act
    const matrix = cover(
      [
        { status: 'fail', name: 'stack set signin-watch-forwarder-eu-west-1', detail: 'could not be read (StackSetNotFoundException): deploy the organization stack.' },
        { status: 'warn', name: 'account 222222222222', detail: 'could not list its regions (AccessDenied); checking the 17 default regions only.' },
        { status: 'ok', name: 'account 222222222222', detail: 'stack instances current in all 1 enabled regions.' },
        {
          status: 'fail',
          name: 'account 999999999999 (management)',
          detail: 'StackSets never deploys here, and its own forwarders are missing in us-east-1, af-south-1 (AccessDeniedException: no): npm run rollout -- config/accounts/999999999999.json',
        },
      ],
      { '222222222222': ['us-east-1', 'eu-west-1'], '999999999999': ['us-east-1', 'eu-west-1', 'af-south-1'] },
    );

    // Assess
    expect(states(matrix)).toEqual([
      '222222222222 us-east-1 covered',
      '222222222222 eu-west-1 not-checked',
      '222222222222 af-south-1 not-checked',
      '999999999999 (management) us-east-1 missing',
      '999999999999 (management) eu-west-1 covered',
      '999999999999 (management) af-south-1 not-checked',
    ]);
    expect(matrix.notes).toEqual(['stack set signin-watch-forwarder-eu-west-1 could not be read (StackSetNotFoundException): deploy the organization stack.']);
  });
});
