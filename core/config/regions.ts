/**
 * The commercial AWS regions (partition `aws`), split by the March 20, 2019 rule:
 * regions launched before it are enabled in every account, later ones are opt-in.
 * Source: ../shared/reference/aws-facts.md section 6 (AWS SDK JS v3 partitions table).
 */
export const DEFAULT_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
] as const;

/** Regions disabled until an account opts in; list them in `regions` once enabled. */
export const OPT_IN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
] as const;

export const COMMERCIAL_REGIONS: readonly string[] = [...DEFAULT_REGIONS, ...OPT_IN_REGIONS];

/**
 * Root sign-ins and IAM sign-ins through the global endpoint without an alias cookie
 * are recorded only here, so this region always needs a forwarder.
 */
export const GLOBAL_SIGN_IN_REGION = 'us-east-1';

export function isCommercialRegion(name: string): boolean {
  return COMMERCIAL_REGIONS.includes(name);
}
