import { Testing } from 'cdktf';
import { forwarderModel } from '../../core/deploy/forwarder-model';
import { forwarderTemplate } from '../../core/deploy/forwarder-template';
import { fromTerraformLiteral, OrganizationStack, type OrganizationStackProps, terraformLiteral } from '../../stacks/organization-stack';
import { synthesize } from '../helpers/synth';

const PROPS: OrganizationStackProps = {
  homeRegion: 'eu-west-1',
  namePrefix: 'signin-watch',
  regions: ['us-east-1', 'eu-west-1', 'af-south-1'],
  centralAccountId: '111111111111',
  accountId: '999999999999',
  stackSets: { organizationalUnitIds: ['r-a1b2', 'ou-a1b2-c3d4e5f6'], managementAccountId: '999999999999', adminAccountId: '999999999999' },
};

function synthOrganization(overrides: Partial<OrganizationStackProps> = {}) {
  return synthesize(new OrganizationStack(Testing.app(), 'organization', { ...PROPS, ...overrides })).json;
}

describe('OrganizationStack', () => {
  it('creates one service-managed, auto-deploying stack set per region, named like the forwarder stack', () => {
    // Act
    const stackSets = Object.values(synthOrganization().resource.aws_cloudformation_stack_set);

    // Assess
    expect(stackSets.map((stackSet) => stackSet.name).sort()).toEqual(['signin-watch-forwarder-af-south-1', 'signin-watch-forwarder-eu-west-1', 'signin-watch-forwarder-us-east-1']);
    for (const stackSet of stackSets) {
      expect(stackSet).toMatchObject({
        permission_model: 'SERVICE_MANAGED',
        call_as: 'SELF',
        auto_deployment: { enabled: true, retain_stacks_on_account_removal: false },
        managed_execution: { active: true },
        capabilities: ['CAPABILITY_NAMED_IAM'],
      });
    }
  });

  it('ignores the administration role that AWS fills in, so a plan after apply does not update every stack set in every account', () => {
    // Act
    const stackSets = Object.values(synthOrganization().resource.aws_cloudformation_stack_set);

    // Assess
    for (const stackSet of stackSets) expect(stackSet.lifecycle).toEqual({ ignore_changes: ['administration_role_arn'] });
  });

  it('deploys the forwarder template of each region, rendered from the same model as the cdktf forwarder', () => {
    // Act
    const stackSets = synthOrganization().resource.aws_cloudformation_stack_set;

    // Assess
    for (const region of PROPS.regions) {
      const model = forwarderModel({ region, homeRegion: 'eu-west-1', namePrefix: 'signin-watch', centralAccount: '111111111111', centralAccountId: '111111111111' });
      const body = stackSets[`stack-set-${region}`].template_body as string;
      expect(JSON.parse(fromTerraformLiteral(body))).toEqual(forwarderTemplate(model));
    }
  });

  it("targets the configured OUs in each region, leaves out the central account, and never stops on one account's failure", () => {
    // Act
    const instances = Object.values(synthOrganization().resource.aws_cloudformation_stack_set_instance);

    // Assess
    expect(instances.map((instance) => instance.region).sort()).toEqual([...PROPS.regions].sort());
    for (const instance of instances) {
      expect(instance).toMatchObject({
        call_as: 'SELF',
        deployment_targets: { organizational_unit_ids: ['r-a1b2', 'ou-a1b2-c3d4e5f6'], account_filter_type: 'DIFFERENCE', accounts: ['111111111111'] },
        operation_preferences: { max_concurrent_percentage: 100, failure_tolerance_percentage: 100, concurrency_mode: 'SOFT_FAILURE_TOLERANCE' },
      });
    }
  });

  it("escapes the template for Terraform, which would otherwise read Fn::Sub's ${AWS::Region} as its own interpolation", () => {
    // Act
    const body = synthOrganization().resource.aws_cloudformation_stack_set['stack-set-eu-west-1'].template_body as string;

    // Assess
    expect(body).toContain('arn:$${AWS::Partition}:events:$${AWS::Region}:$${AWS::AccountId}:rule/signin-watch-forward');
    expect(body).not.toMatch(/(^|[^$])\$\{/);
    expect(terraformLiteral('a ${b} %{c}')).toBe('a $${b} %%{c}');
    expect(fromTerraformLiteral(terraformLiteral('a ${b} %{c}'))).toBe('a ${b} %{c}');
  });

  it('calls as a delegated administrator when the stack sets live outside the management account', () => {
    // Act
    const json = synthOrganization({ accountId: '333333333333', stackSets: { ...PROPS.stackSets, adminAccountId: '333333333333' } });

    // Assess
    expect([...Object.values(json.resource.aws_cloudformation_stack_set), ...Object.values(json.resource.aws_cloudformation_stack_set_instance)].map((resource) => resource.call_as)).toEqual(
      new Array(6).fill('DELEGATED_ADMIN'),
    );
  });
});
