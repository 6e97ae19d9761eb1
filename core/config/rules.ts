import { isRecord, type ProblemList, show } from './messages';
import { webhookSecretRegion } from './objects';
import type { ConfigField, SigninWatchConfig } from './types';

/**
 * The rules that tie one setting to another. Each runs right after the field it names
 * in `after` is read, so that its problems follow that field's own, and it reads only
 * fields that come earlier in the table (config-fields.ts). `raw` is the config as
 * written; `config` holds each earlier field's value, or its default when unset or wrong.
 * A rule may return a field's final value (a template with {accountId} filled in).
 */
export interface ConfigRule {
  readonly after: ConfigField;
  readonly check: (config: SigninWatchConfig, raw: Readonly<Record<string, unknown>>, problems: ProblemList) => Partial<SigninWatchConfig> | undefined;
}

/** Fills `{accountId}` in a template; undefined (and a problem) when the template needs an id the config lacks. */
function fillAccountId(field: string, template: string, accountId: string | undefined, problems: ProblemList): string | undefined {
  if (!template.includes('{accountId}')) return template;
  if (accountId === undefined) {
    problems.add(field, `${show(template)} contains {accountId}, but accountId is not set.`, 'set accountId to the account this config deploys to.');
    return undefined;
  }
  return template.replaceAll('{accountId}', accountId);
}

/** In the order they run, which is the order of their fields in the table. */
export const CONFIG_RULES: readonly ConfigRule[] = [
  {
    after: 'alarmTopicArn',
    check: ({ alarmTopicArn, homeRegion }, _raw, problems) => {
      const region = alarmTopicArn?.split(':')[3];
      if (region !== undefined && region !== homeRegion) {
        problems.add(
          'alarmTopicArn',
          `${show(alarmTopicArn)} is in ${region}, not in the home region ${homeRegion}.`,
          `use a topic in ${homeRegion}: CloudWatch and EventBridge notify topics only in their own region.`,
        );
      }
      return undefined;
    },
  },
  {
    after: 'accountId',
    check: ({ centralAccountId }, raw, problems) => {
      if (centralAccountId === undefined) return undefined;
      if (raw.accountId === undefined) {
        problems.add(
          'accountId',
          'is not set, but centralAccountId is, so it is unclear whether this config is for the central account or a member.',
          'set accountId to the account this config deploys to, usually in a per-account file that extends the shared one.',
        );
      }
      if (raw.organizationId === undefined) {
        problems.add(
          'organizationId',
          'is not set, but centralAccountId is: member accounts can put events on the central bus only when it admits their organization.',
          'set organizationId (from `aws organizations describe-organization`, it looks like "o-a1b2c3d4e5").',
        );
      }
      return undefined;
    },
  },
  {
    after: 'stateBackend',
    check: ({ accountId }, raw, problems) => {
      if (isRecord(raw.stateBackend) && accountId === undefined) {
        problems.add(
          'accountId',
          'is not set, but stateBackend is: the state of every account shares the bucket, so each key names its account.',
          'set accountId to the account this config deploys to.',
        );
      }
      return undefined;
    },
  },
  {
    after: 'deployRoleArn',
    check: ({ deployRoleArn: template, accountId }, _raw, problems) => {
      if (template === undefined) return undefined;
      const filled = fillAccountId('deployRoleArn', template, accountId, problems);
      if (filled === undefined) return { deployRoleArn: undefined };
      const arn = /^arn:aws:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/.exec(filled);
      if (arn === null) {
        problems.add('deployRoleArn', `${show(template)} is not an IAM role ARN.`, 'write it as "arn:aws:iam::{accountId}:role/<name>", for example with OrganizationAccountAccessRole.');
      } else if (accountId !== undefined && arn[1] !== accountId) {
        problems.add(
          'deployRoleArn',
          `${show(filled)} is a role in account ${arn[1]}, not in accountId ${accountId}.`,
          'use "{accountId}" in place of the account, so that the role is always the target account\'s.',
        );
      }
      return { deployRoleArn: filled };
    },
  },
  {
    after: 'awsProfile',
    check: ({ awsProfile: template, accountId }, _raw, problems) => {
      if (template === undefined) return undefined;
      const filled = fillAccountId('awsProfile', template, accountId, problems);
      if (filled !== undefined && !/^[\w.+@-]{1,128}$/.test(filled)) {
        problems.add('awsProfile', `${show(template)} is not an AWS CLI profile name.`, 'write the name as it appears in ~/.aws/config, such as "security-audit" or "member-{accountId}".');
      }
      return { awsProfile: filled };
    },
  },
  {
    after: 'stackSets',
    check: ({ centralAccountId }, raw, problems) => {
      if (isRecord(raw.stackSets) && centralAccountId === undefined) {
        problems.add('stackSets', "is set, but centralAccountId is not: the stack sets deploy forwarders that target the central account's bus.", 'set centralAccountId (and organizationId).');
      }
      return undefined;
    },
  },
  {
    after: 'identityCenterRegion',
    check: ({ identityCenterRegion: region, regions, homeRegion }, _raw, problems) => {
      if (region !== undefined && !regions.includes(region) && region !== homeRegion) {
        problems.add('identityCenterRegion', `${show(region)} is not in regions, so no forwarder there could carry its Identity Center sign-ins.`, `add "${region}" to regions.`);
      }
      return undefined;
    },
  },
  {
    after: 'webhook',
    check: ({ homeRegion }, raw, problems) => {
      const arn = isRecord(raw.webhook) ? raw.webhook.urlSecretArn : undefined;
      const region = webhookSecretRegion(arn);
      if (region !== undefined && region !== homeRegion) {
        problems.add('webhook.urlSecretArn', `${show(arn)} is in ${region}, not in the home region ${homeRegion}.`, `keep the secret in ${homeRegion}, where the Lambda runs.`);
      }
      return undefined;
    },
  },
  {
    after: 'allowlistParameter',
    check: ({ allowlistParameter }, raw, problems) => {
      if (allowlistParameter !== undefined && Array.isArray(raw.allowedCidrs) && raw.allowedCidrs.length > 0) {
        problems.add(
          'allowedCidrs',
          'is set, and so is allowlistParameter: two global allowlists would disagree.',
          'move the blocks into the parameter and remove allowedCidrs (accountAllowedCidrs and exceptions stay in config).',
        );
      }
      return undefined;
    },
  },
];
