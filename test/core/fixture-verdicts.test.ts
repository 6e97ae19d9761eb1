import { Trust } from '../../core/detect/trust';
import { extractRecords } from '../../core/detect/cloudtrail-record';
import { evaluate, type Finding, type Severity } from '../../core/detect/evaluate';
import { fixtureNames, getTestEvent } from '../helpers/fixtures';

/**
 * The verdict for every real record in test/fixtures, reviewed one by one: either the
 * severity and findings, or 'skipped' for records that are not sign-ins signin-watch judges.
 * The allowlist holds the documentation range the AWS samples use (192.0.2.0/24).
 */
type Verdict = 'skipped' | readonly [Severity, readonly Finding[]];

const ALLOWLIST = Trust.fromCidrs(['192.0.2.0/24', '2001:db8::/32']);

function verdictOf(fixture: string): Verdict {
  const { records, problems } = extractRecords(getTestEvent(fixture));
  expect(problems).toEqual([]);
  expect(records).toHaveLength(1);
  const evaluation = evaluate(records[0].record, ALLOWLIST);
  return evaluation.skipped === undefined ? [evaluation.severity, evaluation.findings] : 'skipped';
}

/** AWS documentation samples (test/fixtures/sample-events/SOURCES.md). */
const SAMPLE_VERDICTS: Record<string, Verdict> = {
  'cloudtrail-assumedrole-switchrole-success-regional-endpoint_2024-blog': 'skipped',
  'cloudtrail-iamuser-checkmfa_ct-docs-2022': 'skipped',
  'cloudtrail-iamuser-consolelogin-failure-hidden-username_iam-docs': ['low', ['sign-in-failed']],
  'cloudtrail-iamuser-consolelogin-failure_ct-docs-2022': ['low', ['sign-in-failed']],
  'cloudtrail-iamuser-consolelogin-success-mfa-eu-north-1_realworld-2024': ['high', ['source-ip-not-allowed']],
  'cloudtrail-iamuser-consolelogin-success-mfa_ct-docs-2022': ['none', []],
  'cloudtrail-iamuser-consolelogin-success-nomfa_ct-docs-2022': ['medium', ['mfa-not-used']],
  // From 192.0.2.14, inside the allowlist: an allowed Identity Center sign-in.
  'cloudtrail-identitycenter-userauthentication-success_transfer-family-docs-2025': ['none', []],
  'cloudtrail-lookup-events-assumedrole-consolelogin_aws-cli-example': ['high', ['source-ip-not-allowed']],
  'cloudtrail-root-consolelogin-failure_ct-docs-2022': ['high', ['root-sign-in', 'sign-in-failed']],
  'cloudtrail-root-consolelogin-success-mfa_ct-docs-2022': ['critical', ['root-sign-in']],
  'cloudtrail-root-consolelogin-success-nomfa_ct-docs-2022': ['critical', ['root-sign-in', 'mfa-not-used']],
  'cloudtrail-root-passwordupdated_ct-docs-2022': 'skipped',
  'cloudtrail-saml-federated-consolelogin-success_microfocus': ['high', ['source-ip-not-allowed']],
  'eventbridge-iamuser-consolelogin-failure_2018-console-sample': ['medium', ['source-ip-not-allowed', 'sign-in-failed']],
  'eventbridge-root-consolelogin-success_cwe-docs-2016': ['critical', ['root-sign-in', 'source-ip-not-allowed', 'mfa-not-used']],
};

/**
 * Records from other detection projects' test suites (test/fixtures/peer-records/SOURCES.md):
 * missing fields, string booleans, placeholder ids and non-ISO times. None may crash.
 */
