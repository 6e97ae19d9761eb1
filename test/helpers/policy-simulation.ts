// @cloud-copilot/iam-simulate is AGPL-3.0: a devDependency for these tests only, never shipped.
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { defineStacks } from '../../synth/define-stacks';
import { forwarderRegions, parseConfig } from '../../core/config';
import { resourceNames } from '../../core/deploy/names';
import { fromTerraformLiteral } from '../../stacks/organization-stack';
import type { SynthesizedStack } from './synth';

/** The account `data.aws_caller_identity` stands for when a config names none. */
export const FAKE_ACCOUNT = '123456789012';

type Resource = Record<string, unknown>;
export type PolicyDocument = { Version: string; Statement: Array<Record<string, unknown>> };

export function fail(message: string): never {
  throw new Error(message);
}

/**
 * A synthesized stack as it would be once applied: every Terraform reference replaced by
 * the value AWS gives it. ARNs are built the way each service documents them, from the
 * resources' own `name` attributes; a reference this table does not know fails the test
 * rather than being guessed.
 */
export class AppliedStack {
  readonly region: string;

  constructor(
    private readonly stack: SynthesizedStack,
    readonly account: string,
  ) {
    this.region = String(stack.provider.aws[0].region);
  }

  /** Every resource of a type, references resolved. */
  resources(type: string): Resource[] {
    return Object.values(this.stack.resource[type] ?? {}).map((resource) => this.resolve(resource) as Resource);
  }

  /** The policy document in a resource's JSON attribute, references resolved. */
  policies(type: string, attribute = 'policy'): PolicyDocument[] {
    return this.resources(type).map((resource) => JSON.parse(String(resource[attribute])) as PolicyDocument);
  }

  /** The ARN of the resource of a type with this name (or, for a key, which has none, this construct id). */
  arn(type: string, name: string): string {
    const id = Object.entries(this.stack.resource[type] ?? {}).find(([key, resource]) => this.resolve(resource.name ?? resource.function_name ?? key) === name)?.[0];
    return id === undefined ? fail(`no ${type} named ${name}`) : this.reference(`${type}.${id}.arn`);
  }

  /** The policy attached to a queue, if any: SQS finds it by the queue's URL. */
  queuePolicy(queueArn: string): PolicyDocument | undefined {
    const [, , , region, account, name] = queueArn.split(':');
    const policy = this.resources('aws_sqs_queue_policy').find((resource) => resource.queue_url === `https://sqs.${region}.amazonaws.com/${account}/${name}`);
    return policy === undefined ? undefined : (JSON.parse(String(policy.policy)) as PolicyDocument);
  }

  /** The ARN of every rule of the stack. */
  rules(): string[] {
    return this.resources('aws_cloudwatch_event_rule').map((rule) => this.ruleArn(String(rule.name), rule.event_bus_name));
  }

  /** A rule's ARN: rules on a custom bus carry the bus name in theirs. */
  ruleArn(name: string, bus?: unknown): string {
    return bus === undefined || bus === 'default' ? `arn:aws:events:${this.region}:${this.account}:rule/${name}` : `arn:aws:events:${this.region}:${this.account}:rule/${String(bus)}/${name}`;
  }

  /** Every rule target: the rule's ARN, what it invokes, with which role, and its dead-letter queue. */
  targets(): Array<{ rule: string; arn: string; role?: string; deadLetterQueue?: string }> {
    return this.resources('aws_cloudwatch_event_target').map((target) => ({
      rule: this.ruleArn(String(target.rule), target.event_bus_name),
      arn: String(target.arn),
      role: target.role_arn as string | undefined,
      deadLetterQueue: (target.dead_letter_config as { arn?: string } | undefined)?.arn,
    }));
  }

