import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { DEFAULT_PREFIX_LIMITS } from '../../core/backtest/blocks';
import { renderBacktestPage } from '../../core/backtest/html';
import { NOTHING_SENT } from '../../core/backtest/report';
import { BacktestTally } from '../../core/backtest/tally';
import type { CloudTrailRecord } from '../../core/detect/cloudtrail-record';
import type { Check } from '../../core/verify/check';
import { organizationCoverage } from '../../core/verify/coverage-matrix';
import { renderCoveragePage } from '../../core/verify/coverage-page';
import { Trust } from '../../core/detect/trust';
import { signIn } from '../helpers/backtest-records';

/**
 * The HTML pages checked the way people see them: in Debian's Chromium, headless, with
 * every request that is not the page's own file refused. Never a browser download.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const available = existsSync(CHROMIUM);
const browserIt = available ? it : it.skip;
if (!available) console.log(`SKIPPED: HTML page tests in a browser: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it)`);

jest.setTimeout(60_000);

describe('HTML pages in a real browser', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    if (!available) return;
    dir = mkdtempSync(join(tmpdir(), 'signin-watch-pages-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a page from a file with the network cut off; returns it with the console errors and the requests it tried. */
  async function open(name: string, html: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const requests: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    return { page, errors, requests };
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    const path = join(dir, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    console.log(`screenshot: ${path}`);
  }

  browserIt('shows the backtest report with one chart mark per day, offline and without errors', async () => {
    // Prepare: 40 days of sign-ins, a few from outside the allowlist, a root sign-in, failures.
    const tally = new BacktestTally({
      trust: Trust.fromCidrs(['192.0.2.0/24']),
      signals: { extraSignals: [] },
      regions: ['us-east-1', 'eu-west-1'],
      accountNames: {},
      now: Date.parse('2026-11-27T12:00:00Z'),
    });
    for (let day = 0; day < 40; day++) {
      const time = new Date(Date.parse('2026-09-01T08:00:00Z') + day * 86_400_000).toISOString();
      tally.add(signIn({ time }) as CloudTrailRecord);
      if (day % 3 === 0) tally.add(signIn({ time, user: 'bob', ip: `198.51.100.${day}` }) as CloudTrailRecord);
      if (day % 7 === 0) tally.add(signIn({ time, user: 'carol', outcome: 'Failure', region: 'eu-west-1' }) as CloudTrailRecord);
      if (day === 12) tally.add(signIn({ time, type: 'Root', ip: '2001:db8:1:ff::1', mfa: false }) as CloudTrailRecord);
    }
    const report = tally.report({ description: 'generated sign-ins', unreadable: [] }, DEFAULT_PREFIX_LIMITS);

    // Act
    const { page, errors, requests } = await open('backtest', renderBacktestPage(report));

    // Assess
    expect([errors, requests]).toEqual([[], []]);
    expect(await page.locator('svg.chart g.day').count()).toBe(40);
    expect(await page.locator('svg.chart g.day[data-alerts="0"]').count()).toBe(report.perDay.filter((day) => day.alerts === 0).length);
    expect(await page.locator('svg.chart g.day').nth(12).locator('title').textContent()).toBe('2026-09-13: 2 alerts of 3 sign-ins (root-sign-in 1, source-ip-not-allowed 1)');
    expect(await page.locator('.banner').textContent()).toBe(NOTHING_SENT);
    expect(await page.locator('table.regions tbody tr').count()).toBe(2);
    expect(await page.locator('svg.chart').boundingBox()).toMatchObject({ width: expect.any(Number), height: expect.any(Number) });
    await screenshot(page, 'backtest');
  });

  browserIt('shows the coverage matrix with one coloured cell per account and region and the fix on hover', async () => {
    // Prepare
    const checks: Check[] = [
      { status: 'ok', name: 'account 222222222222', detail: 'stack instances current in all 3 enabled regions.' },
      { status: 'fail', name: 'account 333333333333 ap-east-1', detail: 'is enabled and not in regions: add "ap-east-1" to regions and deploy signin-watch-organization again.' },
      {
        status: 'fail',
        name: 'account 333333333333 eu-west-1',
        detail: 'stack instance is OUTDATED, FAILED: aws cloudformation update-stack-instances --stack-set-name signin-watch-forwarder-eu-west-1',
      },
      { status: 'fail', name: 'account 444444444444 us-east-1', detail: 'has no stack instance: aws cloudformation create-stack-instances --stack-set-name signin-watch-forwarder-us-east-1' },
      { status: 'ok', name: 'account 999999999999 (management)', detail: 'StackSets never deploys here; its own forwarders are in place in every enabled region.' },
    ];
    const regions = ['us-east-1', 'eu-west-1', 'af-south-1'];
    const enabled = new Map<string, ReadonlySet<string>>([
      ['222222222222', new Set(['us-east-1', 'eu-west-1', 'af-south-1'])],
      ['333333333333', new Set(['us-east-1', 'eu-west-1', 'ap-east-1'])],
      ['444444444444', new Set(['us-east-1', 'eu-west-1'])],
      ['999999999999', new Set(['us-east-1', 'eu-west-1'])],
    ]);
    const matrix = organizationCoverage(checks, {
      regions,
      enabled,
      summary: 'doctor: organization o-a1b2c3d4e5: 2 ok, 0 warnings, 3 failed',
      title: 'signin-watch coverage: organization o-a1b2c3d4e5',
      accountNames: {},
    });

    // Act
    const { page, errors, requests } = await open('coverage', renderCoveragePage(matrix));

    // Assess
    expect([errors, requests]).toEqual([[], []]);
    expect(await page.locator('table.matrix td.cell').count()).toBe(4 * 4);
    const apEast = await page.locator('td.cell[data-region="ap-east-1"]').all();
    expect(await Promise.all(apEast.map((cell) => cell.getAttribute('class')))).toEqual(['cell not-enabled', 'cell missing', 'cell not-enabled', 'cell not-enabled']);
    expect(await page.locator('td.cell.missing').count()).toBe(2);
    expect(await page.locator('td.cell.failed').getAttribute('title')).toContain('aws cloudformation update-stack-instances');
    expect(await page.locator('.summary').textContent()).toBe('doctor: organization o-a1b2c3d4e5: 2 ok, 0 warnings, 3 failed');
    // Runs in the page; the tests' TypeScript has no DOM types, hence the window's shape spelled out.
    const colour = await page
      .locator('td.cell.covered')
      .first()
      .evaluate((cell) => (globalThis as unknown as { getComputedStyle: (element: unknown) => { backgroundColor: string } }).getComputedStyle(cell).backgroundColor);
    expect(colour).toBe('rgb(22, 163, 74)');
    await screenshot(page, 'coverage');
  });
});
