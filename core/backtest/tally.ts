import { ALERT_SEVERITIES, type AlertSeverity } from '../config';
import { type CloudTrailRecord, nonEmptyStringAt } from '../detect/cloudtrail-record';
import { CONSOLE_LOGIN, evaluate, FINDINGS, type Finding, GET_SIGNIN_TOKEN } from '../detect/evaluate';
import { accountLabel } from '../notify/notification';
import type { SignalSettings } from '../deploy/signal-patterns';
import type { Trust } from '../detect/trust';
import { type PrefixLimits, suggestBlocks } from './blocks';
import type { BacktestReport, BacktestSource, DayCount } from './report';
import { isoDay, NOTHING_SENT } from './report';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Nothing signs in to AWS before CloudTrail existed; an earlier time is a placeholder, not a date. */
const EARLIEST_TIME = Date.parse('2013-01-01T00:00:00Z');
const TOP_PRINCIPALS = 10;
const TOP_BLOCKS = 20;
const ADDRESSES_PER_BLOCK = 5;

/**
 * The event names signin-watch judges in a region with these settings: what its rules
 * forward there. CredentialChallenge is left out: the evaluator always skips it.
 */
export function signInEventNames(signals: SignalSettings, region?: string): string[] {
  return [
    CONSOLE_LOGIN,
    ...(signals.extraSignals.includes('get-signin-token') ? [GET_SIGNIN_TOKEN] : []),
    ...(signals.identityCenterRegion !== undefined && (region === undefined || region === signals.identityCenterRegion) ? ['UserAuthentication', 'CredentialVerification'] : []),
  ];
}

export interface TallySettings {
  readonly trust: Trust;
  readonly signals: SignalSettings;
  /** The regions that get a forwarder; sign-ins elsewhere are counted and flagged. */
  readonly regions: readonly string[];
  readonly accountNames: Readonly<Record<string, string>>;
  /** When the backtest runs: records dated later are undated. */
  readonly now: number;
}

const zeroFindings = (): Record<Finding, number> => Object.fromEntries(FINDINGS.map((finding) => [finding, 0])) as Record<Finding, number>;
const bump = <K>(map: Map<K, number>, key: K, by = 1): void => {
  map.set(key, (map.get(key) ?? 0) + by);
};
const place = (map: Map<string, { signIns: number; alerts: number }>, key: string): { signIns: number; alerts: number } => {
  let found = map.get(key);
  if (found === undefined) map.set(key, (found = { signIns: 0, alerts: 0 }));
  return found;
};

/**
 * Judges records one at a time with the Lambda's own evaluation and keeps only counts,
 * so that a backtest over millions of records needs the memory of its distinct
 * principals, addresses and days, never of its records.
 */
export class BacktestTally {
  readonly #settings: TallySettings;
  #recordsRead = 0;
  #signIns = 0;
  #alerts = 0;
  #undatedAlerts = 0;
  readonly #notJudged = new Map<string, number>();
  readonly #skipped = new Map<string, { count: number; why: string }>();
  readonly #bySeverity = new Map<AlertSeverity, number>();
  readonly #byFinding = zeroFindings();
  readonly #days = new Map<string, { signIns: number; alerts: number; byFinding: Partial<Record<Finding, number>> }>();
  readonly #principals = new Map<string, { principal: string; account: string; alerts: number; findings: Partial<Record<Finding, number>> }>();
  readonly #addresses = new Map<string, number>();
  readonly #regions = new Map<string, { signIns: number; alerts: number }>();
  readonly #accounts = new Map<string, { signIns: number; alerts: number }>();
  readonly #judged: ReadonlySet<string>;

  constructor(settings: TallySettings) {
    this.#settings = settings;
    this.#judged = new Set(signInEventNames(settings.signals));
  }

  /** Identity Center sign-ins are forwarded only from the Identity Center region. */
  #judges(eventName: string, region: string | undefined): boolean {
    if (!this.#judged.has(eventName)) return false;
    const { identityCenterRegion } = this.#settings.signals;
    return eventName === CONSOLE_LOGIN || eventName === GET_SIGNIN_TOKEN || region === undefined || region === identityCenterRegion;
  }

