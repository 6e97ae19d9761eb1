import { FINDINGS } from '../detect/evaluate';
import { type BacktestReport, counted, formatCount } from './report';

const BAR_WIDTH = 40;
/** Longer periods are shown a week a line. */
const MAX_DAY_LINES = 31;

/** Columns padded to their widest cell; numbers (columns in `right`) aligned right. */
function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, right: readonly number[] = []): string[] {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, column) => (right.includes(column) ? cell.padStart(widths[column]) : column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ')}`.trimEnd();
  return [line(headers), ...rows.map(line)];
}

const listed = (counts: Readonly<Partial<Record<string, number>>>, names: readonly string[]): string =>
  names
    .filter((name) => (counts[name] ?? 0) > 0)
    .map((name) => `${name} ${formatCount(counts[name] ?? 0)}`)
    .join(', ') || 'none';

/** Days with alerts, one a line with a bar: for periods of up to a month. */
function dayLines(busy: BacktestReport['perDay']): string[] {
  const most = Math.max(...busy.map((day) => day.alerts));
  return table(
    ['day', 'alerts', ''],
    busy.map((day) => [day.day, formatCount(day.alerts), '#'.repeat(Math.max(1, Math.round((day.alerts / most) * BAR_WIDTH)))]),
    [1],
  );
}

/** A week a line, its seven days' counts side by side: 90 days fit in 13 lines. */
function weekLines(report: BacktestReport): string[] {
  const rows: string[][] = [];
  const width = Math.max(...report.perDay.map((day) => formatCount(day.alerts).length));
  for (let start = 0; start < report.perDay.length; start += 7) {
    const week = report.perDay.slice(start, start + 7);
    rows.push([week[0].day, formatCount(week.reduce((sum, day) => sum + day.alerts, 0)), week.map((day) => formatCount(day.alerts).padStart(width)).join(' ')]);
  }
  return table(['7 days from', 'alerts', 'each day'], rows, [1]);
}

/** "SwitchRole 1, CheckMfa 1: not a sign-in ...; ...": the records not judged, grouped by why. */
export function notJudgedText(report: BacktestReport): string {
  const byWhy = new Map<string, string[]>();
  for (const { eventName, count, why } of report.notJudged) byWhy.set(why, [...(byWhy.get(why) ?? []), `${eventName} ${formatCount(count)}`]);
  return [...byWhy].map(([why, names]) => `${names.join(', ')}: ${why}`).join('; ');
}

/** The report as the terminal shows it, one string per line. */
export function renderText(report: BacktestReport): string[] {
  const { alerts, addresses } = report;
  const lines: string[] = [report.title, report.nothingSent, `Source: ${report.source.description}`];
  for (const { what, reason } of report.source.unreadable) lines.push(`Could not read ${what}: ${reason}`);
  if (report.period !== null) lines.push(`Period: ${report.period.from} to ${report.period.to} (${counted(report.perDay.length, 'day')}, UTC)`);
  const notJudged = report.notJudged.reduce((sum, entry) => sum + entry.count, 0);
  lines.push(
    '',
    `Records read       ${formatCount(report.recordsRead)}`,
    `Sign-ins judged    ${formatCount(report.signInsJudged)}`,
    `Not judged         ${formatCount(notJudged)}${notJudged === 0 ? '' : ` (${notJudgedText(report)})`}`,
    `Alerts             ${formatCount(alerts.total)}${alerts.total === 0 ? '' : `: ${listed(alerts.bySeverity, Object.keys(alerts.bySeverity))}`}`,
    `Alerts by finding  ${listed(alerts.byFinding, FINDINGS)} (an alert may have several)`,
  );
  if (alerts.total === 0) return [...lines, '', 'No sign-in in these records would have alerted.', ...regionLines(report)];

  const busy = report.perDay.filter((day) => day.alerts > 0);
  lines.push(
    '',
    `Alerts per day (${busy.length} of ${counted(report.perDay.length, 'day')} had alerts${report.undatedAlerts > 0 ? `; ${counted(report.undatedAlerts, 'alert carries', 'alerts carry')} no usable time` : ''})`,
  );
  lines.push(...(report.perDay.length > MAX_DAY_LINES ? weekLines(report) : dayLines(busy)));

  lines.push('', 'Principals with most alerts');
  lines.push(
    ...table(
      ['alerts', 'account', 'principal', 'findings'],
      report.principals.map((entry) => [formatCount(entry.alerts), entry.account, entry.principal, listed(entry.findings, FINDINGS)]),
      [0],
    ),
  );

  if (addresses.distinct > 0) {
    lines.push(
      '',
      `Source addresses outside the allowlist: ${formatCount(addresses.distinct)} distinct, with a suggested block per cluster (never wider than /${addresses.limits.v4} or /${addresses.limits.v6}).`,
    );
    lines.push('Review them before trusting any: these are the addresses the alerts came from, not a list known to be safe.');
    lines.push(
      ...table(
        ['alerts', 'suggested block', 'addresses', 'most alerts from'],
        addresses.blocks.map((block) => [
          formatCount(block.alerts),
          block.block,
          formatCount(block.distinct),
          block.addresses.map((entry) => `${entry.address} (${formatCount(entry.count)})`).join(', '),
        ]),
        [0, 2],
      ),
    );
    if (addresses.blocksOmitted > 0) lines.push(`  ... and ${formatCount(addresses.blocksOmitted)} more blocks with fewer alerts`);
    if (addresses.notAddresses.length > 0)
      lines.push(`  Not an IP address, so no block can cover it: ${addresses.notAddresses.map((entry) => `${entry.address} (${formatCount(entry.count)})`).join(', ')}`);
  }
  return [...lines, ...regionLines(report)];
}

function regionLines(report: BacktestReport): string[] {
  if (report.regions.length === 0) return [];
  const lines = ['', 'Sign-ins per region (AWS records a sign-in in the region it went through, so every region matters)'];
  lines.push(
    ...table(
      ['region', 'sign-ins', 'alerts', ''],
      report.regions.map((entry) => [entry.region, formatCount(entry.signIns), formatCount(entry.alerts), entry.configured ? '' : 'not in regions: signin-watch would not see these']),
      [1, 2],
    ),
  );
  if (report.accounts.length > 1) {
    lines.push('', 'Accounts');
    lines.push(
      ...table(
        ['account', 'sign-ins', 'alerts'],
        report.accounts.map((entry) => [entry.label, formatCount(entry.signIns), formatCount(entry.alerts)]),
        [1, 2],
      ),
    );
  }
  return lines;
}
