import type { AlertSeverity } from '../config';
import type { Finding } from '../detect/evaluate';
import type { AddressCount, PrefixLimits, SuggestedBlock } from './blocks';

/** What every backtest output says first: it only reads and judges. */
export const NOTHING_SENT = 'Nothing was sent: the backtest reads and judges locally; no SNS, no Lambda, no notification.';

/** Where the records came from, and what could not be read (a region, a file) and why. */
export interface BacktestSource {
  readonly description: string;
  readonly unreadable: ReadonlyArray<{ readonly what: string; readonly reason: string }>;
}

export interface DayCount {
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  readonly signIns: number;
  readonly alerts: number;
  /** Alerts by their most serious finding, so that the counts add up to `alerts`. */
  readonly byFinding: Readonly<Partial<Record<Finding, number>>>;
}

export interface PrincipalCount {
  readonly principal: string;
  readonly account: string;
  readonly alerts: number;
  readonly findings: Readonly<Partial<Record<Finding, number>>>;
}

export interface PlaceCount {
  readonly signIns: number;
  readonly alerts: number;
}

/** The whole report, as `--json` writes it and the terminal and HTML renderings show it. */
export interface BacktestReport {
  readonly title: string;
  readonly generatedAt: string;
  readonly nothingSent: string;
  readonly source: BacktestSource;
  /** First and last day of the records judged (or asked for); null when there were none. */
  readonly period: { readonly from: string; readonly to: string } | null;
  readonly recordsRead: number;
  readonly signInsJudged: number;
  /** Records read but not judged, by event name, with the reason. */
  readonly notJudged: ReadonlyArray<{ readonly eventName: string; readonly count: number; readonly why: string }>;
  readonly alerts: {
    readonly total: number;
    readonly bySeverity: Readonly<Record<AlertSeverity, number>>;
    /** Alerts with each finding; one alert may have several. */
    readonly byFinding: Readonly<Record<Finding, number>>;
  };
  /** Every day of the period, alerts or not. */
  readonly perDay: readonly DayCount[];
  /** Alerts whose record carries no usable time. */
  readonly undatedAlerts: number;
  /** The principals with most alerts, most first. */
  readonly principals: readonly PrincipalCount[];
  readonly addresses: {
    /** Distinct source values of `source-ip-not-allowed` alerts. */
    readonly distinct: number;
    readonly limits: PrefixLimits;
    /** Suggested blocks, most alerts first, each with its number of distinct addresses and the top ones. */
    readonly blocks: ReadonlyArray<SuggestedBlock & { readonly distinct: number }>;
    readonly blocksOmitted: number;
    readonly notAddresses: readonly AddressCount[];
  };
  readonly regions: ReadonlyArray<PlaceCount & { readonly region: string; readonly configured: boolean }>;
  readonly accounts: ReadonlyArray<PlaceCount & { readonly account: string; readonly label: string }>;
}

/** "12,345": counts as people read them. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** "1 event", "2,000 events". */
export function counted(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`;
}

/** `YYYY-MM-DD` of a time, UTC. */
export function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
