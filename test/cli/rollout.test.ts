import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RolloutSteps, runRollout } from '../../cli/rollout';

const ORG = { homeRegion: 'eu-west-1', regions: ['us-east-1', 'eu-west-1', 'af-south-1'], organizationId: 'o-a1b2c3d4e5', centralAccountId: '111111111111' };

describe('rollout', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  let calls: string[];
  const io = () => ({ stdout: (line: string) => out.push(line), stderr: (line: string) => err.push(line), env: {} });

  /** Fake steps that record what would run; `failing` names a "stack command" that exits 1. */
  function steps(enabled: Record<string, string[]>, failing?: string): RolloutSteps {
    return {
      enabledRegions: async (config) => {
        const regions = enabled[config.accountId ?? ''];
        // Shaped as the AWS SDK throws it: the reason is in the name.
        if (regions === undefined) throw Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
        return new Set(regions);
      },
      synth: async (configFile) => {
        calls.push(`synth ${configFile.split('/').pop()}`);
      },
      terraform: async (stackDir, args) => {
        const call = `${stackDir.split('/').slice(-3).join('/')} ${args[0]}`;
        calls.push(call);
        return call === failing ? 1 : 0;
      },
    };
  }
  const account = (id: string, extra: Record<string, unknown> = {}) => {
    const file = join(dir, 'accounts', `${id}.json`);
    writeFileSync(file, JSON.stringify({ extends: '../org.json', accountId: id, ...extra }));
    return file;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-rollout-'));
    mkdirSync(join(dir, 'accounts'));
    writeFileSync(join(dir, 'org.json'), JSON.stringify(ORG));
    out = [];
    err = [];
    calls = [];
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("applies the organization's stack sets in the StackSets administrator account, after its own stacks, and says so", async () => {
    // Prepare
    writeFileSync(
      join(dir, 'org.json'),
      JSON.stringify({ ...ORG, homeRegion: 'us-east-1', regions: ['us-east-1'], stackSets: { organizationalUnitIds: ['r-a1b2'], managementAccountId: '999999999999' } }),
    );
    const files = [account('999999999999')];

    // Act
    const code = await runRollout(files, io(), steps({ '999999999999': ['us-east-1'] }), join(dir, 'out'));

    // Assess
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(calls.filter((call) => call.endsWith(' apply'))).toEqual(['999999999999/stacks/signin-watch-forwarder-us-east-1 apply', '999999999999/stacks/signin-watch-organization apply']);
    expect(out[0]).toBe("rollout: account 999999999999: applying 2 stacks (signin-watch-forwarder-us-east-1, signin-watch-organization), the last holding the organization's stack sets for 1 regions");
  });

  it('rolls out the central account first, then members, skipping regions a member has not enabled', async () => {
    // Prepare
    const files = [account('222222222222'), account('111111111111')];
    const enabled = { '111111111111': ['us-east-1', 'eu-west-1', 'af-south-1'], '222222222222': ['us-east-1', 'eu-west-1'] };

    // Act
    const code = await runRollout(files, io(), steps(enabled), join(dir, 'out'));

    // Assess
    expect(code).toBe(0);
    expect(calls.filter((call) => call.startsWith('synth') || call.endsWith('apply'))).toEqual([
      'synth 111111111111.json',
      '111111111111/stacks/signin-watch-central apply',
      '111111111111/stacks/signin-watch-forwarder-us-east-1 apply',
      '111111111111/stacks/signin-watch-forwarder-eu-west-1 apply',
      '111111111111/stacks/signin-watch-forwarder-af-south-1 apply',
      'synth 222222222222.json',
      '222222222222/stacks/signin-watch-forwarder-us-east-1 apply',
      '222222222222/stacks/signin-watch-forwarder-eu-west-1 apply',
    ]);
    expect(err).toEqual([expect.stringMatching(/^rollout: WARNING account 222222222222: af-south-1 is configured but not enabled there, so its forwarder is skipped\./)]);
    expect(out[out.length - 1]).toBe('rollout: rolled out 2 accounts.');
  });

  it('stops at the first failure and says what was and was not rolled out', async () => {
    // Prepare
    const files = [account('111111111111'), account('222222222222'), account('333333333333')];
    const all = ['us-east-1', 'eu-west-1', 'af-south-1'];

    // Act
    const code = await runRollout(
      files,
      io(),
      steps({ '111111111111': all, '222222222222': all, '333333333333': all }, '222222222222/stacks/signin-watch-forwarder-eu-west-1 apply'),
      join(dir, 'out'),
    );

    // Assess
    expect(code).toBe(1);
    expect(calls).not.toContain('synth 333333333333.json');
    expect(err).toEqual([
      `rollout: stopped at account 222222222222 (${files[1]}): terraform apply of signin-watch-forwarder-eu-west-1 exited with 1 (its output is above).`,
      'rollout: rolled out: account 111111111111; not rolled out: account 222222222222, account 333333333333.',
    ]);
  });

  it('applies nothing when any config file is wrong, and lists every problem', async () => {
    // Prepare
    const files = [account('111111111111'), account('222222222222', { regions: ['us-east-1', 'eu-wset-1'] })];

    // Act
    const code = await runRollout(files, io(), steps({}), join(dir, 'out'));

    // Assess
    expect([code, calls]).toEqual([1, []]);
    expect(err).toEqual([expect.stringMatching(/222222222222\.json: regions\[1\]: "eu-wset-1" is not a commercial AWS region/), 'rollout: nothing was applied; fix the config files above first.']);
  });

  it("stops before applying when it cannot list an account's regions", async () => {
    // Act
    const code = await runRollout([account('111111111111')], io(), steps({}), join(dir, 'out'));

    // Assess
    expect(code).toBe(1);
    expect(err[0]).toMatch(/could not list its enabled regions \(AccessDeniedException: not authorized\); check the credentials/);
  });

  it('prints the plan without running Terraform in a dry run', async () => {
    // Act
    const code = await runRollout([account('222222222222'), '--dry-run'], io(), steps({ '222222222222': ['us-east-1', 'eu-west-1', 'af-south-1'] }), join(dir, 'out'));

    // Assess
    expect([code, calls]).toEqual([0, ['synth 222222222222.json']]);
    expect(out).toEqual([
      'rollout: account 222222222222: would apply 3 stacks (signin-watch-forwarder-us-east-1, signin-watch-forwarder-eu-west-1, signin-watch-forwarder-af-south-1)',
      'rollout: planned 1 account (dry run: nothing applied).',
    ]);
  });

  it('says in one line that it needs a config file', async () => {
    // Act
    const code = await runRollout([], io(), steps({}), join(dir, 'out'));

    // Assess
    expect([code, err]).toEqual([2, ['rollout: name at least one CONFIG_FILE (--help shows the usage)']]);
  });
});
