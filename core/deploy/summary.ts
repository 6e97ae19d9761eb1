import { accountRole, ALERT_SEVERITIES, forwarderRegions, type SigninWatchConfig } from '../config';
import { OPT_IN_REGIONS } from '../config/regions';
import { expiryOf } from '../detect/trust';

const DAY_MS = 24 * 60 * 60 * 1000;
/** An exception that lapses within this many days is worth a word before deploying. */
export const EXPIRY_WARNING_DAYS = 7;

const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** The severities of a destination, or nothing when it gets all of them. */
const severities = (list: readonly string[]): string => (list.length === ALERT_SEVERITIES.length ? '' : ` (${list.join(', ')} only)`);

function destinations(config: SigninWatchConfig): string[] {
  const found: string[] = [];
  if (config.notificationEmails.length > 0) found.push(`email to ${config.notificationEmails.join(', ')}${severities(config.emailSeverities)}, once each address confirms AWS's subscription mail`);
  if (config.chat !== undefined) found.push(`a chat topic for AWS Chatbot${severities(config.chat.severities)}`);
  if (config.webhook !== undefined) found.push(`a webhook whose URL is in ${config.webhook.urlSecretArn}${severities(config.webhook.severities)}`);
  return found;
}

function allowlist(config: SigninWatchConfig): string {
  const accounts = Object.keys(config.accountAllowedCidrs).length;
  const extras = [accounts > 0 ? `${plural(accounts, 'account list')}` : '', config.exceptions.length > 0 ? plural(config.exceptions.length, 'exception') : ''].filter(Boolean);
  const global = config.allowlistParameter === undefined ? plural(config.allowedCidrs.length, 'address block') : `read from SSM parameter ${config.allowlistParameter}`;
  return `${global}${extras.length > 0 ? `, plus ${extras.join(' and ')}` : ''}`;
}

/** The warnings about what would surprise a user after deploying; none for a complete config. */
export function deployWarnings(config: SigninWatchConfig, now: number): string[] {
  const warnings: string[] = [];
  // A member's alerts are judged and sent by the central account, from the central config.
  if (accountRole(config) === 'central') {
    if (destinations(config).length === 0) {
      warnings.push('alerts go nowhere: no notificationEmails, chat or webhook is set, so nobody hears of a sign-in. Add at least one email address.');
    }
    if (config.allowedCidrs.length === 0 && config.allowlistParameter === undefined) {
      warnings.push('the allowlist is empty: every sign-in raises an alert. List your offices and VPN in allowedCidrs.');
    }
    config.exceptions.forEach((exception, index) => {
      if (exception.expires === undefined) return;
      const daysLeft = Math.ceil((expiryOf(exception.expires) - now) / DAY_MS);
      if (daysLeft <= EXPIRY_WARNING_DAYS) {
        warnings.push(`exceptions[${index}] ("${exception.reason}") ends after ${exception.expires}, in ${plural(daysLeft, 'day')}: its sign-ins alert again from then on. Extend it or remove it.`);
      }
    });
  }
  const optIn = forwarderRegions(config).filter((region) => (OPT_IN_REGIONS as readonly string[]).includes(region));
  if (optIn.length > 0) {
    warnings.push(
      `${optIn.join(', ')} ${optIn.length === 1 ? 'is an opt-in region' : 'are opt-in regions'}: deploying fails unless the account has enabled ${optIn.length === 1 ? 'it' : 'them'} (AWS console, Account, AWS Regions).`,
    );
  }
  return warnings;
}

/**
 * What a synth is about to deploy, in a few lines a user reads before `cdktf deploy`:
 * the account's role, the regions, which sign-ins alert, where alerts go, the allowlist,
 * then one `WARNING:` line per surprise.
 * @param now the time exceptions are judged against
 */
export function deploySummary(config: SigninWatchConfig, file: string, now: number): string[] {
  const role = accountRole(config);
  const regions = forwarderRegions(config);
  const account = config.accountId === undefined ? 'this account' : `account ${config.accountId}`;
  const lines = [`signin-watch: ${file} deploys to ${account}:`];
  const stackSets = config.stackSets !== undefined && config.accountId === config.stackSets.adminAccountId ? `, and the organization's stack sets (this is the StackSets administrator)` : '';
  lines.push(
    role === 'central'
      ? `  role:        central account: the alert bus, Lambda and topic in ${config.homeRegion}, and forwarders${stackSets}`
      : `  role:        member account: forwarders to the central bus in account ${config.centralAccountId}${stackSets}`,
  );
  lines.push(`  regions:     ${regions.length}: ${regions.join(', ')}`);
  if (role === 'central') {
    const signals = config.extraSignals.length > 0 ? `; also ${config.extraSignals.join(', ')}` : '';
    lines.push(`  alerts on:   console sign-ins as root, without MFA, failed, or from outside the allowlist${signals}`);
    const where = destinations(config);
    lines.push(`  alerts go:   ${where.length > 0 ? where.join('; ') : 'nowhere'}`);
    lines.push(`  allowlist:   ${allowlist(config)}`);
  } else {
    lines.push(`  alerts:      judged and sent by the central account ${config.centralAccountId}, as its config says`);
  }
  return [...lines, ...deployWarnings(config, now).map((warning) => `WARNING: ${warning}`)];
}
