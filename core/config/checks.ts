import { parseCidr } from '../detect/allowlist';
import { isRecord, type ProblemList, show, typeName } from './messages';
import { COMMERCIAL_REGIONS } from './regions';
import { closestMatch } from './suggest';

/** The checks that several settings share: lists of strings, regions, address blocks, numbers, account ids, objects. */

/** A list of strings; undefined (and a problem for each wrong item) when it is not one. */
export function stringArray(value: unknown, field: string, problems: ProblemList, example: string): string[] | undefined {
  if (!Array.isArray(value)) {
    problems.add(field, `expected an array of strings, got ${typeName(value)} (${show(value)}).`, `write it as a JSON array, for example ${example}.`);
    return undefined;
  }
  const strings: string[] = [];
  value.forEach((item, index) => {
    if (typeof item === 'string') strings.push(item);
    else problems.add(`${field}[${index}]`, `expected a string, got ${typeName(item)} (${show(item)}).`, `quote it, as in ${example}.`);
  });
  return strings.length === value.length ? strings : undefined;
}

export function reportDuplicates(values: readonly string[], field: string, problems: ProblemList, key: (value: string) => string = (v) => v): void {
  const seen = new Map<string, number>();
  values.forEach((value, index) => {
    const first = seen.get(key(value));
    if (first === undefined) seen.set(key(value), index);
    else problems.add(`${field}[${index}]`, `${show(value)} repeats ${field}[${first}].`, 'remove the duplicate.');
  });
}

/** An item of a fixed vocabulary (signals, severities): a wrong one gets the closest as a suggestion, else the list. */
export function reportUnknown(values: readonly string[], field: string, known: readonly string[], what: string, problems: ProblemList): void {
  values.forEach((value, index) => {
    if (known.includes(value)) return;
    const suggestion = closestMatch(value, known);
    problems.add(`${field}[${index}]`, `${show(value)} is not ${what}.`, suggestion ? `did you mean "${suggestion}"?` : `use any of ${known.join(', ')}.`);
  });
}

/** GovCloud and China are separate AWS partitions, with their own accounts and ARNs (`arn:aws-us-gov:`, `arn:aws-cn:`). */
const OTHER_PARTITIONS = [
  { prefix: 'us-gov-', name: 'AWS GovCloud (US)' },
  { prefix: 'cn-', name: 'AWS China' },
];

export function regionProblem(problems: ProblemList, field: string, value: string): void {
  const partition = OTHER_PARTITIONS.find(({ prefix }) => value.startsWith(prefix));
  if (partition !== undefined) {
    problems.add(
      field,
      `${show(value)} is a region of ${partition.name}, a separate partition, not supported: signin-watch covers the commercial regions only.`,
      'remove it; GovCloud and China accounts need an install of their own, which signin-watch does not offer.',
    );
    return;
  }
  const suggestion = closestMatch(value, COMMERCIAL_REGIONS);
  problems.add(field, `${show(value)} is not a commercial AWS region.`, suggestion ? `did you mean "${suggestion}"?` : `use a region code such as "us-east-1"; the list is in README.md ("Regions").`);
}

export function validateCidrs(cidrs: readonly string[], problems: ProblemList, listField = 'allowedCidrs'): void {
  cidrs.forEach((cidr, index) => {
    const field = `${listField}[${index}]`;
    const parsed = parseCidr(cidr);
    if (parsed.ok) return;
    if (parsed.problem === 'host-bits') {
      problems.add(
        field,
        `${show(cidr)} has host bits set, which is almost always a typo: that block starts at ${parsed.network.split('/')[0]}.`,
        `write "${parsed.network}" for the whole block, or "${parsed.hostOnly}" to trust only that address.`,
      );
    } else if (parsed.problem === 'bad-prefix') {
      problems.add(field, `${show(cidr)} has a prefix length that is out of range.`, 'use /0 to /32 for IPv4 and /0 to /128 for IPv6.');
    } else {
      problems.add(field, `${show(cidr)} is not an IPv4 or IPv6 address or CIDR block.`, 'write an address such as "203.0.113.7" or a block such as "203.0.113.0/24" or "2001:db8::/32".');
    }
  });
}

/** A list of address blocks, checked and without duplicates; undefined when it is not a list of strings. */
export function cidrList(value: unknown, field: string, problems: ProblemList, example: string): string[] | undefined {
  const listed = stringArray(value, field, problems, example);
  if (listed === undefined) return undefined;
  validateCidrs(listed, problems, field);
  reportDuplicates(listed, field, problems);
  return listed;
}

/**
 * A number setting: a number in quotes (a YAML habit, or what a templating tool leaves) gets
 * its own message; anything else that `accepts` refuses gets `refuse`'s.
 */
export function numberSetting(value: unknown, field: string, problems: ProblemList, accepts: (value: number) => boolean, refuse: { message: string; fix: string }): number | undefined {
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    problems.add(field, `expected a number, got a string (${show(value)}).`, `remove the quotes: ${value.trim()}.`);
  } else if (typeof value !== 'number' || !accepts(value)) {
    problems.add(field, `${show(value)} ${refuse.message}`, refuse.fix);
  } else return value;
  return undefined;
}

export const ACCOUNT_ID = /^\d{12}$/;

export const isAccountId = (value: unknown): value is string => typeof value === 'string' && ACCOUNT_ID.test(value);

/**
 * An object setting: reports a value that is not an object (with `fix`), and each key
 * not in `allowed`, with the closest one. `kind` names one key in messages.
 */
export function objectWith(value: unknown, field: string, allowed: readonly string[], fix: string, problems: ProblemList, kind = `a ${field} setting`): Record<string, unknown> | undefined {
  if (!isRecord(value)) {
    problems.add(field, `expected an object, got ${typeName(value)} (${show(value)}).`, fix);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const suggestion = closestMatch(key, allowed);
    problems.add(`${field}.${show(key)}`, `is not ${kind}.`, suggestion ? `did you mean "${suggestion}"?` : `remove it; the settings are ${allowed.join(', ')}.`);
  }
  return value;
}
