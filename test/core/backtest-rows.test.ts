import { recordFromRow } from '../../core/backtest/rows';
import { evaluate } from '../../core/detect/evaluate';
import type { CloudTrailRecord } from '../../core/detect/cloudtrail-record';
import { Trust } from '../../core/detect/trust';
import { signIn } from '../helpers/backtest-records';

const TRUST = Trust.fromCidrs(['192.0.2.0/24']);

describe('recordFromRow', () => {
  it("reads a row of Athena's CloudTrail table (UNLOAD ... format JSON): lower-case columns, JSON text fields", () => {
    // Prepare: the shape of SELECT * from the table of docs/backtest.md, one row.
    const row = {
      eventversion: '1.08',
      useridentity: { type: 'IAMUser', principalid: 'AIDAEXAMPLE', arn: 'arn:aws:iam::111122223333:user/alice', accountid: '111122223333', username: 'alice', sessioncontext: null },
      eventtime: '2026-09-01T08:00:00Z',
      eventsource: 'signin.amazonaws.com',
      eventname: 'ConsoleLogin',
      awsregion: 'eu-west-1',
      sourceipaddress: '198.51.100.7',
      responseelements: '{"ConsoleLogin":"Success"}',
      additionaleventdata: '{"MFAUsed":"No","LoginTo":"https://console.aws.amazon.com/"}',
      eventid: '5b1e5a3c-0000-4000-8000-000000000001',
      recipientaccountid: '111122223333',
    };

    // Act
    const verdict = evaluate(recordFromRow(row) as CloudTrailRecord, TRUST);

    // Assess
    expect(verdict.summary).toBe('alice signed in to account 111122223333 from 198.51.100.7 in eu-west-1: address not on the allowlist, no MFA');
    expect(verdict.facts.eventTime).toBe('2026-09-01T08:00:00Z');
  });

  it("reads the flat columns of the documented CloudTrail Lake query, with Lake's timestamps", () => {
    // Prepare
    const row = {
      eventID: '5b1e5a3c-0000-4000-8000-000000000002',
      eventTime: '2026-09-02 10:15:00.000',
      eventName: 'ConsoleLogin',
      awsRegion: 'us-east-1',
      recipientAccountId: '222222222222',
      sourceIPAddress: '192.0.2.44',
      userIdentityType: 'Root',
      userIdentityArn: 'arn:aws:iam::222222222222:root',
      consoleLogin: 'Failure',
      errorMessage: 'Failed authentication',
      mfaUsed: 'No',
    };

    // Act
    const verdict = evaluate(recordFromRow(row) as CloudTrailRecord, TRUST);

    // Assess
    expect([verdict.severity, verdict.findings, verdict.facts.eventTime]).toEqual(['high', ['root-sign-in', 'sign-in-failed'], '2026-09-02T10:15:00.000Z']);
  });

  it("leaves CloudTrail's own shapes as they are", () => {
    // Prepare
    const record = signIn();
    const logFile = { Records: [record] };

    // Act, Assess
    expect([recordFromRow(record), recordFromRow(logFile), recordFromRow({ not: 'a row' })]).toEqual([record, logFile, { not: 'a row' }]);
  });
});
