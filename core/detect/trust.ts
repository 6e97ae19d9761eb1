import { Allowlist } from './allowlist';

/** A time-boxed or permanent exception to the address rule; see README, "Exceptions". */
export interface AddressException {
  /** An IAM user or role ARN (`*` matches any run of characters); a role also matches its sessions. */
  readonly principal?: string;
  /** Addresses trusted by this exception only. */
  readonly cidrs?: readonly string[];
  /** Limits the exception to these accounts. */
  readonly accounts?: readonly string[];
  /** Why it exists; shown wherever it applies. */
  readonly reason: string;
  /** Last day it applies (`YYYY-MM-DD`, UTC); config validation refuses an expired one. */
  readonly expires?: string;
}

/** What decides whether a sign-in's address is trusted. */
export interface TrustRules {
  readonly allowedCidrs: readonly string[];
  readonly accountAllowedCidrs: Readonly<Record<string, readonly string[]>>;
  readonly exceptions: readonly AddressException[];
}

/** The facts of a sign-in that trust depends on. */
export interface TrustFacts {
  readonly sourceIp?: string;
  readonly account?: string;
  readonly principalArn?: string;
}

/** The moment an exception stops applying: the end of its `expires` day, UTC. */
export function expiryOf(expires: string): number {
  return Date.parse(`${expires}T00:00:00Z`) + 24 * 60 * 60 * 1000;
}

/** An ARN pattern as a regular expression: `*` matches any run, everything else itself. */
function arnPattern(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
  );
}

/**
 * Whether a principal ARN from a record matches an exception's principal. A role ARN
 * (`arn:aws:iam::<account>:role/<path/>name`) also matches the sessions of that role
 * (`arn:aws:sts::<account>:assumed-role/<name>/<session>`), which is how a role's
 * console sign-in is recorded.
 */
export function principalMatches(pattern: string, principalArn: string | undefined): boolean {
  if (principalArn === undefined) return false;
  if (arnPattern(pattern).test(principalArn)) return true;
  const role = /^arn:([^:]+):iam::([^:]+):role\/(?:.*\/)?([^/]+)$/.exec(pattern);
  if (role === null) return false;
  const [, partition, account, name] = role;
  return arnPattern(`arn:${partition}:sts::${account}:assumed-role/${name}/*`).test(principalArn);
}

/**
 * The address rules of a config, compiled once: the global allowlist, each account's own
 * on top of it, and the exceptions. `allowedBy` names the rule that trusted a sign-in,
 * so that every alert and `npm run evaluate` can say why an address was allowed.
 */
export class Trust {
  readonly #global: Allowlist;
  readonly #accounts: ReadonlyMap<string, Allowlist>;
  readonly #exceptions: ReadonlyArray<{ readonly rule: AddressException; readonly index: number; readonly cidrs?: Allowlist; readonly until: number }>;

  private constructor(rules: TrustRules) {
    this.#global = Allowlist.fromCidrs(rules.allowedCidrs);
    this.#accounts = new Map(Object.entries(rules.accountAllowedCidrs).map(([account, cidrs]) => [account, Allowlist.fromCidrs(cidrs)]));
    this.#exceptions = rules.exceptions.map((rule, index) => ({
      rule,
      index,
      cidrs: rule.cidrs === undefined ? undefined : Allowlist.fromCidrs(rule.cidrs),
      until: rule.expires === undefined ? Number.POSITIVE_INFINITY : expiryOf(rule.expires),
    }));
  }

  static fromRules(rules: TrustRules): Trust {
    return new Trust(rules);
  }

  /** Only a global allowlist: what a config without account lists or exceptions compiles to. */
  static fromCidrs(allowedCidrs: readonly string[]): Trust {
    return new Trust({ allowedCidrs, accountAllowedCidrs: {}, exceptions: [] });
  }

  /**
   * The rule that trusts this sign-in's address at `now`, or undefined. A value that is
   * not an IP address is only ever trusted by an exception without `cidrs`. Without `now`,
   * the clock is read when an exception is checked, and only then: reading it costs a
   * tenth of an evaluation.
   */
  allowedBy(facts: TrustFacts, now?: number): string | undefined {
    const global = this.#global.entryContaining(facts.sourceIp);
    if (global !== undefined) return `allowedCidrs: ${global}`;
    const own = facts.account === undefined ? undefined : this.#accounts.get(facts.account)?.entryContaining(facts.sourceIp);
    if (own !== undefined) return `accountAllowedCidrs["${facts.account}"]: ${own}`;
    if (this.#exceptions.length === 0) return undefined;
    const at = now ?? Date.now();
    for (const { rule, index, cidrs, until } of this.#exceptions) {
      if (at >= until) continue;
      if (rule.accounts !== undefined && (facts.account === undefined || !rule.accounts.includes(facts.account))) continue;
      if (rule.principal !== undefined && !principalMatches(rule.principal, facts.principalArn)) continue;
      if (cidrs !== undefined && !cidrs.contains(facts.sourceIp)) continue;
      return `exceptions[${index}]: ${rule.reason}${rule.expires === undefined ? '' : ` (until ${rule.expires})`}`;
    }
    return undefined;
  }
}
