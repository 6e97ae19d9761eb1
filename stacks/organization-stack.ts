import { CloudformationStackSet } from '@cdktf/provider-aws/lib/cloudformation-stack-set';
import { CloudformationStackSetInstance } from '@cdktf/provider-aws/lib/cloudformation-stack-set-instance';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { StackSetsConfig } from '../core/config';
import { stackSetsCallAs } from '../core/deploy/plan';
import { forwarderModel } from '../core/deploy/forwarder-model';
import type { ExtraSignal } from '../core/config';
import { forwarderTemplate } from '../core/deploy/forwarder-template';
import { resourceNames } from '../core/deploy/names';
import { type AccountAccess, regionalProvider } from './provider';

/**
 * How a stack set operation runs. One stack set per region means each operation covers
 * one region, so region ordering does not apply. Every account runs at once (the
 * 1,000 accounts of a large organization stay under the 3,500 concurrent instance
 * operations a region allows an administrator), and a failure in one account never
 * stops the others: the usual failure is an opt-in region that an account has not
 * enabled, which is expected, and `npm run doctor -- --org` lists every failed instance.
 */
export const STACK_SET_OPERATION = {
  maxConcurrentPercentage: 100,
  failureTolerancePercentage: 100,
  concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
} as const;

/**
 * A string Terraform must take literally: `${` and `%{` start interpolations and
 * directives in Terraform strings, and CloudFormation's Fn::Sub uses `${AWS::Region}`.
 */
export function terraformLiteral(text: string): string {
  // A function replacer, because `$$` in a replacement string means a single `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** What Terraform makes of a `terraformLiteral`: the text that reaches AWS. */
export function fromTerraformLiteral(literal: string): string {
  return literal.replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
}

export interface OrganizationStackProps extends AccountAccess {
  /** Where the stack sets live (a stack set is a regional resource of its administrator account). */
  readonly homeRegion: string;
  /** Every region that gets a forwarder. */
  readonly regions: readonly string[];
  readonly centralAccountId: string;
  readonly stackSets: StackSetsConfig;
  readonly identityCenterRegion?: string;
  readonly extraSignals?: readonly ExtraSignal[];
}

/**
 * The organization's forwarders, for the StackSets administrator account (the
 * management account or a delegated administrator): one service-managed stack set per
 * region, with automatic deployment, so that every account of the target OUs gets the
 * region's forwarder, including accounts created or moved in later. The template is
 * `forwarderTemplate`, rendered from the same model as the cdktf forwarder. The central
 * account is left out, because it deploys its forwarders with its central stack, and
 * StackSets never deploys to the management account, which needs its own.
 */
export class OrganizationStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: OrganizationStackProps) {
    super(scope, id);
    const names = resourceNames(props.namePrefix);
    regionalProvider(this, props.homeRegion, props);
    const callAs = stackSetsCallAs(props.stackSets);
    for (const region of props.regions) {
      const model = forwarderModel({ ...props, region, centralAccount: props.centralAccountId });
      const stackSet = new CloudformationStackSet(this, `stack-set-${region}`, {
        name: names.forwarderStackSet(region),
        description: `signin-watch: forwards console sign-ins in ${region} of every account to the central bus in ${props.homeRegion} of account ${props.centralAccountId}`,
        permissionModel: 'SERVICE_MANAGED',
        callAs,
        autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
        // StackSets queues operations instead of refusing one while another runs.
        managedExecution: { active: true },
        capabilities: ['CAPABILITY_NAMED_IAM'],
        templateBody: terraformLiteral(JSON.stringify(forwarderTemplate(model))),
        // aws_cloudformation_stack_set has no concurrency_mode in provider 5.100; the instances carry it.
        operationPreferences: { maxConcurrentPercentage: STACK_SET_OPERATION.maxConcurrentPercentage, failureTolerancePercentage: STACK_SET_OPERATION.failureTolerancePercentage },
        // With auto_deployment, AWS fills in the StackSets service-linked role as the
        // administration role, and provider 5.100 reads it back into state although the
        // configuration may not set it: every plan then updates every stack set, and every
        // update runs in every account. Fixed only after 5.100 (terraform-provider-aws
        // issue 23464, pull request 45992).
        lifecycle: { ignoreChanges: ['administration_role_arn'] },
      });
      new CloudformationStackSetInstance(this, `stack-set-instances-${region}`, {
        stackSetName: stackSet.name,
        callAs,
        region,
        deploymentTargets: {
          organizationalUnitIds: [...props.stackSets.organizationalUnitIds],
          // The central account's forwarders come with its central stack; two owners of one rule would fight.
          accountFilterType: 'DIFFERENCE',
          accounts: [props.centralAccountId],
        },
        operationPreferences: { ...STACK_SET_OPERATION },
      });
    }
  }
}
