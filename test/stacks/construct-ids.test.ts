import { Testing } from 'cdktf';
import { CentralStack } from '../../stacks/central-stack';
import { ForwarderStack } from '../../stacks/forwarder-stack';
import { BASE_FORWARDER_PROPS, baseCentralProps } from '../helpers/synth';

/** Construct ids become Terraform addresses: renaming one replaces the resource. */
const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

describe('construct ids', () => {
  it('are kebab-case role nouns, except subscriptions, which are keyed by their email address', () => {
    // Prepare
    const app = Testing.app();
    const stacks = [new CentralStack(app, 'central', { ...baseCentralProps(), notificationEmails: ['sec.team+alerts@example.com'] }), new ForwarderStack(app, 'forwarder', BASE_FORWARDER_PROPS)];

    // Act
    const ids = stacks.flatMap((stack) =>
      stack.node
        .findAll()
        .slice(1)
        .map((node) => node.node.id),
    );

    // Assess
    expect(ids.filter((id) => !KEBAB_CASE.test(id))).toEqual(['email-sec.team+alerts@example.com']);
  });
});
