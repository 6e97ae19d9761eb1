import { ALERT_FUNCTION } from '../core/deploy/alert-function';
import { createAlertHandler, loadAlertSettings } from './alert';
import { lambdaClients } from './aws-clients';
import { DedupTable } from './dedup';

const { sns, dynamodb } = lambdaClients();

/**
 * SSM and Secrets Manager are needed only when a config uses an allowlist parameter or a
 * webhook, so their clients are loaded on first use rather than at every cold start.
 */
async function readParameter(name: string): Promise<string | undefined> {
  const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
  return (await new SSMClient({}).send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value;
}

async function readSecret(arn: string): Promise<string | undefined> {
  if (arn.startsWith('arn:aws:ssm:')) return readParameter(arn);
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  return (await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
}

// Settings and clients are made once per container; a broken deployment fails at init.
const settings = loadAlertSettings(process.env, __dirname, {
  sns: () => sns,
  readParameter,
  readSecret,
  fetch: (...args) => fetch(...args),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: Date.now,
});
export const handler = createAlertHandler(settings, sns, new DedupTable(dynamodb, settings.dedupTableName, ALERT_FUNCTION.dedupLeaseMs));
