/**
 * A CloudTrail record as it arrives: a JSON object with at least an `eventName`.
 * Every other field may be missing or of an unexpected type (see the peer records in
 * test/fixtures/peer-records), so fields are read through the accessors below, never
 * by trusting the shape.
 */
export type CloudTrailRecord = Readonly<Record<string, unknown>> & { readonly eventName: string };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isCloudTrailRecord(value: unknown): value is CloudTrailRecord {
  return isObject(value) && typeof value.eventName === 'string';
}

/** The string at `path` inside `value`, or undefined when any step is missing or not of the right type. */
export function stringAt(value: unknown, ...path: string[]): string | undefined {
  let current = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return typeof current === 'string' ? current : undefined;
}

/** Like `stringAt`, but an empty string also counts as missing. */
export function nonEmptyStringAt(value: unknown, ...path: string[]): string | undefined {
  const found = stringAt(value, ...path);
  return found === '' ? undefined : found;
}

export type InputProblem = { readonly where: string; readonly problem: string };

export interface ExtractedRecords {
  /** The records found, each with where it was found in the document (for messages). */
  readonly records: Array<{ readonly where: string; readonly record: CloudTrailRecord }>;
  /** Parts of the document that looked like records but were not. */
  readonly problems: InputProblem[];
}

/**
 * Finds the CloudTrail records in any document a user may hold: an EventBridge event,
 * a bare CloudTrail record, a CloudTrail log file (`{"Records": [...]}`), the output of
 * `aws cloudtrail lookup-events` (`{"Events": [{"CloudTrailEvent": "<json>"}]}`), or a
 * JSON array of any of these.
 */
export function extractRecords(document: unknown): ExtractedRecords {
  const result: ExtractedRecords = { records: [], problems: [] };
  collect(document, '', result, true);
  return result;
}

function collect(node: unknown, where: string, into: ExtractedRecords, top: boolean): void {
  const at = (suffix: string): string => (where === '' ? suffix : `${where}${suffix}`);
  if (Array.isArray(node) && top) {
    for (const [index, item] of node.entries()) collect(item, at(`[${index}]`), into, false);
    return;
  }
  if (isObject(node) && Array.isArray(node.Records)) {
    for (const [index, item] of node.Records.entries()) pushRecord(item, at(`Records[${index}]`), into);
    return;
  }
  if (isObject(node) && Array.isArray(node.Events)) {
    node.Events.forEach((item, index) => {
      const here = at(`Events[${index}].CloudTrailEvent`);
      const text = isObject(item) ? item.CloudTrailEvent : undefined;
      if (typeof text !== 'string') {
        into.problems.push({ where: here, problem: 'is missing or not a string' });
        return;
      }
      try {
        pushRecord(JSON.parse(text), here, into);
      } catch {
        into.problems.push({ where: here, problem: 'is not valid JSON' });
      }
    });
    return;
  }
  if (isObject(node) && isObject(node.detail) && ('detail-type' in node || 'source' in node)) {
    pushRecord(node.detail, at('detail'), into);
    return;
  }
  pushRecord(node, where === '' ? '(document)' : where, into);
}

function pushRecord(candidate: unknown, where: string, into: ExtractedRecords): void {
  if (isCloudTrailRecord(candidate)) into.records.push({ where, record: candidate });
  else into.problems.push({ where, problem: 'is not a CloudTrail record (no string "eventName")' });
}
