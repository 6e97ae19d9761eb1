import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of cdktf's manifest.json and of a stack's cdk.tf.json that a preview reads. */
interface Manifest {
  readonly stacks: Record<string, { readonly synthesizedStackPath: string; readonly dependencies: readonly string[] }>;
}
interface StackJson {
  readonly provider?: { readonly aws?: ReadonlyArray<{ readonly region?: string }> };
  readonly resource?: Record<string, Record<string, unknown>>;
}

export const DIFF_NOTE =
  'This is what a first deploy creates; it does not compare with what is deployed. For that, `npx cdktf diff STACK` runs terraform plan on one stack: it needs AWS credentials and the Terraform registry (or a mirror).';

/**
 * The stacks of a synthesized app and, per stack, its resources by type and name. A stack
 * with the same resources as one listed before (the forwarders of most regions) is one line.
 * @param readStack reads a stack's cdk.tf.json, by its path in the manifest
 */
export function describeSynth(manifest: Manifest, readStack: (path: string) => StackJson): string[] {
  const lines: string[] = [];
  const seen = new Map<string, string>();
  let total = 0;
  for (const [name, stack] of Object.entries(manifest.stacks)) {
    const json = readStack(stack.synthesizedStackPath);
    const resources = Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((id) => [type, id] as const));
    total += resources.length;
    const region = json.provider?.aws?.[0]?.region ?? 'no region';
    const after = stack.dependencies.length > 0 ? `, after ${stack.dependencies.join(', ')}` : '';
    const key = JSON.stringify(resources);
    const twin = seen.get(key);
    if (twin !== undefined) {
      lines.push(`${name} (${region}, ${resources.length} resources${after}): the same as ${twin}`);
      continue;
    }
    seen.set(key, name);
    lines.push(`${name} (${region}, ${resources.length} resources${after}):`);
    const width = Math.max(0, ...resources.map(([type]) => type.length));
    for (const [type, id] of resources) lines.push(`  ${type.padEnd(width)}  ${id}`);
  }
  lines.push(`plan: ${Object.keys(manifest.stacks).length} stacks, ${total} resources. ${DIFF_NOTE}`);
  return lines;
}

/** npm run plan: synthesizes (the npm script does), then lists what cdktf.out holds. No credentials, no network. */
if (require.main === module) {
  const outdir = process.env.CDKTF_OUTDIR || 'cdktf.out';
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as Manifest;
  process.stdout.write(`${describeSynth(manifest, (path) => JSON.parse(readFileSync(join(outdir, path), 'utf8')) as StackJson).join('\n')}\n`);
}
