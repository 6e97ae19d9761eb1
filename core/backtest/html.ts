import { FINDINGS, type Finding } from '../detect/evaluate';
import { escapeHtml, htmlPage, htmlTable } from '../html-page';
import { type BacktestReport, type DayCount, formatCount } from './report';

/** One colour per finding, in every chart and legend; most serious darkest. */
export const FINDING_COLOURS: Record<Finding, string> = {
  'root-sign-in': '#991b1b',
  'source-ip-not-allowed': '#ea580c',
  'mfa-not-used': '#ca8a04',
  'sign-in-failed': '#2563eb',
};

const CHART = { width: 960, height: 240, left: 44, right: 8, top: 12, bottom: 30 };
const LABEL_SPACING = 56;

const CSS = `
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { padding: 10px 14px; border: 1px solid var(--line); border-radius: 8px; background: var(--panel); min-width: 150px; }
.card b { display: block; font-size: 22px; }
.chart { width: 100%; max-width: ${CHART.width}px; height: auto; }
.chart text { font-size: 11px; fill: var(--muted); }
.chart .grid { stroke: var(--line); }
.bar { display: inline-block; height: 10px; background: #6366f1; border-radius: 2px; vertical-align: middle; }
.columns { display: flex; flex-wrap: wrap; gap: 8px 40px; }
`;

const count = (value: number) => escapeHtml(formatCount(value));
const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

function findingsText(counts: Readonly<Partial<Record<Finding, number>>>): string {
  return FINDINGS.filter((finding) => (counts[finding] ?? 0) > 0)
    .map((finding) => `${finding} ${formatCount(counts[finding] ?? 0)}`)
    .join(', ');
}

/** Days labelled under the axis: month starts on long periods, weeks on short ones, never closer than LABEL_SPACING. */
function labelledDays(days: readonly DayCount[], step: number): Set<number> {
  const labelled = new Set<number>();
  let last = Number.NEGATIVE_INFINITY;
  days.forEach((day, index) => {
    const boundary = index === 0 || (days.length > 45 ? day.day.endsWith('-01') : index % 7 === 0);
    if (boundary && (index - last) * step >= LABEL_SPACING) {
      labelled.add(index);
      last = index;
    }
  });
  return labelled;
}

