import type { Check } from './check';
import { accountLabel } from '../notify/notification';
import { DEFAULT_REGIONS } from '../config/regions';

/**
 * Coverage at a glance: accounts by regions, each cell in one state. The doctor's checks
 * are lines of text for a terminal; these functions lay the same checks out as a matrix
 * for `doctor --html`, reading the names and verdicts the doctor gives them.
 */
export const CELL_STATES = ['covered', 'missing', 'outdated', 'failed', 'not-enabled', 'not-checked'] as const;
export type CellState = (typeof CELL_STATES)[number];

export interface CoverageCell {
  readonly state: CellState;
  /** What the doctor found there, with the command that fixes it: the cell's hover text. */
  readonly detail: string;
}

export interface CoverageRow {
  readonly account: string;
  /** The account as people know it: `222222222222 (workloads-prod)`, `999999999999 (management)`. */
  readonly label: string;
  /** One per region, in the order of `CoverageMatrix.regions`. */
  readonly cells: readonly CoverageCell[];
}

export interface CoverageMatrix {
  readonly title: string;
  /** The doctor's summary line. */
  readonly summary: string;
  readonly regions: readonly string[];
  readonly rows: readonly CoverageRow[];
  /** Findings that belong to no single cell (a stack set that cannot be read, an organization that cannot be listed). */
  readonly notes: readonly string[];
}

/** When several checks land in one cell, the worst decides its colour. */
const RANK: Record<CellState, number> = { covered: 0, 'not-enabled': 1, 'not-checked': 2, outdated: 3, failed: 4, missing: 5 };

class CellBuilder {
  state: CellState = 'covered';
  readonly details: string[] = [];

  note(state: CellState, detail: string): void {
    if (RANK[state] > RANK[this.state]) this.state = state;
    this.details.push(detail);
  }

  build(): CoverageCell {
    return { state: this.state, detail: `${this.state}: ${this.details.join(' | ') || 'no gap found'}` };
  }
}

/** Rows of cells, created as accounts and regions turn up. */
class Grid {
  readonly regions: string[];
  readonly #rows = new Map<string, Map<string, CellBuilder>>();
  readonly #labels = new Map<string, string>();

  readonly #accountNames: Readonly<Record<string, string>>;

  constructor(regions: readonly string[], accountNames: Readonly<Record<string, string>>) {
    this.regions = [...regions];
    this.#accountNames = accountNames;
  }

  /** The management account, which StackSets never deploys to, says so in its label. */
  markManagement(account: string): void {
    this.#labels.set(account, `${accountLabel(account, this.#accountNames)} (management)`);
  }

  cell(account: string, region: string): CellBuilder {
    if (!this.regions.includes(region)) this.regions.push(region);
    const row = this.row(account);
    let cell = row.get(region);
    if (cell === undefined) row.set(region, (cell = new CellBuilder()));
    return cell;
  }

  row(account: string): Map<string, CellBuilder> {
    let row = this.#rows.get(account);
    if (row === undefined) this.#rows.set(account, (row = new Map()));
    return row;
  }

  build(title: string, summary: string, notes: string[]): CoverageMatrix {
    // A cell nothing was said about is not claimed covered.
    const unknown: CoverageCell = { state: 'not-checked', detail: 'not-checked: the doctor said nothing about it' };
    const rows = [...this.#rows].map(([account, row]) => ({
      account,
      label: this.#labels.get(account) ?? accountLabel(account, this.#accountNames),
      cells: this.regions.map((region) => row.get(region)?.build() ?? unknown),
    }));
    return { title, summary, regions: this.regions, rows, notes };
  }
}

const stateOfDeployment = (detail: string): CellState => (detail.startsWith('is not deployed') ? 'missing' : detail.startsWith('could not be read') ? 'not-checked' : 'outdated');

/** One account (`npm run doctor -- --html FILE`): its checks of regions, trails, rules and the bus, by region. */
export function accountCoverage(checks: readonly Check[], options: { account: string; regions: readonly string[]; summary: string; accountNames: Readonly<Record<string, string>> }): CoverageMatrix {
  const grid = new Grid(options.regions, options.accountNames);
  const notes: string[] = [];
  const { account } = options;
  const unlisted = checks.find((check) => check.name === 'regions' && check.status === 'fail');
  for (const region of options.regions) {
    const cell = grid.cell(account, region);
    if (unlisted !== undefined) cell.note('not-checked', `regions ${unlisted.detail}`);
  }
  for (const check of checks) {
    const [kind, region] = check.name.split(' ');
    const what = `${check.name} ${check.detail}`;
    if (kind === 'region' && region !== undefined) {
      grid.cell(account, region).note(check.status === 'fail' ? 'missing' : 'not-enabled', what);
    } else if ((kind === 'trail' || kind === 'rule' || kind === 'bus') && region !== undefined) {
      const cell = grid.cell(account, region);
      if (check.status !== 'fail') cell.note('covered', what);
      else if (kind === 'trail') cell.note(check.detail.startsWith('could not') ? 'not-checked' : 'failed', what);
      else if (kind === 'rule') cell.note(stateOfDeployment(check.detail), what);
      else cell.note(check.detail.startsWith('does not admit') ? 'failed' : stateOfDeployment(check.detail), what);
    } else if (check.status !== 'ok' && check !== unlisted) {
      notes.push(what);
    }
  }
  return grid.build(`signin-watch coverage: ${accountLabel(account, options.accountNames)}`, options.summary, notes);
}