  add(record: CloudTrailRecord): void {
    this.#recordsRead++;
    const region = nonEmptyStringAt(record, 'awsRegion');
    if (!this.#judges(record.eventName, region)) {
      bump(this.#notJudged, record.eventName);
      return;
    }
    const eventTime = nonEmptyStringAt(record, 'eventTime') ?? '';
    const time = Date.parse(eventTime);
    const dated = time >= EARLIEST_TIME && time <= this.#settings.now + DAY_MS;
    // An exception counts as it stood on the day of the sign-in, not on the day of the backtest.
    const { alert, findings, severity, skipped, facts } = evaluate(record, this.#settings.trust, {}, dated ? time : this.#settings.now);
    if (skipped !== undefined) {
      const entry = this.#skipped.get(record.eventName);
      if (entry === undefined) this.#skipped.set(record.eventName, { count: 1, why: skipped });
      else entry.count++;
      return;
    }
    this.#signIns++;
    const regionCount = place(this.#regions, facts.region ?? 'unknown');
    const accountCount = place(this.#accounts, facts.account ?? 'unknown');
    regionCount.signIns++;
    accountCount.signIns++;
    let day: { signIns: number; alerts: number; byFinding: Partial<Record<Finding, number>> } | undefined;
    if (dated) {
      // CloudTrail writes ISO 8601 in UTC; its first ten characters are the day, without a Date.
      const key = eventTime.length > 10 && eventTime[10] === 'T' && eventTime.endsWith('Z') ? eventTime.slice(0, 10) : isoDay(time);
      day = this.#days.get(key);
      if (day === undefined) this.#days.set(key, (day = { signIns: 0, alerts: 0, byFinding: {} }));
      day.signIns++;
    }
    if (!alert) return;
    this.#alerts++;
    regionCount.alerts++;
    accountCount.alerts++;
    bump(this.#bySeverity, severity as AlertSeverity);
    for (const finding of findings) this.#byFinding[finding]++;
    if (day === undefined) this.#undatedAlerts++;
    else {
      day.alerts++;
      day.byFinding[findings[0]] = (day.byFinding[findings[0]] ?? 0) + 1;
    }
    const account = facts.account ?? 'unknown';
    const principalKey = `${account} ${facts.principal}`;
    let principal = this.#principals.get(principalKey);
    if (principal === undefined) this.#principals.set(principalKey, (principal = { principal: facts.principal, account, alerts: 0, findings: {} }));
    principal.alerts++;
    for (const finding of findings) principal.findings[finding] = (principal.findings[finding] ?? 0) + 1;
    if (findings.includes('source-ip-not-allowed')) bump(this.#addresses, facts.sourceIp || '(no address)');
  }

  /** The report; `period` is the range asked for (event history), else the days the records span. */
  report(source: BacktestSource, limits: PrefixLimits, period?: { from: string; to: string }): BacktestReport {
    const days = [...this.#days.keys()].sort();
    const range = period ?? (days.length === 0 ? null : { from: days[0], to: days[days.length - 1] });
    const perDay: DayCount[] = [];
    if (range !== null) {
      for (let time = Date.parse(range.from); time <= Date.parse(range.to); time += DAY_MS) {
        const day = isoDay(time);
        perDay.push({ day, signIns: 0, alerts: 0, byFinding: {}, ...this.#days.get(day) });
      }
    }
    const suggestions = suggestBlocks(this.#addresses, limits);
    const configured = new Set(this.#settings.regions);
    return {
      title: 'signin-watch backtest',
      generatedAt: new Date(this.#settings.now).toISOString(),
      nothingSent: NOTHING_SENT,
      source,
      period: range,
      recordsRead: this.#recordsRead,
      signInsJudged: this.#signIns,
      notJudged: [
        ...[...this.#notJudged].map(([eventName, count]) => ({ eventName, count, why: 'not a sign-in this config forwards to signin-watch' })),
        ...[...this.#skipped].map(([eventName, { count, why }]) => ({ eventName, count, why })),
      ].sort((a, b) => b.count - a.count || a.eventName.localeCompare(b.eventName)),
      alerts: {
        total: this.#alerts,
        bySeverity: Object.fromEntries(ALERT_SEVERITIES.map((severity) => [severity, this.#bySeverity.get(severity) ?? 0])) as Record<AlertSeverity, number>,
        byFinding: { ...this.#byFinding },
      },
      perDay,
      undatedAlerts: this.#undatedAlerts,
      principals: [...this.#principals.values()].sort((a, b) => b.alerts - a.alerts || a.principal.localeCompare(b.principal)).slice(0, TOP_PRINCIPALS),
      addresses: {
        distinct: this.#addresses.size,
        limits,
        blocks: suggestions.blocks.slice(0, TOP_BLOCKS).map((block) => ({ ...block, distinct: block.addresses.length, addresses: block.addresses.slice(0, ADDRESSES_PER_BLOCK) })),
        blocksOmitted: Math.max(0, suggestions.blocks.length - TOP_BLOCKS),
        notAddresses: suggestions.notAddresses,
      },
      regions: [...this.#regions].map(([region, count]) => ({ region, ...count, configured: configured.has(region) })).sort((a, b) => b.signIns - a.signIns || a.region.localeCompare(b.region)),
      accounts: [...this.#accounts]
        .map(([account, count]) => ({ account, label: accountLabel(account, this.#settings.accountNames), ...count }))
        .sort((a, b) => b.alerts - a.alerts || b.signIns - a.signIns || a.account.localeCompare(b.account)),
    };
  }
}