/** Alerts per day, stacked by each alert's most serious finding; one `g.day` per day, with its numbers on hover. */
export function alertsChart(days: readonly DayCount[]): string {
  const { width, height, left, right, top, bottom } = CHART;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const most = Math.max(1, ...days.map((day) => day.alerts));
  const step = plotWidth / Math.max(1, days.length);
  const gap = step > 4 ? 1 : 0;
  const y = (value: number) => top + plotHeight - (value / most) * plotHeight;
  const labels = labelledDays(days, step);
  // Month and day on periods up to a year; year and month beyond.
  const label = (day: string) => (days.length > 366 ? day.slice(0, 7) : day.slice(5));
  const parts = [`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="Alerts per day by finding">`];
  for (const value of [0, Math.round(most / 2), most]) {
    parts.push(`<line class="grid" x1="${left}" x2="${width - right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}"/>`);
    parts.push(`<text x="${left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${count(value)}</text>`);
  }
  days.forEach((day, index) => {
    const x = left + index * step;
    const tip = `${day.day}: ${formatCount(day.alerts)} alerts of ${formatCount(day.signIns)} sign-ins${day.alerts > 0 ? ` (${findingsText(day.byFinding)})` : ''}`;
    parts.push(`<g class="day" data-day="${day.day}" data-alerts="${day.alerts}"><title>${escapeHtml(tip)}</title>`);
    parts.push(`<rect x="${x.toFixed(2)}" y="${top}" width="${step.toFixed(2)}" height="${plotHeight}" fill="transparent"/>`);
    let base = 0;
    for (const finding of FINDINGS) {
      const value = day.byFinding[finding] ?? 0;
      if (value === 0) continue;
      parts.push(
        `<rect x="${x.toFixed(2)}" y="${y(base + value).toFixed(2)}" width="${Math.max(0.5, step - gap).toFixed(2)}" height="${(y(base) - y(base + value)).toFixed(2)}" fill="${FINDING_COLOURS[finding]}"/>`,
      );
      base += value;
    }
    if (labels.has(index)) parts.push(`<text x="${x.toFixed(1)}" y="${height - 10}">${label(day.day)}</text>`);
    parts.push('</g>');
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function legend(): string {
  return `<div class="legend">${FINDINGS.map((finding) => `<span><i class="swatch" style="background:${FINDING_COLOURS[finding]}"></i>${escapeHtml(finding)}</span>`).join('')}</div>`;
}

/** The backtest report as one self-contained page. */
export function renderBacktestPage(report: BacktestReport): string {
  const { alerts, addresses } = report;
  const severities = Object.entries(alerts.bySeverity).filter(([, value]) => value > 0);
  const mostSignIns = Math.max(1, ...report.regions.map((entry) => entry.signIns));
  const body = [
    `<h1>${escapeHtml(report.title)}</h1>`,
    `<p class="banner">${escapeHtml(report.nothingSent)}</p>`,
    `<p>Source: ${escapeHtml(report.source.description)}${report.period === null ? '' : `. Period: ${escapeHtml(report.period.from)} to ${escapeHtml(report.period.to)} (UTC)`}. Made ${escapeHtml(report.generatedAt)}.</p>`,
    ...report.source.unreadable.map(({ what, reason }) => `<p class="problem">Could not read ${escapeHtml(what)}: ${escapeHtml(reason)}</p>`),
    '<div class="cards">',
    `<div class="card">Records read<b>${count(report.recordsRead)}</b></div>`,
    `<div class="card">Sign-ins judged<b>${count(report.signInsJudged)}</b></div>`,
    `<div class="card">Alerts<b>${count(alerts.total)}</b>${escapeHtml(severities.map(([severity, value]) => `${severity} ${formatCount(value)}`).join(', ') || 'none')}</div>`,
    `<div class="card">Addresses outside the allowlist<b>${count(addresses.distinct)}</b>in ${count(addresses.blocks.length + addresses.blocksOmitted)} blocks</div>`,
    '</div>',
    '<h2>Alerts per day, by most serious finding</h2>',
    legend(),
    alertsChart(report.perDay),
    report.undatedAlerts > 0 ? `<p class="muted">${count(report.undatedAlerts)} alerts carry no usable time and are not in the chart.</p>` : '',
    '<div class="columns"><div>',
    '<h2>Alerts by finding</h2>',
    htmlTable(
      ['finding', 'alerts'],
      FINDINGS.map((finding) => [`<i class="swatch" style="background:${FINDING_COLOURS[finding]}"></i> ${escapeHtml(finding)}`, count(alerts.byFinding[finding])]),
      [1],
    ),
    '<p class="muted">An alert may have several findings.</p>',
    '</div><div>',
    '<h2>Sign-ins per region</h2>',
    htmlTable(
      ['region', 'sign-ins', 'alerts', ''],
      report.regions.map((entry) => [
        code(entry.region) + (entry.configured ? '' : ' <span class="problem">not in regions: not seen</span>'),
        count(entry.signIns),
        count(entry.alerts),
        `<span class="bar" style="width:${Math.max(1, Math.round((entry.signIns / mostSignIns) * 160))}px"></span>`,
      ]),
      [1, 2],
      'regions',
    ),
    '</div></div>',
    '<h2>Principals with most alerts</h2>',
    htmlTable(
      ['alerts', 'account', 'principal', 'findings'],
      report.principals.map((entry) => [count(entry.alerts), code(entry.account), escapeHtml(entry.principal), escapeHtml(findingsText(entry.findings))]),
      [0],
    ),
    '<h2>Source addresses outside the allowlist</h2>',
    `<p>One suggested block per cluster, never wider than /${addresses.limits.v4} (IPv4) or /${addresses.limits.v6} (IPv6). <b>Review before trusting any</b>: these are the addresses the alerts came from, not a list known to be safe.</p>`,
    htmlTable(
      ['alerts', 'suggested block', 'addresses', 'most alerts from'],
      addresses.blocks.map((block) => [
        count(block.alerts),
        code(block.block),
        count(block.distinct),
        escapeHtml(block.addresses.map((entry) => `${entry.address} (${formatCount(entry.count)})`).join(', ')),
      ]),
      [0, 2],
    ),
    addresses.blocksOmitted > 0 ? `<p class="muted">... and ${count(addresses.blocksOmitted)} more blocks with fewer alerts.</p>` : '',
    addresses.notAddresses.length > 0
      ? `<p class="muted">Not an IP address, so no block can cover it: ${escapeHtml(addresses.notAddresses.map((entry) => `${entry.address} (${formatCount(entry.count)})`).join(', '))}</p>`
      : '',
    report.accounts.length > 1
      ? `<h2>Accounts</h2>${htmlTable(
          ['account', 'sign-ins', 'alerts'],
          report.accounts.map((entry) => [escapeHtml(entry.label), count(entry.signIns), count(entry.alerts)]),
          [1, 2],
        )}`
      : '',
  ];
  return htmlPage(report.title, CSS, body.filter(Boolean).join('\n'));
}
