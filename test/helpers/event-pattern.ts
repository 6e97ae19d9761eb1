/**
 * EventBridge's matching for the filters signin-watch's patterns use: every key of the
 * pattern must be present in the event; an array lists the accepted values, each a literal
 * or a `{ "prefix": "..." }` filter; an object recurses into the event's object. (npm has
 * no faithful EventBridge matcher; see shared/reference/toolchain-notes.md.)
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (Array.isArray(pattern)) {
    const values = Array.isArray(event) ? event : [event];
    return values.some((value) => pattern.some((accepted) => matchesValue(accepted, value)));
  }
  if (typeof pattern !== 'object' || pattern === null) throw new Error('a pattern value must be an array or an object');
  if (typeof event !== 'object' || event === null) return false;
  return Object.entries(pattern).every(([key, value]) => key in event && matchesPattern(value, (event as Record<string, unknown>)[key]));
}

function matchesValue(accepted: unknown, value: unknown): boolean {
  if (typeof accepted !== 'object' || accepted === null) return accepted === value;
  const filters = Object.entries(accepted);
  if (filters.length === 1 && filters[0][0] === 'prefix' && typeof filters[0][1] === 'string') return typeof value === 'string' && value.startsWith(filters[0][1]);
  throw new Error(`this test matcher does not support the filter ${JSON.stringify(accepted)}`);
}
