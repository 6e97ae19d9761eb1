import { extractRecords } from '../../core/detect/cloudtrail-record';
import { envelope, getTestEvent } from '../helpers/fixtures';

const RECORD = { eventName: 'ConsoleLogin', eventID: 'a' };

describe('extractRecords', () => {
  it('finds the record in an EventBridge event', () => {
    // Act
    const { records, problems } = extractRecords(getTestEvent('sample-events/eventbridge-root-consolelogin-success_cwe-docs-2016.json'));

    // Assess
    expect([records.map(({ where }) => where), problems]).toEqual([['detail'], []]);
  });

  it('takes a bare CloudTrail record as it is', () => {
    // Act
    const { records } = extractRecords(RECORD);

    // Assess
    expect(records).toEqual([{ where: '(document)', record: RECORD }]);
  });

  it('finds every record of a CloudTrail log file, in order', () => {
    // Act
    const { records } = extractRecords({ Records: [RECORD, { ...RECORD, eventID: 'b' }] });

    // Assess
    expect(records.map(({ where, record }) => [where, record.eventID])).toEqual([
      ['Records[0]', 'a'],
      ['Records[1]', 'b'],
    ]);
  });

  it('parses the CloudTrailEvent strings of lookup-events output', () => {
    // Act
    const { records } = extractRecords(getTestEvent('sample-events/cloudtrail-lookup-events-assumedrole-consolelogin_aws-cli-example.json'));

    // Assess
    expect(records.map(({ where, record }) => [where, record.eventID])).toEqual([['Events[0].CloudTrailEvent', '654ccbc0-ba0d-486a-9076-dbf7274677a7']]);
  });

  it('accepts an array of any of these', () => {
    // Act
    const { records } = extractRecords([envelope(RECORD), { Records: [RECORD] }]);

    // Assess
    expect(records.map(({ where }) => where)).toEqual(['[0]detail', '[1]Records[0]']);
  });

  it('reports the parts that are not records and keeps the rest', () => {
    // Act
    const { records, problems } = extractRecords({ Records: [RECORD, 'text', { eventSource: 'signin.amazonaws.com' }] });

    // Assess
    expect([records.length, problems]).toEqual([
      1,
      [
        { where: 'Records[1]', problem: 'is not a CloudTrail record (no string "eventName")' },
        { where: 'Records[2]', problem: 'is not a CloudTrail record (no string "eventName")' },
      ],
    ]);
  });

  it('reports a lookup-events entry whose CloudTrailEvent is not JSON', () => {
    // Act
    const { problems } = extractRecords({ Events: [{ CloudTrailEvent: '{"eventName":' }, {}] });

    // Assess
    expect(problems).toEqual([
      { where: 'Events[0].CloudTrailEvent', problem: 'is not valid JSON' },
      { where: 'Events[1].CloudTrailEvent', problem: 'is missing or not a string' },
    ]);
  });

  it.each([[null], [42], ['ConsoleLogin'], [{}], [{ detail: 'x', source: 'aws.signin' }]])('finds no record in %j', (document) => {
    // Act
    const { records, problems } = extractRecords(document);

    // Assess
    expect([records.length, problems.length]).toEqual([0, 1]);
  });
});
