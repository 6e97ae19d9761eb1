import { readFileSync } from 'node:fs';

/** Stacks that are the same Terraform once their region is normalised, validated once for all. */
export interface StackShape {
  /** A name for the shape that Terraform accepts as a module name, from its first stack's label. */
  readonly id: string;
  /** The folder of its first stack. */
  readonly dir: string;
  /** The labels of every stack it stands for, the first first. */
  readonly stacks: string[];
  /** The first stack's Terraform JSON without its backend block. */
  readonly withoutBackend: Record<string, unknown>;
}

/**
 * Groups stacks by shape: the Terraform JSON with the backend block left out (terraform
 * validate does not read it) and every occurrence of the stack's own region (its provider's
 * region) replaced by a placeholder. Two stacks of one shape differ in nothing but the region
 * they deploy to, a string that terraform validate does not check; stacks that differ
 * anywhere else, in their rules, alarms, policies or the region of another resource they
 * name, are shapes of their own.
 */
export function stackShapes(stacks: ReadonlyArray<{ readonly label: string; readonly dir: string }>): StackShape[] {
  const shapes = new Map<string, StackShape>();
  for (const { label, dir } of stacks) {
    const json = JSON.parse(readFileSync(`${dir}/cdk.tf.json`, 'utf8')) as { terraform?: Record<string, unknown>; provider?: { aws?: Array<{ region?: string }> } };
    const { backend: _backend, ...terraform } = json.terraform ?? {};
    const withoutBackend = { ...json, terraform };
    const region = json.provider?.aws?.[0]?.region;
    const text = JSON.stringify(withoutBackend);
    const key = region === undefined ? text : regionNormalised(text, region);
    const shape = shapes.get(key);
    if (shape === undefined) {
      shapes.set(key, { id: label.replace(/[^A-Za-z0-9_-]/g, '_'), dir, stacks: [label], withoutBackend });
    } else {
      shape.stacks.push(label);
    }
  }
  return [...shapes.values()];
}

/** Replaces every occurrence of `region` in `text` by a placeholder: the shape of a regional template. */
export const regionNormalised = (text: string, region: string): string => text.split(region).join('@REGION@');
