import fc from 'fast-check';
import { fixtureNames, getTestEvent } from './fixtures';

/** The code points fast-check's `unit: 'binary'` draws from: all of Unicode but the surrogates. */
const SURROGATES = { first: 0xd800, count: 0x800 };

/**
 * One code point, drawn as fast-check's `unit: 'binary'` draws it (the same index, with
 * small values likelier, over the same code points). fast-check's own unit builds a table
 * of all 1.1 million code points the first time a string arbitrary asks whether a value
 * could have come from it, which under jest costs about 2 s of CPU in every test file that
 * imports this one; this unit answers that question by arithmetic.
 */
const binaryUnit: fc.Arbitrary<string> = fc.nat({ max: 0x10ffff - SURROGATES.count }).map(
  (index) => String.fromCodePoint(index < SURROGATES.first ? index : index + SURROGATES.count),
  (value) => {
    const codePoint = typeof value === 'string' && value.length > 0 && value.length <= 2 ? value.codePointAt(0) : undefined;
    if (codePoint === undefined || String.fromCodePoint(codePoint) !== value || (codePoint >= SURROGATES.first && codePoint < SURROGATES.first + SURROGATES.count)) {
      throw new Error('not one code point of the binary unit');
    }
    return codePoint < SURROGATES.first ? codePoint : codePoint - SURROGATES.count;
  },
);

/** Strings of any code points, as fast-check's `fc.string({ unit: 'binary' })` makes them. */
export const binaryString = (constraints: { minLength?: number; maxLength?: number } = {}) => fc.string({ ...constraints, unit: binaryUnit });

/** Values of the wrong type, shape or size that a field of a record might hold. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  binaryString({ maxLength: 60 }),
  fc.constantFrom(null, '', ' ', 'null', 'true', 0, -1, Number.NaN),
  // Huge values, built by repetition: generating 20,000 characters one by one is slow.
  fc.tuple(binaryString({ minLength: 1, maxLength: 8 }), fc.integer({ min: 2_500, max: 4_000 })).map(([chunk, times]) => chunk.repeat(times)),
);

/** Source addresses as AWS and other tools write them, well formed or not. */
export const sourceAddress: fc.Arbitrary<unknown> = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4Extended(),
  fc.ipV4().map((address) => `::ffff:${address}`),
  fc.ipV6().map((address) => `${address}%eth0`),
  fc.ipV4().map((address) => `${address}%1`),
  fc.constantFrom('AWS Internal', 'signin.amazonaws.com', '', ' 192.0.2.1', '192.0.2.1 ', '192.0.2.01', '[2001:db8::1]', '2001:db8::1/64'),
  oddValue,
);

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof(arbitrary, oddValue);

/** Sign-in records built field by field, each field well formed or odd. */
export const generatedRecord = fc.record(
  {
    eventName: fc.oneof(fc.constant('ConsoleLogin'), fc.constant('ConsoleLogin'), fc.string()),
    eventID: optional(fc.uuid()),
    eventTime: optional(fc.date({ noInvalidDate: true }).map((date) => date.toISOString())),
    awsRegion: optional(fc.constantFrom('us-east-1', 'eu-north-1', 'af-south-1')),
    recipientAccountId: optional(fc.stringMatching(/^\d{12}$/)),
    sourceIPAddress: sourceAddress,
    userAgent: optional(binaryString()),
    errorMessage: optional(fc.constantFrom('Failed authentication', 'No username found in supplied account')),
    userIdentity: optional(
      fc.record(
        {
          type: optional(fc.constantFrom('Root', 'IAMUser', 'AssumedRole', 'FederatedUser', 'IdentityCenterUser', 'Unknown')),
          userName: optional(binaryString()),
          arn: optional(fc.constantFrom('arn:aws:iam::111122223333:root', 'arn:aws:sts::111122223333:assumed-role/Admin/alice')),
          accountId: optional(fc.stringMatching(/^\d{12}$/)),
        },
        { requiredKeys: [] },
      ),
    ),
    responseElements: optional(fc.record({ ConsoleLogin: optional(fc.constantFrom('Success', 'Failure', 'SUCCESS')) }, { requiredKeys: [] })),
    additionalEventData: optional(
      fc.record({ MFAUsed: optional(fc.constantFrom('Yes', 'YES', 'No', 'no')), SamlProviderArn: optional(fc.constant('arn:aws:iam::111122223333:saml-provider/Okta')) }, { requiredKeys: [] }),
    ),
  },
  { requiredKeys: ['eventName'] },
);

const SAMPLES = fixtureNames('peer-records').map((name) => getTestEvent(`peer-records/${name}`));

/** Real records from peer projects with one field replaced by an odd value. */
export const mutatedRecord = fc
  .tuple(
    fc.constantFrom(...SAMPLES),
    fc.constantFrom('sourceIPAddress', 'userIdentity', 'responseElements', 'additionalEventData', 'eventID', 'recipientAccountId', 'awsRegion', 'errorMessage'),
    oddValue,
  )
  .map(([sample, field, value]) => ({ ...sample, [field]: value, eventName: String(sample.eventName) }));

export const signInRecord = fc.oneof(generatedRecord, mutatedRecord);

/**
 * How many cases each property tries, recorded in the test output: the full counts the
 * reliability goal asks for under `npm run test:deep` (SIGNIN_WATCH_PROPERTY_RUNS=deep, which
 * CI runs too), a tenth of them in `npm test`, each run with a new seed.
 */
const DEEP_PROPERTY_RUNS = process.env.SIGNIN_WATCH_PROPERTY_RUNS === 'deep';
const FULL_CASES = { evaluate: 3_000, allowlist: 2_000, handler: 1_500, config: 2_500 } as const;
export const CASES: Record<keyof typeof FULL_CASES, number> = DEEP_PROPERTY_RUNS ? FULL_CASES : { evaluate: 300, allowlist: 200, handler: 150, config: 250 };
/** Said beside the counts, so that the output tells which mode ran. */
export const PROPERTY_MODE = DEEP_PROPERTY_RUNS ? 'deep: npm run test:deep' : 'quick: npm run test:deep runs 10 times as many';
