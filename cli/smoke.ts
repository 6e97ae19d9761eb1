import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SigninWatchConfig } from '../core/config';
import { awsCredentials } from './aws-access';
import { runCommand } from './command';
import { runSmoke, type SmokeClients } from './smoke-run';

/**
 * `npm run smoke`'s entry point, apart from the run itself (cli/smoke-run.ts): a bundle
 * that imports the run, such as the e2e's, would otherwise start this command too, since
 * `require.main === module` holds for every module esbuild inlines into the main one.
 */

/** Clients with each config's credentials, obtained the way `doctor` obtains them. */
export function smokeClients(config: SigninWatchConfig, central: SigninWatchConfig): SmokeClients {
  const withCredentials = (credentials: ReturnType<typeof awsCredentials>, region: string) => ({ region, ...(credentials === undefined ? {} : { credentials }) });
  const own = awsCredentials(config, 'smoke');
  const home = withCredentials(central === config ? own : awsCredentials(central, 'smoke'), central.homeRegion);
  const [lambda, sns, sqs] = [new LambdaClient(home), new SNSClient(home), new SQSClient(home)];
  const cloudwatch = new Map<string, CloudWatchClient>();
  return {
    lambda: () => lambda,
    sns: () => sns,
    sqs: () => sqs,
    cloudwatch: (region) => cloudwatch.get(region) ?? (cloudwatch.set(region, new CloudWatchClient(withCredentials(own, region))).get(region) as CloudWatchClient),
  };
}

if (require.main === module) {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('smoke: stopping; setting the alarms back and removing the temporary queue (Ctrl-C again leaves them)\n');
    controller.abort();
  });
  runCommand(runSmoke, { clients: smokeClients, signal: controller.signal });
}
