import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackShapes } from '../../scripts/stack-shapes';

/** A forwarder-like stack: its provider's region, a rule naming the region, and a backend. */
const stack = (region: string, overrides: { rule?: string; bucketRegion?: string; backendPath?: string } = {}) => ({
  provider: { aws: [{ region }] },
  resource: { aws_cloudwatch_event_rule: { rule: { name: overrides.rule ?? 'forward', description: `Forwards sign-ins in ${region} to us-east-1` } } },
  terraform: { backend: { local: { path: overrides.backendPath ?? `/state/terraform.forwarder-${region}.tfstate` } }, required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
});

describe('stackShapes (npm run validate)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-shapes-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function write(label: string, json: unknown) {
    const stackDir = join(dir, label);
    mkdirSync(stackDir, { recursive: true });
    writeFileSync(join(stackDir, 'cdk.tf.json'), JSON.stringify(json));
    return { label, dir: stackDir };
  }

  it('makes one shape of stacks that differ only in their own region, and names every stack it stands for', () => {
    // Act
    const shapes = stackShapes([write('a/eu-west-1', stack('eu-west-1')), write('a/ap-south-1', stack('ap-south-1')), write('b/eu-north-1', stack('eu-north-1'))]);

    // Assess
    expect(shapes.map((shape) => [shape.id, shape.stacks])).toEqual([['a_eu-west-1', ['a/eu-west-1', 'a/ap-south-1', 'b/eu-north-1']]]);
  });

  it('leaves the backend out of the shape and of the Terraform it validates', () => {
    // Act
    const shapes = stackShapes([write('a', stack('eu-west-1', { backendPath: '/one' })), write('b', stack('eu-west-1', { backendPath: '/two' }))]);

    // Assess
    expect(shapes).toHaveLength(1);
    expect(shapes[0].withoutBackend.terraform).toEqual({ required_providers: { aws: { source: 'aws', version: '5.100.0' } } });
  });

  it('keeps apart stacks that differ anywhere else, such as a resource or the region of another resource', () => {
    // Prepare
    const otherHome = stack('eu-north-1');
    otherHome.resource.aws_cloudwatch_event_rule.rule.description = 'Forwards sign-ins in eu-north-1 to eu-west-1';

    // Act
    const shapes = stackShapes([write('a', stack('eu-west-1')), write('b', stack('eu-west-2', { rule: 'other' })), write('c', otherHome)]);

    // Assess
    expect(shapes.map((shape) => shape.stacks)).toEqual([['a'], ['b'], ['c']]);
  });
});
