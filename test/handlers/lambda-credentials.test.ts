import { defaultProvider } from '../../handlers/lambda-credentials';

describe('the Lambda credential provider', () => {
  const saved = { ...process.env };

  afterEach(() => {
    process.env = { ...saved };
  });

  it('reads the credentials Lambda puts in the environment once, as the default chain keeps what it finds', async () => {
    // Prepare
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDFIRST', AWS_SECRET_ACCESS_KEY: 'secret-1', AWS_SESSION_TOKEN: 'token-1' });
    const provider = defaultProvider();

    // Act
    const first = await provider();
    process.env.AWS_ACCESS_KEY_ID = 'AKIDSECOND';
    const second = await provider();

    // Assess
    expect(first).toMatchObject({ accessKeyId: 'AKIDFIRST', secretAccessKey: 'secret-1', sessionToken: 'token-1' });
    expect(second).toBe(first);
  });

  it('reads them again within 5 minutes of an expiration, and after a failure', async () => {
    // Prepare
    delete process.env.AWS_ACCESS_KEY_ID;
    Object.assign(process.env, { AWS_SECRET_ACCESS_KEY: 'secret-1', AWS_CREDENTIAL_EXPIRATION: new Date(Date.now() + 60_000).toISOString() });
    const provider = defaultProvider();

    // Act
    const failure = await provider().catch((error: unknown) => error);
    process.env.AWS_ACCESS_KEY_ID = 'AKIDFIRST';
    const first = await provider();
    process.env.AWS_ACCESS_KEY_ID = 'AKIDSECOND';
    const second = await provider();

    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect(first.accessKeyId).toBe('AKIDFIRST');
    expect(second.accessKeyId).toBe('AKIDSECOND');
  });
});