/** The stack instance states that mean a failed deployment rather than an old one. */
const FAILED_INSTANCE = /\b(FAILED|INOPERABLE|CANCELLED|FAILED_IMPORT|SKIPPED_SUSPENDED_ACCOUNT)\b/;

const mentions = (text: string, region: string): boolean => new RegExp(`(^|[^a-z0-9-])${region}([^a-z0-9-]|$)`).test(text);
const line = (check: Check): string => `${check.name} ${check.detail}`;

/** The verdict of a check about one account and region. */
function regionState(check: Check): CellState {
  if (check.status !== 'fail') return check.detail.startsWith('is not enabled') ? 'not-enabled' : 'outdated';
  if (!check.detail.startsWith('stack instance is')) return 'missing';
  return FAILED_INSTANCE.test(check.detail) ? 'failed' : 'outdated';
}

interface OrgContext {
  readonly configured: ReadonlySet<string>;
  readonly enabled: ReadonlyMap<string, ReadonlySet<string>>;
  readonly unreadableStackSets: ReadonlySet<string>;
}

/** A cell no check names: what the account's own checks, its enabled regions and the stack sets say about it. */
function baseline(account: string, region: string, whole: readonly Check[], management: boolean, context: OrgContext): [CellState, string] {
  const enabled = context.enabled.get(account);
  // A column that another account's gap added: the doctor checked only configured regions here.
  if (!context.configured.has(region)) {
    if (enabled === undefined) return ['not-checked', `${region} is not in regions, and the doctor does not know whether account ${account} has enabled it`];
    return enabled.has(region)
      ? ['missing', `${region} is enabled in account ${account} and not in regions: add it to regions and deploy again`]
      : ['not-enabled', `${region} is not enabled in account ${account}`];
  }
  const unlisted = whole.find((check) => check.detail.includes('could not list its regions'));
  if (management) {
    const verdict = whole[0];
    if (verdict !== undefined && (verdict.status === 'warn' || unlisted !== undefined)) return ['not-checked', line(verdict)];
    if (verdict?.status === 'fail') {
      // "missing in eu-west-1, ap-east-1 (AccessDenied...)": a region with an error could not be read.
      if (verdict.detail.includes(`${region} (`)) return ['not-checked', line(verdict)];
      if (mentions(verdict.detail, region)) return ['missing', line(verdict)];
    }
  } else {
    if (unlisted !== undefined && !(DEFAULT_REGIONS as readonly string[]).includes(region)) return ['not-checked', line(unlisted)];
    if (context.unreadableStackSets.has(region)) return ['not-checked', `the stack set of ${region} could not be read`];
  }
  if (enabled !== undefined && !enabled.has(region)) return ['not-enabled', `${region} is not enabled in account ${account}`];
  const ok = whole.find((check) => check.status === 'ok');
  return ['covered', ok === undefined ? `${region}: no gap found` : line(ok)];
}

/**
 * The organization (`npm run doctor -- --org --html FILE`): every checked account by every
 * region. `enabled` holds the regions each account has enabled, as the doctor found them,
 * which tells a region that is not enabled from one that is covered.
 */
export function organizationCoverage(
  checks: readonly Check[],
  options: { regions: readonly string[]; enabled: ReadonlyMap<string, ReadonlySet<string>>; summary: string; title: string; accountNames: Readonly<Record<string, string>> },
): CoverageMatrix {
  const grid = new Grid(options.regions, options.accountNames);
  const notes: string[] = [];
  const unreadableStackSets = new Set<string>();
  const accounts = new Map<string, { management: boolean; whole: Check[] }>();
  for (const check of checks) {
    const account = /^account (\d+)( \(management\))?(?: (\S+))?$/.exec(check.name);
    if (account === null) {
      const stackSet = /^stack set (\S+)$/.exec(check.name);
      const region = stackSet === null ? undefined : options.regions.find((candidate) => stackSet[1].endsWith(`-${candidate}`));
      if (region !== undefined) unreadableStackSets.add(region);
      if (check.status !== 'ok') notes.push(line(check));
      continue;
    }
    const [, id, management, region] = account;
    let entry = accounts.get(id);
    if (entry === undefined) {
      accounts.set(id, (entry = { management: management !== undefined, whole: [] }));
      grid.row(id); // rows in the doctor's order
    }
    if (management !== undefined) grid.markManagement(id);
    if (region === undefined) entry.whole.push(check);
    else grid.cell(id, region).note(regionState(check), line(check));
  }
  const context = { configured: new Set(options.regions), enabled: options.enabled, unreadableStackSets };
  const columns = [...grid.regions];
  for (const [account, { management, whole }] of accounts) {
    for (const region of columns) {
      const cell = grid.cell(account, region);
      if (cell.details.length === 0) cell.note(...baseline(account, region, whole, management, context));
    }
  }
  return grid.build(options.title, options.summary, notes);
}
