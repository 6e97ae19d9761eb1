import { isObject } from '../detect/cloudtrail-record';

/**
 * Query engines return CloudTrail rows in their own shape: Athena's CloudTrail table
 * lower-cases every column and keeps `responseelements` and `additionaleventdata` as JSON
 * text; CloudTrail Lake writes `eventtime` as `2026-09-01 12:00:00.000`; and the queries in
 * docs/backtest.md flatten the few nested values a sign-in needs into columns of their own.
 * `recordFromRow` turns any of these back into the record CloudTrail wrote, so that the
 * same evaluation as the Lambda's judges it. A value that already is a CloudTrail record,
 * a log file or an EventBridge event is returned as it is.
 */

/** CloudTrail's own field names, found by their lower-case form. */
const TOP_FIELDS = [
  'eventVersion',
  'eventTime',
  'eventSource',
  'eventName',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'errorMessage',
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'requestID',
  'eventID',
  'eventType',
  'recipientAccountId',
  'serviceEventDetails',
  'userIdentity',
];
const IDENTITY_FIELDS = ['type', 'principalId', 'arn', 'accountId', 'userName', 'invokedBy', 'accessKeyId', 'sessionContext'];
/** Fields CloudTrail writes as objects, which Athena's table keeps as JSON text. */
const JSON_TEXT_FIELDS = new Set(['requestParameters', 'responseElements', 'additionalEventData', 'serviceEventDetails']);

/** Flattened columns of the documented queries: column (lower case) to its place in the record. */
const FLAT_COLUMNS: Record<string, readonly [string, string]> = {
  useridentitytype: ['userIdentity', 'type'],
  useridentityarn: ['userIdentity', 'arn'],
  useridentityusername: ['userIdentity', 'userName'],
  useridentityaccountid: ['userIdentity', 'accountId'],
  consolelogin: ['responseElements', 'ConsoleLogin'],
  mfaused: ['additionalEventData', 'MFAUsed'],
  samlproviderarn: ['additionalEventData', 'SamlProviderArn'],
};

const LAKE_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/;

function byLowerCase(value: Record<string, unknown>): Map<string, unknown> {
  return new Map(Object.entries(value).map(([key, inner]) => [key.toLowerCase(), inner]));
}

function parsedJsonText(value: unknown): unknown {
  if (typeof value !== 'string' || !value.startsWith('{')) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function identityOf(value: unknown): unknown {
  if (!isObject(value)) return value;
  const fields = byLowerCase(value);
  const identity: Record<string, unknown> = {};
  for (const name of IDENTITY_FIELDS) if (fields.get(name.toLowerCase()) != null) identity[name] = fields.get(name.toLowerCase());
  return identity;
}

function setIn(record: Record<string, unknown>, [parent, child]: readonly [string, string], value: unknown): void {
  if (value == null || value === '') return;
  const holder = isObject(record[parent]) ? (record[parent] as Record<string, unknown>) : {};
  holder[child] = value;
  record[parent] = holder;
}

/** The CloudTrail record a query row stands for; anything that is not such a row comes back unchanged. */
export function recordFromRow(row: unknown): unknown {
  // Already CloudTrail's own shape: a log file, lookup-events output, an event, or a record (which has a userIdentity object).
  if (!isObject(row) || 'Records' in row || 'Events' in row || 'detail' in row || (typeof row.eventName === 'string' && isObject(row.userIdentity))) return row;
  const fields = byLowerCase(row);
  if (typeof fields.get('eventname') !== 'string') return row;
  const record: Record<string, unknown> = {};
  for (const name of TOP_FIELDS) {
    const value = fields.get(name.toLowerCase());
    if (value == null) continue;
    record[name] = name === 'userIdentity' ? identityOf(parsedJsonText(value)) : JSON_TEXT_FIELDS.has(name) ? parsedJsonText(value) : value;
  }
  for (const [column, place] of Object.entries(FLAT_COLUMNS)) setIn(record, place, fields.get(column));
  const lake = typeof record.eventTime === 'string' ? LAKE_TIME.exec(record.eventTime) : null;
  // Lake's timestamps are UTC without a zone; CloudTrail writes ISO 8601 with a Z.
  if (lake !== null) record.eventTime = `${lake[1]}T${lake[2]}Z`;
  return record;
}