const PEER_VERDICTS: Record<string, Verdict> = {
  'fivexl-test_events-1': ['high', ['source-ip-not-allowed', 'mfa-not-used']],
  'fivexl-test_events-5': ['critical', ['root-sign-in', 'source-ip-not-allowed']],
  'fivexl-test_message_processing-1': ['high', ['source-ip-not-allowed', 'mfa-not-used']],
  'mapbox-rootLogin-1': ['critical', ['root-sign-in']],
  'mapbox-rootLogin-2': ['none', []],
  'panther-AWS_Authentication_from_CrowdStrike_Unmanaged_Device-1': ['high', ['source-ip-not-allowed']],
  'panther-aws_cloudtrail_password_spraying-1': ['medium', ['source-ip-not-allowed', 'sign-in-failed']],
  'panther-aws_cloudtrail_password_spraying-2': ['high', ['source-ip-not-allowed', 'mfa-not-used']],
  'panther-aws_cloudtrail_password_spraying-4': ['high', ['root-sign-in', 'source-ip-not-allowed', 'sign-in-failed']],
  'panther-aws_cloudtrail_unsuccessful_mfa_attempt-1': ['none', []],
  'panther-aws_cloudtrail_unsuccessful_mfa_attempt-2': ['low', ['sign-in-failed']],
  'panther-aws_cloudtrail_useraccesskeyauth-3': ['high', ['source-ip-not-allowed']],
  'panther-aws_cloudtrail_useraccesskeyauth-4': 'skipped',
  // A console session from API keys, from an address not on the allowlist.
  'panther-aws_console_getsignintoken-1': ['high', ['source-ip-not-allowed']],
  // The access portal's own GetSigninToken (user agent Jersey/${project.version}).
  'panther-aws_console_getsignintoken-2': 'skipped',
  'panther-aws_console_getsignintoken-3': ['high', ['source-ip-not-allowed']],
  'panther-aws_console_login_failed-1': ['medium', ['source-ip-not-allowed', 'sign-in-failed']],
  'panther-aws_console_login_failed-2': ['high', ['source-ip-not-allowed', 'mfa-not-used']],
  'panther-aws_console_login_without_mfa-1': ['high', ['source-ip-not-allowed', 'mfa-not-used']],
  'panther-aws_console_login_without_mfa-10': ['high', ['source-ip-not-allowed']],
  'panther-aws_console_login_without_mfa-11': ['high', ['source-ip-not-allowed']],
  'panther-aws_console_login_without_mfa-2': ['high', ['source-ip-not-allowed', 'mfa-not-used']],
  'panther-aws_console_login_without_mfa-3': ['critical', ['root-sign-in', 'source-ip-not-allowed', 'mfa-not-used']],
  'panther-aws_console_login_without_mfa-4': ['high', ['source-ip-not-allowed']],
  'panther-aws_console_login_without_mfa-5': ['high', ['source-ip-not-allowed']],
  'panther-aws_console_login_without_mfa-6': ['medium', ['source-ip-not-allowed', 'sign-in-failed']],
  'panther-aws_console_login_without_mfa-7': ['high', ['source-ip-not-allowed']],
  'panther-aws_console_login_without_mfa-8': ['high', ['source-ip-not-allowed', 'mfa-not-used']],
  'panther-aws_console_login_without_mfa-9': ['high', ['source-ip-not-allowed']],
  'panther-aws_console_login_without_saml-1': ['high', ['source-ip-not-allowed']],
  'panther-aws_console_login_without_saml-2': ['high', ['source-ip-not-allowed']],
  'panther-aws_console_root_login-1': ['critical', ['root-sign-in', 'source-ip-not-allowed', 'mfa-not-used']],
  'panther-aws_console_root_login_failed-1': ['high', ['root-sign-in', 'source-ip-not-allowed', 'sign-in-failed']],
  'panther-aws_console_root_login_failed-2': ['critical', ['root-sign-in', 'source-ip-not-allowed', 'mfa-not-used']],
  'panther-aws_root_activity-4': 'skipped',
  'panther-aws_root_activity-5': ['critical', ['root-sign-in', 'source-ip-not-allowed', 'mfa-not-used']],
  'panther-aws_root_console_login-1': ['critical', ['root-sign-in', 'source-ip-not-allowed']],
  'panther-aws_root_console_login-2': 'skipped',
  'panther-aws_root_console_login-3': ['high', ['source-ip-not-allowed']],
  'panther-aws_root_console_login-4': ['high', ['root-sign-in', 'source-ip-not-allowed', 'sign-in-failed']],
  'panther-aws_root_failed_console_login-1': ['critical', ['root-sign-in', 'source-ip-not-allowed']],
  'panther-aws_root_failed_console_login-2': 'skipped',
  'panther-aws_root_failed_console_login-3': ['high', ['source-ip-not-allowed']],
  'panther-aws_root_failed_console_login-4': ['high', ['root-sign-in', 'source-ip-not-allowed', 'sign-in-failed']],
  'panther-aws_root_password_changed-1': 'skipped',
  'panther-aws_root_password_changed-2': 'skipped',
  'panther-brute_force_by_ip-1': ['high', ['source-ip-not-allowed', 'mfa-not-used']],
  'panther-brute_force_by_ip-2': ['medium', ['source-ip-not-allowed', 'sign-in-failed']],
  'panther-brute_force_by_user-1': ['high', ['source-ip-not-allowed', 'mfa-not-used']],
  'panther-brute_force_by_user-2': ['medium', ['source-ip-not-allowed', 'sign-in-failed']],
  'panther-impossible_travel_login-2': ['high', ['source-ip-not-allowed', 'mfa-not-used']],
  'panther-impossible_travel_login-3': ['high', ['source-ip-not-allowed', 'mfa-not-used']],
  'panther-sign_in_from_rogue_state-8': ['high', ['source-ip-not-allowed', 'mfa-not-used']],
  'panther-unusual_login_deprecated-6': ['medium', ['source-ip-not-allowed', 'sign-in-failed']],
  'wazuh-aws_cloudtrail-1': ['high', ['source-ip-not-allowed']],
  'wazuh-aws_cloudtrail-2': ['medium', ['source-ip-not-allowed', 'sign-in-failed']],
  'wazuh-aws_cloudtrail-4': ['critical', ['root-sign-in']],
  'wazuh-aws_cloudtrail-5': ['critical', ['root-sign-in', 'mfa-not-used']],
};

describe('evaluate on AWS documentation samples', () => {
  it('has a verdict for every sample', () => {
    // Assess
    expect(Object.keys(SAMPLE_VERDICTS).map((name) => `${name}.json`)).toEqual(fixtureNames('sample-events'));
  });

  it.each(Object.entries(SAMPLE_VERDICTS))('%s gets the reviewed verdict', (name, expected) => {
    // Act
    const verdict = verdictOf(`sample-events/${name}.json`);

    // Assess
    expect(verdict).toEqual(expected);
  });
});

describe('evaluate on records from peer projects', () => {
  it('has a verdict for all 58 records', () => {
    // Assess
    expect(Object.keys(PEER_VERDICTS).map((name) => `${name}.json`)).toEqual(fixtureNames('peer-records'));
    expect(Object.keys(PEER_VERDICTS)).toHaveLength(58);
  });

  it.each(Object.entries(PEER_VERDICTS))('%s gets the reviewed verdict', (name, expected) => {
    // Act
    const verdict = verdictOf(`peer-records/${name}.json`);

    // Assess
    expect(verdict).toEqual(expected);
  });
});
