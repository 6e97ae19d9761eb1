import { type CloudTrailClient, LookupEventsCommand, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { type CloudTrailRecord, isCloudTrailRecord } from '../core/detect/cloudtrail-record';
import { counted } from '../core/backtest/report';
import { messageOf } from '../core/error-message';

/** LookupEvents allows about 2 requests per second per account and region. */
export const LOOKUP_INTERVAL_MS = 500;
/** A throttled call is tried this often in all, waiting 1, 2, 4, 8 and 16 s in between. */
export const LOOKUP_ATTEMPTS = 6;
const BACKOFF_MS = 1000;
/** A progress line every this many pages (50 events each) in a region. */
const PROGRESS_PAGES = 20;

export interface LookupSettings {
  readonly regions: readonly string[];
  /** The event names to look up in a region (one LookupEvents attribute per query). */
  readonly eventNames: (region: string) => readonly string[];
  readonly startTime: Date;
  readonly endTime: Date;
  readonly client: (region: string) => CloudTrailClient;
  readonly onRecord: (record: CloudTrailRecord) => void;
  /** One line per region when it is done or fails, and every 20 pages on the way. */
  readonly progress: (line: string) => void;
  /** Injected so that tests need not wait. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly clock: () => number;
}

function isThrottling(error: unknown): boolean {
  const name = error instanceof Error ? error.name : '';
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return ['ThrottlingException', 'TooManyRequestsException', 'Throttling', 'RequestLimitExceeded'].includes(name) || status === 429;
}

class Throttled extends Error {}

/** Every event of one region, each name in turn, one call every LOOKUP_INTERVAL_MS at most. */
async function lookUpRegion(region: string, settings: LookupSettings): Promise<number> {
  const client = settings.client(region);
  let nextCall = 0;
  let events = 0;
  let pages = 0;
  const paced = async (input: LookupEventsCommandInput) => {
    for (let attempt = 1; ; attempt++) {
      const wait = nextCall - settings.clock();
      if (wait > 0) await settings.sleep(wait);
      nextCall = settings.clock() + LOOKUP_INTERVAL_MS;
      try {
        return await client.send(new LookupEventsCommand(input));
      } catch (error) {
        if (!isThrottling(error)) throw error;
        if (attempt === LOOKUP_ATTEMPTS)
          throw new Throttled(
            `throttled ${LOOKUP_ATTEMPTS} times in a row (${messageOf(error)}); LookupEvents allows about 2 requests per second per account and region, so try this region again later`,
          );
        // Exponential backoff; one caller per region, so no jitter is needed to spread callers.
        await settings.sleep(BACKOFF_MS * 2 ** (attempt - 1));
      }
    }
  };
  for (const name of settings.eventNames(region)) {
    let NextToken: string | undefined;
    do {
      const page = await paced({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }],
        StartTime: settings.startTime,
        EndTime: settings.endTime,
        MaxResults: 50,
        NextToken,
      });
      for (const event of page.Events ?? []) {
        let record: unknown;
        try {
          record = JSON.parse(event.CloudTrailEvent ?? '');
        } catch {
          continue;
        }
        if (!isCloudTrailRecord(record)) continue;
        events++;
        settings.onRecord(record);
      }
      NextToken = page.NextToken;
      if (++pages % PROGRESS_PAGES === 0) settings.progress(`${region}: ${counted(events, 'event')} so far`);
    } while (NextToken);
  }
  return events;
}

/**
 * Looks up the sign-in events of every region in the account's CloudTrail event history,
 * the regions side by side (the limit is per region). A region that cannot be read is
 * reported with the reason and never stops the others; events it gave before failing
 * still count.
 */
export async function lookUpSignIns(settings: LookupSettings): Promise<Array<{ what: string; reason: string }>> {
  const unreadable: Array<{ what: string; reason: string }> = [];
  await Promise.all(
    settings.regions.map(async (region) => {
      try {
        const events = await lookUpRegion(region, settings);
        settings.progress(`${region}: ${counted(events, 'event')} (${settings.eventNames(region).join(', ')})`);
      } catch (error) {
        const reason = error instanceof Throttled ? error.message : `LookupEvents failed: ${messageOf(error)}`;
        unreadable.push({ what: `region ${region}`, reason });
        settings.progress(`${region}: could not be read: ${reason}`);
      }
    }),
  );
  return unreadable.sort((a, b) => a.what.localeCompare(b.what));
}
