import type { AddressException } from '../detect/trust';

/*
 * The config's types and the value lists they are built from, with no logic: every module
 * of the config, and the modules that only need a config's type, import them from here, so
 * that no import runs in a circle.
 */

/** Severities of an alert, most severe first. */
export const ALERT_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Signals beyond console sign-ins that a config can switch on; see docs/detection-and-alerts.md, "More signals". */
export const EXTRA_SIGNALS = ['get-signin-token', 'guardduty', 'sign-in-anomaly'] as const;
export type ExtraSignal = (typeof EXTRA_SIGNALS)[number];

/** The validated configuration of one signin-watch install. Every field is documented in README.md. */
export interface SigninWatchConfig {
  /** Region of the central event bus, the Lambda and the SNS topic. */
  readonly homeRegion: string;
  /** Regions that get a forwarder, as configured; see `forwarderRegions` for the full set. */
  readonly regions: readonly string[];
  /** Trusted source addresses: IPv4 and IPv6 CIDR blocks or single addresses. */
  readonly allowedCidrs: readonly string[];
  /** More trusted addresses for single accounts, on top of `allowedCidrs`. */
  readonly accountAllowedCidrs: Readonly<Record<string, readonly string[]>>;
  /** Principals or addresses trusted from anywhere or for a while; never waives root, MFA or failure findings. */
  readonly exceptions: readonly AddressException[];
  /** Addresses subscribed to the alert topic (each must confirm the subscription mail). */
  readonly notificationEmails: readonly string[];
  /** When set, every account of this AWS Organization may put events on the central bus. */
  readonly organizationId?: string;
  /** Prefix of every resource name, so that two installs in one account cannot collide. */
  readonly namePrefix: string;
  /** Retention of the Lambda's log group, in days. */
  readonly logRetentionDays: number;
  /** An existing SNS topic in the home region for signin-watch's own alarms; by default they go to the alert topic. */
  readonly alarmTopicArn?: string;
  /** The account that hosts the central bus; unset for a single-account install. */
  readonly centralAccountId?: string;
  /** The account this config deploys to; required with `centralAccountId` or `stateBackend`. */
  readonly accountId?: string;
  /** Readable names for account ids, shown in notifications next to the id. */
  readonly accountNames: Readonly<Record<string, string>>;
  /** Where Terraform keeps state; unset means local files. */
  readonly stateBackend?: StateBackend;
  /** A role Terraform assumes in the target account, with `{accountId}` already filled in. */
  readonly deployRoleArn?: string;
  /** A named AWS CLI profile Terraform uses, with `{accountId}` already filled in. */
  readonly awsProfile?: string;
  /** The region whose IAM Identity Center sign-ins are forwarded and judged. */
  readonly identityCenterRegion?: string;
  /** Optional signals beyond console sign-ins: GetSigninToken, GuardDuty, Sign-in Anomaly Alert. */
  readonly extraSignals: readonly ExtraSignal[];
  /** Severities mailed to `notificationEmails` (an SNS subscription filter policy). */
  readonly emailSeverities: readonly AlertSeverity[];
  /** A chat topic for AWS Chatbot, and the severities posted to it. */
  readonly chat?: { readonly severities: readonly AlertSeverity[] };
  /** A Slack-compatible incoming webhook whose URL is kept in Secrets Manager or an SSM SecureString. */
  readonly webhook?: { readonly urlSecretArn: string; readonly severities: readonly AlertSeverity[] };
  /** An SSM parameter in the home region that holds the global allowlist instead of `allowedCidrs`. */
  readonly allowlistParameter?: string;
  /** How long the Lambda keeps the parameter's allowlist before reading it again. */
  readonly allowlistCacheSeconds: number;
  /** Forwarders for the whole organization through CloudFormation StackSets; see README, "Organization rollout". */
  readonly stackSets?: StackSetsConfig;
}

export interface StackSetsConfig {
  /** The organization root (`r-...`) or the OUs whose accounts get forwarders, now and when added later. */
  readonly organizationalUnitIds: readonly string[];
  /** StackSets never deploys to the management account; it needs its own forwarders. */
  readonly managementAccountId: string;
  /** Where the stack sets live: the management account, or a delegated StackSets administrator. */
  readonly adminAccountId: string;
}

/** An S3 bucket that holds the state of every stack of every account, one key per stack. */
export interface StateBackend {
  readonly bucket: string;
  readonly region: string;
  /** Keys are `<keyPrefix>/<accountId>/<stack>.tfstate`. */
  readonly keyPrefix: string;
  /** A DynamoDB lock table; without one, Terraform locks with a lock file next to the state (Terraform 1.10 or later). */
  readonly lockTable?: string;
}

/** What a config deploys: the central account gets the central stack too, a member account only forwarders. */
export type AccountRole = 'central' | 'member';

export type ConfigKey = keyof SigninWatchConfig;

export type ConfigField = 'extends' | ConfigKey;
