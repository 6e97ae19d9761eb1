import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, type TerraformStack } from 'cdktf';
import { strToU8, zipSync } from 'fflate';
import { CentralStack, type CentralStackProps } from '../../stacks/central-stack';
import { ForwarderStack, type ForwarderStackProps } from '../../stacks/forwarder-stack';

/** Synthesized Terraform JSON, with the resource and data blocks typed loosely for assertions. */
export interface SynthesizedStack {
  readonly provider: { aws: Array<Record<string, unknown>> };
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data: Record<string, Record<string, Record<string, unknown>>>;
  readonly terraform: Record<string, unknown>;
}

export function synthesize(stack: TerraformStack): { raw: string; json: SynthesizedStack } {
  const raw = Testing.synth(stack);
  return { raw, json: JSON.parse(raw) as SynthesizedStack };
}

/** The only resource of a type in a stack; fails when there is not exactly one. */
export function onlyResource(json: SynthesizedStack, type: string): Record<string, unknown> {
  const found = Object.values(json.resource[type] ?? {});
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

/** Every resource of a type, keyed by its physical name (stable, unlike hashed logical ids). */
export function resourcesByName(json: SynthesizedStack, type: string): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.values(json.resource[type] ?? {}).map((resource) => [String(resource.name ?? resource.alarm_name), resource]));
}

export const BASE_FORWARDER_PROPS: ForwarderStackProps = { region: 'eu-west-1', homeRegion: 'us-east-1', namePrefix: 'signin-watch' };

/** A stand-in Lambda zip: the stacks only copy it into the synthesized assets. */
export function fakeLambdaPackage(): string {
  const dir = join(tmpdir(), 'signin-watch-test-package');
  mkdirSync(dir, { recursive: true });
  const zip = join(dir, 'alert-package.zip');
  writeFileSync(
    zip,
    zipSync({
      'index.js': strToU8('exports.handler = async () => {};\n'),
      'settings.json': strToU8('{"allowedCidrs":[],"accountAllowedCidrs":{},"exceptions":[],"regions":["us-east-1"],"accountNames":{}}\n'),
    }),
  );
  return zip;
}

export function baseCentralProps(): CentralStackProps {
  return {
    homeRegion: 'us-east-1',
    namePrefix: 'signin-watch',
    notificationEmails: ['security@example.com'],
    logRetentionDays: 365,
    lambdaPackagePath: fakeLambdaPackage(),
  };
}

/**
 * Synthesis is a pure function of a stack's props, and most tests of a file synthesize the
 * same few: each props object is synthesized once per file, and every caller gets its own
 * parse of the JSON, free to change it.
 */
function once(synth: () => string, cache: Map<string, string>, props: object): { raw: string; json: SynthesizedStack } {
  // undefined kept in the key: an override to undefined replaces a base prop.
  const key = JSON.stringify(props, (_name, value: unknown) => (value === undefined ? '(undefined)' : value));
  let raw = cache.get(key);
  if (raw === undefined) {
    raw = synth();
    cache.set(key, raw);
  }
  return { raw, json: JSON.parse(raw) as SynthesizedStack };
}

const forwarders = new Map<string, string>();
const centrals = new Map<string, string>();

export function synthForwarder(overrides: Partial<ForwarderStackProps> = {}) {
  return once(() => synthesize(new ForwarderStack(Testing.app(), 'forwarder', { ...BASE_FORWARDER_PROPS, ...overrides })).raw, forwarders, overrides);
}

export function synthCentral(overrides: Partial<CentralStackProps> = {}) {
  return once(() => synthesize(new CentralStack(Testing.app(), 'central', { ...baseCentralProps(), ...overrides })).raw, centrals, overrides);
}

/** Parses a JSON string property (policies and patterns are synthesized as strings). */
export function parseJsonProperty<T = Record<string, unknown>>(resource: Record<string, unknown>, key: string): T {
  return JSON.parse(resource[key] as string) as T;
}
