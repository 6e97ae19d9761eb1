import { Testing, TerraformStack } from 'cdktf';
import type { StateBackend } from '../../core/config';
import { configureStateBackend } from '../../stacks/backend';
import { synthesize } from '../helpers/synth';

function backendOf(location: { accountId?: string; stateBackend?: StateBackend }) {
  const stack = new TerraformStack(Testing.app(), 'signin-watch-forwarder-eu-west-1');
  configureStateBackend(stack, { stackName: 'signin-watch-forwarder-eu-west-1', localStateDir: '/work/project', ...location });
  return synthesize(stack).json.terraform?.backend;
}

const BUCKET: StateBackend = { bucket: 'acme-terraform-state', region: 'eu-west-1', keyPrefix: 'security/signin-watch' };

describe('configureStateBackend', () => {
  it("adds no backend for a single-account install, so cdktf's default local state stays", () => {
    // Assess
    expect(backendOf({})).toBeUndefined();
  });

  it("keeps each account's local state apart, since stack names repeat in every account", () => {
    // Assess
    expect(backendOf({ accountId: '222222222222' })).toEqual({ local: { path: '/work/project/state/222222222222/terraform.signin-watch-forwarder-eu-west-1.tfstate' } });
  });

  it('puts state in S3, one encrypted key per account and stack, locked by a lock file', () => {
    // Assess
    expect(backendOf({ accountId: '222222222222', stateBackend: BUCKET })).toEqual({
      s3: { bucket: 'acme-terraform-state', key: 'security/signin-watch/222222222222/signin-watch-forwarder-eu-west-1.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true },
    });
  });

  it('locks with the DynamoDB table instead when one is configured', () => {
    // Act
    const backend = backendOf({ accountId: '222222222222', stateBackend: { ...BUCKET, lockTable: 'terraform-locks' } });

    // Assess
    expect(backend).toEqual({ s3: expect.objectContaining({ dynamodb_table: 'terraform-locks' }) });
    expect(backend).not.toHaveProperty('s3.use_lockfile');
  });
});
