import { ALERT_FUNCTION } from '../../core/deploy/alert-function';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { type AlertSettings, type Channel, createAlertHandler } from '../../handlers/alert';
import { PackagedTrust, type TrustSource } from '../../handlers/allowlist-parameter';
import { DedupTable } from '../../handlers/dedup';
import { Trust } from '../../core/detect/trust';
import type { Notification } from '../../core/notify/notification';
import { fakeDedupTable } from '../helpers/fake-dedup-table';
import { envelope, getTestEvent } from '../helpers/fixtures';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:111122223333:signin-watch-alerts';
const snsMock = mockClient(SNSClient);
const dedup = fakeDedupTable();

/** A channel that records what it was sent, and fails while `failing` is true. */
function recordingChannel(name: Channel['name'], severities: Channel['severities']) {
  const sent: Notification[] = [];
  const state = { failing: false };
  const channel: Channel = {
    name,
    severities,
    send: async (notification) => {
      if (state.failing) throw new Error(`${name} is down`);
      sent.push(notification);
    },
  };
  return { channel, sent, state };
}

function handlerWith(channels: Channel[], trust: TrustSource = new PackagedTrust({ allowedCidrs: ['192.0.2.0/24'], accountAllowedCidrs: {}, exceptions: [] })) {
  const settings: AlertSettings = { topicArn: TOPIC_ARN, dedupTableName: 'd', trust, regions: ['us-east-1'], accountNames: {}, channels };
  return createAlertHandler(settings, new SNSClient({ region: 'us-east-1' }), new DedupTable(new DynamoDBClient({ region: 'us-east-1' }), 'd', ALERT_FUNCTION.dedupLeaseMs));
}

const ROOT = getTestEvent<Record<string, unknown>>('sample-events/eventbridge-root-consolelogin-success_cwe-docs-2016.json');
const FAILED = getTestEvent<Record<string, unknown>>('sample-events/eventbridge-iamuser-consolelogin-failure_2018-console-sample.json');

describe('alert delivery', () => {
  beforeEach(() => {
    snsMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    dedup.items.clear();
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  it('sends chat and webhook only the severities they take, and email everything (its subscriptions filter)', async () => {
    // Prepare
    const chat = recordingChannel('chat', ['critical', 'high']);
    const webhook = recordingChannel('webhook', ['critical']);
    const handler = handlerWith([chat.channel, webhook.channel]);

    // Act
    await handler(ROOT);
    await handler(FAILED);

    // Assess
    expect(snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input.MessageAttributes?.severity?.StringValue)).toEqual(['critical', 'medium']);
    expect(chat.sent.map((notification) => notification.attributes.severity)).toEqual(['critical']);
    expect(webhook.sent.map((notification) => notification.attributes.severity)).toEqual(['critical']);
    expect(chat.sent[0].chat).toMatchObject({ version: '1.0', source: 'custom', content: { textType: 'client-markdown' } });
  });

  it('still delivers to the others when one channel fails, throws, and on the retry delivers only what failed', async () => {
    // Prepare
    const chat = recordingChannel('chat', ['critical']);
    const webhook = recordingChannel('webhook', ['critical']);
    const handler = handlerWith([chat.channel, webhook.channel]);
    chat.state.failing = true;

    // Act
    const first = await handler(ROOT).catch((error: Error) => error);
    chat.state.failing = false;
    await handler(ROOT);

    // Assess
    expect(String(first)).toBe('Error: chat is down');
    expect([snsMock.commandCalls(PublishCommand).length, chat.sent.length, webhook.sent.length]).toEqual([1, 1, 1]);
  });

  it('alerts once an hour that the allowlist is unavailable, trusts nothing, and says so in each alert', async () => {
    // Prepare
    const broken: TrustSource = { current: async () => ({ trust: Trust.fromCidrs([]), problem: 'allowlist parameter /a: could not be read (AccessDenied)' }) };
    const handler = handlerWith([], broken);
    const fromAllowed = envelope({ ...getTestEvent<Record<string, unknown>>('sample-events/cloudtrail-iamuser-consolelogin-success-mfa_ct-docs-2022.json'), eventID: 'allowed-address' });

    // Act
    await handler(fromAllowed);
    await handler({ ...fromAllowed, detail: { ...(fromAllowed.detail as object), eventID: 'second' } });

    // Assess
    const subjects = snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input.Subject);
    expect(subjects).toEqual([
      '[HIGH] signin-watch cannot read its allowlist: every address is untrusted',
      '[HIGH] anaya console sign-in to 111122223333 from 192.0.2.0',
      '[HIGH] anaya console sign-in to 111122223333 from 192.0.2.0',
    ]);
    expect(snsMock.commandCalls(PublishCommand)[1].args[0].input.Message).toContain('Allowlist: unavailable, so no address was trusted: allowlist parameter /a: could not be read (AccessDenied)');
  });
});