  private resolve(value: unknown): unknown {
    if (typeof value === 'string') return value.replace(/\$\{([\w.-]+)\}/g, (_, reference: string) => this.reference(reference));
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.resolve(item)]));
    return value;
  }

  private reference(reference: string): string {
    if (reference === 'data.aws_caller_identity.account.account_id') return this.account;
    const [type, id, attribute] = reference.split('.');
    const resource = this.stack.resource[type]?.[id];
    if (resource === undefined) fail(`unknown reference \${${reference}}`);
    const name = this.resolve(resource.name ?? resource.function_name) as string;
    if (attribute === 'name' || attribute === 'function_name') return name;
    if (type === 'aws_sqs_queue' && attribute === 'url') return `https://sqs.${this.region}.amazonaws.com/${this.account}/${name}`;
    if (attribute !== 'arn') fail(`no value for \${${reference}}`);
    const [region, account] = [this.region, this.account];
    const arns: Record<string, () => string> = {
      aws_cloudwatch_event_bus: () => `arn:aws:events:${region}:${account}:event-bus/${name}`,
      aws_cloudwatch_event_rule: () => this.ruleArn(name, this.resolve(resource.event_bus_name)),
      aws_cloudwatch_log_group: () => `arn:aws:logs:${region}:${account}:log-group:${name}`,
      aws_iam_role: () => `arn:aws:iam::${account}:role/${name}`,
      aws_dynamodb_table: () => `arn:aws:dynamodb:${region}:${account}:table/${name}`,
      // A key has no name: AWS gives it a random id, stood in for by one per key of the stack.
      aws_kms_key: () => `arn:aws:kms:${region}:${account}:key/0e1f2a3b-4c5d-4e6f-8a9b-${String(Object.keys(this.stack.resource[type]).indexOf(id)).padStart(12, '0')}`,
      aws_lambda_function: () => `arn:aws:lambda:${region}:${account}:function:${name}`,
      aws_sns_topic: () => `arn:aws:sns:${region}:${account}:${name}`,
      aws_sqs_queue: () => `arn:aws:sqs:${region}:${account}:${name}`,
    };
    return (arns[type] ?? (() => fail(`no ARN rule for \${${reference}}`)))();
  }
}

/** The stacks `main.ts` defines for a config (through the same `defineStacks`), as they would be applied in its account. */
export function applyConfig(settings: Record<string, unknown>): { central?: AppliedStack; forwarders: AppliedStack[]; organization?: SynthesizedStack } {
  const config = parseConfig(JSON.stringify(settings), 'test.json');
  const names = resourceNames(config.namePrefix);
  const account = config.accountId ?? FAKE_ACCOUNT;
  const app = Testing.app();
  // Like fakeLambdaPackage's: one fixed folder, rewritten by each synth, which reads it before the next.
  const dir = join(tmpdir(), 'signin-watch-policy-simulation');
  mkdirSync(dir, { recursive: true });
  defineStacks(app, config, { bundle: join(__dirname, '..', '..', 'dist', 'lambda', 'index.js'), zip: join(dir, 'alert-package.zip') }, dir);
  const synthesized = (name: string) => {
    const stack = app.node.tryFindChild(name);
    return stack instanceof TerraformStack ? (JSON.parse(Testing.synth(stack)) as SynthesizedStack) : undefined;
  };
  const central = synthesized(names.centralStack);
  return {
    central: central === undefined ? undefined : new AppliedStack(central, account),
    forwarders: forwarderRegions(config).map((region) => new AppliedStack(synthesized(names.forwarderStack(region)) ?? fail(`no forwarder for ${region}`), account)),
    organization: synthesized(names.organizationStack),
  };
}

/**
 * One stack set's template as CloudFormation would deploy it in an account and region: the
 * intrinsic functions the forwarder template uses, resolved; any other fails the test.
 */
