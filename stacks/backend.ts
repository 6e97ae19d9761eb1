import { join } from 'node:path';
import { LocalBackend, S3Backend, type TerraformStack } from 'cdktf';
import type { StateBackend } from '../core/config';

export interface StateLocation {
  /** The stack's name, which is also its state's file name. */
  readonly stackName: string;
  readonly accountId?: string;
  readonly stateBackend?: StateBackend;
  /** Where local state goes; cdktf's own default is the working directory. */
  readonly localStateDir: string;
}

/** The key of a stack's state in the shared bucket: one per account and stack. */
export function stateKey(backend: StateBackend, accountId: string, stackName: string): string {
  return `${backend.keyPrefix}/${accountId}/${stackName}.tfstate`;
}

/**
 * Where a stack keeps its Terraform state. Without an account id, cdktf's default
 * (one local file per stack) stays. With one, local state moves under `state/<account>/`,
 * because the stack names are the same in every account and one file must never hold
 * two accounts' resources. With `stateBackend`, state goes to S3, one key per account and stack.
 */
export function configureStateBackend(stack: TerraformStack, location: StateLocation): void {
  const { stackName, accountId, stateBackend } = location;
  if (stateBackend !== undefined && accountId !== undefined) {
    const backend = new S3Backend(stack, {
      bucket: stateBackend.bucket,
      key: stateKey(stateBackend, accountId, stackName),
      region: stateBackend.region,
      encrypt: true,
      ...(stateBackend.lockTable === undefined ? {} : { dynamodbTable: stateBackend.lockTable }),
    });
    // cdktf 0.21 predates S3's native locking (Terraform 1.10), so it has no property for it.
    if (stateBackend.lockTable === undefined) backend.addOverride('use_lockfile', true);
  } else if (accountId !== undefined) {
    new LocalBackend(stack, { path: join(location.localStateDir, 'state', accountId, `terraform.${stackName}.tfstate`) });
  }
}
