import { type CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import { DescribeEventBusCommand, DescribeRuleCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { accountRole, forwarderRegions, type SigninWatchConfig } from '../core/config';
import { deploymentPlan, type RuleTarget } from '../core/deploy/plan';
import { eventBusArn } from '../core/deploy/event-pattern';
import { resourceNames } from '../core/deploy/names';
import { GLOBAL_SIGN_IN_REGION } from '../core/config/regions';
import { TARGET_RETRY_POLICY } from '../core/deploy/forwarder-model';
import { ALL_MANAGEMENT_EVENTS, type RuleState } from '../core/deploy/signal-patterns';
import { type DoctorClients, doctorClients, enabledRegions, type OrgDoctorClients } from './aws-access';
import type { Check, CheckStatus } from '../core/verify/check';
import { credentialsProblem, type ResolveCredentials, resolveCredentials } from './credentials-probe';
import { command, HELP_OPTION, parseCommandLine, runCommand } from './command';
import { writeCoveragePage } from './coverage-html';
import { runOrgChecks } from './doctor-org';
import { type CliIo, configFile, DEFAULT_CONFIG_FILE, loadConfigOrReport } from '../synth/load-config';
import { messageOf } from '../core/error-message';

const USAGE = `usage: npm run --silent doctor -- [--config FILE] [--org] [--html FILE]

Checks, with the config's credentials, that the account is covered: every enabled
region has a forwarder, a CloudTrail trail logs management events in every configured
region (EventBridge gets no sign-in events without one), and the deployed rules,
targets and central bus match the config. With --org, run from the StackSets
administrator account, it checks StackSets' trusted access to the organization (and
a delegated administrator's registration), then every account of the configured OUs
instead: enabled regions against stack instances, with the command that fixes each
gap, and the management account, which StackSets never deploys to. One line per
check, then a summary; exits non-zero on any gap. --html FILE also writes the result
as one self-contained page: accounts by regions, each cell coloured by its state, with
what was found and the fix on hover.`;

const isNotFound = (error: unknown): boolean => error instanceof Error && error.name === 'ResourceNotFoundException';
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function checkRegions(config: SigninWatchConfig, enabled: ReadonlySet<string>): Check[] {
  const configured = forwarderRegions(config);
  const checks: Check[] = [];
  for (const region of [...enabled].sort()) {
    if (!configured.includes(region)) {
      checks.push({ status: 'fail', name: `region ${region}`, detail: `is enabled in this account and not covered: add "${region}" to regions and roll out again.` });
    }
  }
  for (const region of configured) {
    if (!enabled.has(region)) {
      checks.push({
        status: 'warn',
        name: `region ${region}`,
        detail: 'is configured but not enabled in this account: no sign-in can happen there, and its forwarder cannot be deployed until it is.',
      });
    }
  }
  if (checks.every((check) => check.status !== 'fail')) {
    checks.unshift({ status: 'ok', name: 'regions', detail: `all ${enabled.size} enabled regions are configured.` });
  }
  return checks;
}

/** Whether a trail's selectors record write management events, which sign-ins are. */
async function logsManagementEvents(client: CloudTrailClient, trail: Trail): Promise<boolean> {
  const selectors = await client.send(new GetEventSelectorsCommand({ TrailName: trail.TrailARN }));
  if (selectors.AdvancedEventSelectors?.length) {
    return selectors.AdvancedEventSelectors.some((selector) => {
      const fields = selector.FieldSelectors ?? [];
      const management = fields.some((field) => field.Field === 'eventCategory' && field.Equals?.includes('Management'));
      const readOnlyOnly = fields.some((field) => field.Field === 'readOnly' && same(field.Equals, ['true']));
      return management && !readOnlyOnly;
    });
  }
  return (selectors.EventSelectors ?? []).some((selector) => selector.IncludeManagementEvents !== false && selector.ReadWriteType !== 'ReadOnly');
}

/** One check per configured, enabled region: a logging trail with management events must cover it. */
async function checkTrails(regions: readonly string[], clients: DoctorClients): Promise<Check[]> {
  // A multi-region trail shows up in every region; judge each trail once.
  const verdicts = new Map<string, Promise<Omit<Check, 'name'>>>();
  const judge = (trail: Trail) => {
    const arn = trail.TrailARN ?? trail.Name ?? '';
    let verdict = verdicts.get(arn);
    if (verdict === undefined) {
      verdict = (async () => {
        const client = clients.cloudtrail(trail.HomeRegion ?? GLOBAL_SIGN_IN_REGION);
        const label = `${trail.Name}${trail.IsOrganizationTrail ? ' (organization trail)' : ''}`;
        try {
          const status = await client.send(new GetTrailStatusCommand({ Name: arn }));
          if (!status.IsLogging) return { status: 'fail' as const, detail: `${label} is not logging: start it with \`aws cloudtrail start-logging --name ${arn}\`.` };
          if (!(await logsManagementEvents(client, trail))) return { status: 'fail' as const, detail: `${label} does not log write management events, which sign-ins are.` };
          return { status: 'ok' as const, detail: `${label} logs management events.` };
        } catch (error) {
          // A member account may see an organization trail but not read its status.
          if (trail.IsOrganizationTrail) return { status: 'warn' as const, detail: `${label} covers it, but its status is readable only in the management account (${messageOf(error)}).` };
          return { status: 'fail' as const, detail: `could not read ${label}: ${messageOf(error)}.` };
        }
      })();
      verdicts.set(arn, verdict);
    }
    return verdict;
  };
  return Promise.all(
    regions.map(async (region): Promise<Check> => {
      const name = `trail ${region}`;
      let trails: Trail[];
      try {
        trails = (await clients.cloudtrail(region).send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
      } catch (error) {
        return { status: 'fail', name, detail: `could not list trails: ${messageOf(error)}.` };
      }
      const covering = trails.filter((trail) => trail.IsMultiRegionTrail || trail.HomeRegion === region);
      if (covering.length === 0) {
        return {
          status: 'fail',
          name,
          detail: 'no trail covers this region, so EventBridge receives no sign-in events here: create a multi-region trail (README, "Prerequisite: a CloudTrail trail").',
        };
      }
      const judged = await Promise.all(covering.map(judge));
      // One good trail is enough; otherwise say the most hopeful thing found.
      const best = judged.find((verdict) => verdict.status === 'ok') ?? judged.find((verdict) => verdict.status === 'warn') ?? judged[0];
      return { name, ...best };
    }),
  );
}

interface RuleSpec {
  readonly name: string;
  readonly region: string;
  readonly busName?: string;
  readonly pattern: unknown;
  /** The state its signal needs (`SIGNAL_RULE_STATES`). */
  readonly state: RuleState;
  /** The command that deploys it again. */
  readonly redeploy: string;
  /** Checks the rule's one target; returns what is wrong, or undefined. */
  readonly target: (
    target: { Arn?: string; RoleArn?: string; DeadLetterConfig?: { Arn?: string }; RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number } },
    ruleAccount: string,
  ) => string | undefined;
}

async function checkRule(spec: RuleSpec, clients: DoctorClients): Promise<Check> {
  const name = `rule ${spec.region} ${spec.name}`;
  const client = clients.eventbridge(spec.region);
  try {
    const rule = await client.send(new DescribeRuleCommand({ Name: spec.name, EventBusName: spec.busName }));
    if (rule.State !== spec.state) {
      // A rule in plain ENABLED looks healthy, yet never sees the read-only events its signal may be.
      const why = spec.state === ALL_MANAGEMENT_EVENTS ? ', so EventBridge withholds read-only management events from it, which its signal may be' : '';
      return { status: 'fail', name, detail: `is ${rule.State ?? 'in an unknown state'}, not ${spec.state}${why}: roll out again: ${spec.redeploy}` };
    }
    if (!same(JSON.parse(rule.EventPattern ?? 'null'), spec.pattern)) return { status: 'fail', name, detail: 'has a different event pattern than this version of signin-watch: roll out again.' };
    const ruleAccount = rule.Arn?.split(':')[4] ?? '';
    const { Targets = [] } = await client.send(new ListTargetsByRuleCommand({ Rule: spec.name, EventBusName: spec.busName }));
    if (Targets.length !== 1) return { status: 'fail', name, detail: `has ${Targets.length} targets instead of 1: roll out again.` };
    const problem = spec.target(Targets[0], ruleAccount);
    return problem === undefined ? { status: 'ok', name, detail: `matches the config (target ${Targets[0].Arn}).` } : { status: 'fail', name, detail: `${problem} Roll out again.` };
  } catch (error) {
    if (isNotFound(error)) return { status: 'fail', name, detail: 'is not deployed: roll out to this account (npm run rollout, or cdktf deploy).' };
    return { status: 'fail', name, detail: `could not be read: ${messageOf(error)}.` };
  }
}

/** What `npm run doctor` checks, in order; every AWS call goes through `clients`. `file` is the config's, for the fix commands. */
export async function runChecks(config: SigninWatchConfig, clients: DoctorClients, file = DEFAULT_CONFIG_FILE): Promise<Check[]> {
  const names = resourceNames(config.namePrefix);
  let enabled: Set<string>;
  try {
    enabled = await enabledRegions(clients.account());
  } catch (error) {
    return [{ status: 'fail', name: 'regions', detail: `could not list the account's regions (${messageOf(error)}): the doctor needs account:ListRegions.` }];
  }
  const regions = forwarderRegions(config).filter((region) => enabled.has(region));

  const toCentralBus = (target: Parameters<RuleSpec['target']>[0], ruleAccount: string): string | undefined => {
    const busArn = eventBusArn(config.homeRegion, config.centralAccountId ?? ruleAccount, names.centralBus);
    if (target.Arn !== busArn) return `targets ${target.Arn}, not the central bus ${busArn}.`;
    if (!target.RoleArn) return 'has no role, which a bus in another region or account requires.';
    if (!target.DeadLetterConfig?.Arn) return 'has no dead-letter queue.';
    if (target.RetryPolicy?.MaximumRetryAttempts !== TARGET_RETRY_POLICY.maximumRetryAttempts || target.RetryPolicy?.MaximumEventAgeInSeconds !== TARGET_RETRY_POLICY.maximumEventAgeInSeconds) {
      return 'retries less than 24 hours and 185 attempts.';
    }
    return undefined;
  };
  // Terraform changes a rule in place; '*' also deploys what a stack depends on.
  const deploy = `SIGNIN_WATCH_CONFIG=${file} npx cdktf deploy '*'`;
  const redeployForwarder =
    config.stackSets === undefined ? deploy : `${deploy}, or where StackSets deploys the forwarders, deploy ${names.organizationStack} again from the StackSets administrator account`;
  const withDeadLetterQueue = (target: Parameters<RuleSpec['target']>[0], problem: string | undefined) => problem ?? (target.DeadLetterConfig?.Arn ? undefined : 'has no dead-letter queue.');
  const targetChecks: Record<RuleTarget, RuleSpec['target']> = {
    'central-bus': toCentralBus,
    'alert-function': (target) => withDeadLetterQueue(target, target.Arn?.endsWith(`:function:${names.alertFunction}`) ? undefined : `targets ${target.Arn}, not the ${names.alertFunction} Lambda.`),
    'alarm-topic': (target) => {
      const expected = config.alarmTopicArn ?? `the ${names.alertTopic} topic`;
      const matches = config.alarmTopicArn === undefined ? target.Arn?.endsWith(`:${names.alertTopic}`) : target.Arn === config.alarmTopicArn;
      return withDeadLetterQueue(target, matches ? undefined : `targets ${target.Arn}, not ${expected}.`);
    },
  };
  // Every rule the plan deploys, each signal's forwarders and central rule alike: a deleted one means a signal goes unseen.
  const rules: RuleSpec[] = deploymentPlan(config)
    .rules.filter((rule) => rule.busName !== undefined || regions.includes(rule.region))
    .map((rule) => ({ ...rule, redeploy: rule.busName === undefined ? redeployForwarder : deploy, target: targetChecks[rule.target] }));
  const central = accountRole(config) === 'central' ? [checkCentralBus(config, clients)] : [];

  return [...checkRegions(config, enabled), ...(await Promise.all(central)), ...(await checkTrails(regions, clients)), ...(await Promise.all(rules.map((rule) => checkRule(rule, clients))))];
}

async function checkCentralBus(config: SigninWatchConfig, clients: DoctorClients): Promise<Check> {
  const names = resourceNames(config.namePrefix);
  const name = `bus ${config.homeRegion} ${names.centralBus}`;
  try {
    const bus = await clients.eventbridge(config.homeRegion).send(new DescribeEventBusCommand({ Name: names.centralBus }));
    if (config.organizationId !== undefined && !(bus.Policy ?? '').includes(`"${config.organizationId}"`)) {
      return { status: 'fail', name, detail: `does not admit organization ${config.organizationId}, so member accounts cannot forward: roll out the central account again.` };
    }
    return { status: 'ok', name, detail: `exists and admits ${config.organizationId === undefined ? 'this account' : `organization ${config.organizationId}`}.` };
  } catch (error) {
    if (isNotFound(error)) return { status: 'fail', name, detail: 'is not deployed: roll out the central account first.' };
    return { status: 'fail', name, detail: `could not be read: ${messageOf(error)}.` };
  }
}

const LABEL: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' };

/** Prints one line per check and a summary; 0 when nothing failed. */
export function report(checks: readonly Check[], io: Pick<CliIo, 'stdout'>, account: string): number {
  const width = Math.max(...checks.map((check) => check.name.length));
  for (const check of checks) io.stdout(`${LABEL[check.status]}  ${check.name.padEnd(width)}  ${check.detail}`);
  const count = (status: CheckStatus) => checks.filter((check) => check.status === status).length;
  const failed = count('fail');
  io.stdout(`doctor: ${account}: ${count('ok')} ok, ${count('warn')} warnings, ${failed} failed${failed > 0 ? ': signin-watch does not see every sign-in in this account' : ''}`);
  return failed === 0 ? 0 : 1;
}

export const runDoctor = command('doctor', doctor);

async function doctor(
  args: readonly string[],
  io: CliIo,
  makeClients: (config: SigninWatchConfig) => DoctorClients & OrgDoctorClients,
  credentials: ResolveCredentials = resolveCredentials,
): Promise<number> {
  const { values: parsed } = parseCommandLine({ args: [...args], options: { config: { type: 'string' }, org: { type: 'boolean', default: false }, html: { type: 'string' }, ...HELP_OPTION } });
  if (parsed.help) {
    io.stdout(USAGE);
    return 0;
  }
  const config = loadConfigOrReport(parsed.config, io);
  if (config === undefined) return 1;
  if (parsed.org && config.stackSets === undefined) {
    io.stderr(
      `doctor: --org checks the organization's StackSets rollout, and ${configFile(parsed.config, io.env)} sets no stackSets: run it without --org, or with the config of the StackSets administrator.`,
    );
    return 2;
  }
  const noCredentials = await credentialsProblem(config, credentials, 'doctor');
  if (noCredentials !== undefined) {
    io.stderr(noCredentials);
    return 2;
  }
  const enabled = parsed.org ? new Map<string, ReadonlySet<string>>() : undefined;
  const checks = parsed.org ? await runOrgChecks(config, makeClients(config), enabled) : await runChecks(config, makeClients(config), configFile(parsed.config, io.env));
  const lines: string[] = [];
  const print = (line: string): void => {
    lines.push(line);
    io.stdout(line);
  };
  const code = report(checks, { stdout: print }, parsed.org ? `organization ${config.organizationId ?? ''}`.trim() : config.accountId === undefined ? 'this account' : `account ${config.accountId}`);
  // The page carries the same summary line, the last one printed.
  const problem = parsed.html === undefined ? undefined : writeCoveragePage(parsed.html, checks, lines[lines.length - 1], config, enabled);
  if (problem !== undefined) io.stderr(`doctor: ${problem}`);
  return problem === undefined ? code : Math.max(code, 2);
}

if (require.main === module) runCommand(runDoctor, doctorClients);