export function applyTemplate(templateBody: string, region: string, account: string): Record<string, { Type: string; Properties: Resource }> {
  const template = JSON.parse(fromTerraformLiteral(templateBody)) as { Resources: Record<string, { Type: string; Properties: Resource }> };
  const resource = (logicalId: string) => template.Resources[logicalId] ?? fail(`no resource ${logicalId} in the forwarder template`);
  const arnOf = (logicalId: string): string => {
    const { Type, Properties } = resource(logicalId);
    if (Type === 'AWS::SQS::Queue') return `arn:aws:sqs:${region}:${account}:${String(Properties.QueueName)}`;
    if (Type === 'AWS::IAM::Role') return `arn:aws:iam::${account}:role/${String(Properties.RoleName)}`;
    return fail(`no ARN rule for ${Type}`);
  };
  const refOf = (logicalId: string): string => {
    const { Type, Properties } = resource(logicalId);
    return Type === 'AWS::SQS::Queue' ? `https://sqs.${region}.amazonaws.com/${account}/${String(Properties.QueueName)}` : fail(`no Ref rule for ${Type}`);
  };
  const pseudo: Record<string, string> = { Partition: 'aws', Region: region, AccountId: account };
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const record = value as Resource;
    if ('Fn::Sub' in record) return String(record['Fn::Sub']).replace(/\$\{AWS::(\w+)\}/g, (_, name: string) => pseudo[name] ?? fail(`no value for AWS::${name}`));
    if ('Fn::GetAtt' in record) {
      const [logicalId, attribute] = record['Fn::GetAtt'] as [string, string];
      return attribute === 'Arn' ? arnOf(logicalId) : fail(`no value for ${logicalId}.${attribute}`);
    }
    if ('Ref' in record) return refOf(String(record.Ref));
    const intrinsic = Object.keys(record).find((key) => key.startsWith('Fn::'));
    if (intrinsic !== undefined) fail(`no translation for ${intrinsic} in the forwarder template`);
    return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, resolve(item)]));
  };
  return resolve(template.Resources) as Record<string, { Type: string; Properties: Resource }>;
}

/** A forwarder's role as EventBridge assumes it to deliver: its account, name, policies, and every source its rules forward. */
export interface Forwarder {
  readonly account: string;
  readonly role: string;
  readonly policy: PolicyDocument[];
  readonly sources: string[];
}

const sourcesOf = (patterns: unknown[]): string[] => [...new Set(patterns.flatMap((pattern) => ((typeof pattern === 'string' ? JSON.parse(pattern) : pattern) as { source: string[] }).source))];

export function forwarderOf(stack: AppliedStack): Forwarder {
  return {
    account: stack.account,
    role: String(stack.resources('aws_iam_role')[0].name),
    policy: stack.policies('aws_iam_role_policy'),
    sources: sourcesOf(stack.resources('aws_cloudwatch_event_rule').map((rule) => rule.event_pattern)),
  };
}

/** The same, from a forwarder template as `applyTemplate` deployed it in an account. */
export function forwarderOfTemplate(resources: ReturnType<typeof applyTemplate>, account: string): Forwarder {
  const all = Object.values(resources);
  const role = all.find(({ Type }) => Type === 'AWS::IAM::Role')?.Properties ?? fail('no role in the forwarder template');
  return {
    account,
    role: String(role.RoleName),
    policy: (role.Policies as Array<{ PolicyDocument: PolicyDocument }>).map((policy) => policy.PolicyDocument),
    sources: sourcesOf(all.filter(({ Type }) => Type === 'AWS::Events::Rule').map(({ Properties }) => Properties.EventPattern)),
  };
}

/**
 * The resource-based policy statement Lambda itself writes for `AddPermission`, which is all
 * an `aws_lambda_permission` does: the principal, the action, the function, and `--source-arn`
 * as an `ArnLike` condition on `AWS:SourceArn` (Lambda Developer Guide, "Using resource-based
 * policies in Lambda": https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html).
 * A permission attribute this translation does not cover fails the test instead of being dropped.
 */
export function lambdaPermissionPolicy(stack: AppliedStack): PolicyDocument {
  const known = new Set(['statement_id', 'action', 'function_name', 'principal', 'source_arn']);
  return {
    Version: '2012-10-17',
    Statement: stack.resources('aws_lambda_permission').map((permission) => {
      const unknown = Object.keys(permission).filter((key) => !known.has(key));
      if (unknown.length > 0) fail(`aws_lambda_permission ${String(permission.statement_id)}: no translation for ${unknown.join(', ')}`);
      return {
        Sid: permission.statement_id,
        Effect: 'Allow',
        Principal: { Service: permission.principal },
        Action: permission.action,
        Resource: `arn:aws:lambda:${stack.region}:${stack.account}:function:${String(permission.function_name)}`,
        Condition: { ArnLike: { 'AWS:SourceArn': permission.source_arn } },
      };
    }),
  };
}

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

export interface SimulatedRequest {
  /** An IAM role, an assumed-role session, or a service principal such as `events.amazonaws.com`. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Request context: the simulator derives none, so every key a condition reads is given here. */
  readonly context?: Record<string, string | string[]>;
}

