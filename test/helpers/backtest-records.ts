/** What a generated sign-in record differs in; everything else is a plain IAM user's console sign-in. */
export interface SignInShape {
  readonly time?: string;
  readonly ip?: string;
  readonly user?: string;
  readonly account?: string;
  readonly region?: string;
  readonly type?: 'IAMUser' | 'Root' | 'AssumedRole';
  readonly outcome?: 'Success' | 'Failure';
  readonly mfa?: boolean;
  readonly eventName?: string;
  readonly id?: string;
}

/** A CloudTrail ConsoleLogin record shaped as AWS writes it (see test/fixtures/sample-events). */
export function signIn(shape: SignInShape = {}): Record<string, unknown> {
  const account = shape.account ?? '111122223333';
  const user = shape.user ?? 'alice';
  const type = shape.type ?? 'IAMUser';
  const arn = type === 'Root' ? `arn:aws:iam::${account}:root` : type === 'AssumedRole' ? `arn:aws:sts::${account}:assumed-role/Admin/${user}` : `arn:aws:iam::${account}:user/${user}`;
  return {
    eventVersion: '1.08',
    userIdentity: { type, principalId: 'AIDACKCEVSQ6C2EXAMPLE', arn, accountId: account, ...(type === 'IAMUser' ? { userName: user } : {}) },
    eventTime: shape.time ?? '2026-09-01T08:00:00Z',
    eventSource: 'signin.amazonaws.com',
    eventName: shape.eventName ?? 'ConsoleLogin',
    awsRegion: shape.region ?? 'us-east-1',
    sourceIPAddress: shape.ip ?? '192.0.2.10',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    requestParameters: null,
    responseElements: { ConsoleLogin: shape.outcome ?? 'Success' },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: shape.mfa === false ? 'No' : 'Yes' },
    eventID: shape.id ?? '3fcfb182-98f8-4744-bd45-10a395ab61cb',
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
}
