import type { TerraformStack } from 'cdktf';
import type { AlertSeverity } from '../../core/config';
import type { resourceNames } from '../../core/deploy/names';
import type { ExtraSignal } from '../../core/config';
import type { AccountAccess } from '../provider';

export interface CentralStackProps extends AccountAccess {
  readonly homeRegion: string;
  /** When set, the central bus accepts events from every account of this organization. */
  readonly organizationId?: string;
  readonly notificationEmails: readonly string[];
  readonly logRetentionDays: number;
  /** An existing topic for signin-watch's own alarms; by default the alert topic. */
  readonly alarmTopicArn?: string;
  /** Severities mailed; unset or all four means no filter. */
  readonly emailSeverities?: readonly AlertSeverity[];
  /** When set, a chat topic for AWS Chatbot. */
  readonly chat?: { readonly severities: readonly AlertSeverity[] };
  /** When set, the Lambda may read the webhook URL from this secret or parameter. */
  readonly webhook?: { readonly urlSecretArn: string };
  /** When set, the Lambda may read the allowlist from this SSM parameter. */
  readonly allowlistParameter?: string;
  /** The region whose Identity Center sign-ins arrive, if any: the central bus then routes them. */
  readonly identityCenterRegion?: string;
  readonly extraSignals?: readonly ExtraSignal[];
  /** The Lambda's zip: the bundled handler (`index.js`) and its `settings.json`. */
  readonly lambdaPackagePath: string;
}

/**
 * What every part of the central stack starts from. Each part creates its resources with
 * the stack itself as scope, under the construct ids they always had: construct ids are
 * Terraform addresses, and a child construct would prefix them and replace the resources.
 */
export interface CentralParts {
  readonly stack: TerraformStack;
  readonly props: CentralStackProps;
  readonly names: ReturnType<typeof resourceNames>;
  /** This account's id, as Terraform reads it. */
  readonly account: string;
}