/**
 * AWS's decision on one request, given the caller's identity policies and the resource's
 * policy. A simulation the simulator cannot run, or a context key it drops, fails the
 * test: a denial must come from the policies, never from a malformed request.
 */
export async function decide(request: SimulatedRequest, policies: { identity?: PolicyDocument[]; resource?: PolicyDocument }): Promise<Decision> {
  const result = await runSimulation(
    {
      request: { principal: request.principal, action: request.action, resource: { resource: request.resource, accountId: request.resource.split(':')[4] }, contextVariables: request.context ?? {} },
      identityPolicies: (policies.identity ?? []).map((policy, index) => ({ name: `identity-${index}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: policies.resource,
    },
    {},
  );
  if (result.resultType === 'error') fail(`simulation failed: ${JSON.stringify(result.errors)}`);
  if (result.resultType !== 'single') fail(`expected one simulated resource for ${request.resource}`);
  if ((result.result.ignoredContextKeys ?? []).length > 0) fail(`the simulator ignored ${result.result.ignoredContextKeys?.join(', ')} for ${request.action}`);
  return result.overallResult as Decision;
}

/** A request and the policies that decide it. */
export type Case = [SimulatedRequest, { identity?: PolicyDocument[]; resource?: PolicyDocument }];

/** Decisions for named requests, in one object, so that a failure names every request that changed. */
export async function decideAll(requests: Record<string, Case>): Promise<Record<string, Decision>> {
  const entries = await Promise.all(Object.entries(requests).map(async ([name, [request, policies]]) => [name, await decide(request, policies)] as const));
  return Object.fromEntries(entries);
}

/** What `decideAll` must answer: these names allowed, those denied (no statement allows them). */
export function outcomes(allowed: string[], denied: string[]): Record<string, Decision> {
  return Object.fromEntries([...allowed.map((name) => [name, 'Allowed' as const]), ...denied.map((name) => [name, 'ImplicitlyDenied' as const])]);
}

/** One case per ARN, named after it. */
export function casesFor(prefix: string, arns: string[], make: (arn: string) => Case): Record<string, Case> {
  return Object.fromEntries(arns.map((arn) => [`${prefix} ${arn}`, make(arn)]));
}

/** A service acting for a rule or alarm, as the service says so: aws:SourceArn and aws:SourceAccount. */
export function onBehalfOf(service: string, source: string, action: string, resource: string, policy: PolicyDocument | undefined): Case {
  return [{ principal: service, action, resource, context: { 'aws:SourceArn': source, 'aws:SourceAccount': source.split(':')[4] } }, { resource: policy }];
}

/** The same ARN in another account. */
export const inAccount = (arn: string, account: string): string => arn.replace(/:\d{12}:/, `:${account}:`);

/** Resources EventBridge uses for a rule, such as its dead-letter queue or its target's role, and the rules that use each. */
export interface RuleScoped {
  readonly resource: string;
  readonly action: string;
  readonly policy?: PolicyDocument;
  readonly users: string[];
}

/** The rules (ARN plus the resource it uses) grouped by resource. */
export const usedBy = (targets: Array<{ rule: string; resource?: string }>): Array<{ resource: string; users: string[] }> =>
  [...new Set(targets.flatMap((target) => (target.resource === undefined ? [] : [target.resource])))].map((resource) => ({
    resource,
    users: targets.filter((target) => target.resource === resource).map((target) => target.rule),
  }));

/** Each resource allowed to the rules that use it; denied to every other rule, and to a user's namesake in `outsider`. */
export function ruleScopedCases(used: RuleScoped[], rules: string[], outsider: string): { cases: Record<string, Case>; expected: Record<string, Decision> } {
  const allowed: Record<string, Case> = {};
  const denied: Record<string, Case> = {};
  for (const { resource, action, policy, users } of used) {
    const request = (rule: string) => onBehalfOf('events.amazonaws.com', rule, action, resource, policy);
    Object.assign(allowed, casesFor(`${action} ${resource} for`, users, request));
    Object.assign(denied, casesFor(`${action} ${resource} for`, [...rules.filter((rule) => !users.includes(rule)), inAccount(users[0], outsider)], request));
  }
  return { cases: { ...allowed, ...denied }, expected: outcomes(Object.keys(allowed), Object.keys(denied)) };
}
