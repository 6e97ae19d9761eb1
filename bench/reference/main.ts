// The reference for bench/synth.bench.ts: signin-watch's topology (one central stack and
// one forwarder stack per region, the same resources) written the way the cdktf
// TypeScript template and most tutorials write it: one file, the barrel import of
// @cdktf/provider-aws, run with ts-node. It is measured, never deployed.
import { App, AssetType, TerraformAsset, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import {
  cloudwatchEventBus,
  cloudwatchEventBusPolicy,
  cloudwatchEventRule,
  cloudwatchEventTarget,
  cloudwatchLogGroup,
  dataAwsCallerIdentity,
  iamRole,
  iamRolePolicy,
  kmsAlias,
  kmsKey,
  lambdaFunction,
  lambdaFunctionEventInvokeConfig,
  lambdaPermission,
  provider,
  snsTopic,
  snsTopicSubscription,
  sqsQueue,
  sqsQueuePolicy,
} from "@cdktf/provider-aws";
import * as path from "path";

const pattern = JSON.stringify({ source: ["aws.signin"], "detail-type": ["AWS Console Sign In via CloudTrail"], detail: { eventName: ["ConsoleLogin"] } });

class CentralStack extends TerraformStack {
  constructor(scope: Construct, id: string, region: string) {
    super(scope, id);
    new provider.AwsProvider(this, "aws", { region });
    const account = new dataAwsCallerIdentity.DataAwsCallerIdentity(this, "account").accountId;
    const bus = new cloudwatchEventBus.CloudwatchEventBus(this, "bus", { name: "signin-watch" });
    new cloudwatchEventBusPolicy.CloudwatchEventBusPolicy(this, "bus-policy", {
      eventBusName: bus.name,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "events:PutEvents", Resource: bus.arn }] }),
    });
    const key = new kmsKey.KmsKey(this, "key", { enableKeyRotation: true });
    new kmsAlias.KmsAlias(this, "key-alias", { name: "alias/signin-watch-alerts", targetKeyId: key.keyId });
    const topic = new snsTopic.SnsTopic(this, "topic", { name: "signin-watch-alerts", kmsMasterKeyId: key.arn });
    new snsTopicSubscription.SnsTopicSubscription(this, "email", { topicArn: topic.arn, protocol: "email", endpoint: "security@example.com" });
    const rule = new cloudwatchEventRule.CloudwatchEventRule(this, "rule", { name: "signin-watch-to-alert", eventBusName: bus.name, eventPattern: pattern });
    const dlq = new sqsQueue.SqsQueue(this, "dlq", { name: "signin-watch-central-dlq", messageRetentionSeconds: 1209600 });
    new sqsQueuePolicy.SqsQueuePolicy(this, "dlq-policy", {
      queueUrl: dlq.url,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: dlq.arn }] }),
    });
    const failures = new sqsQueue.SqsQueue(this, "failures", { name: "signin-watch-alert-failures", messageRetentionSeconds: 1209600 });
    const logs = new cloudwatchLogGroup.CloudwatchLogGroup(this, "logs", { name: "/aws/lambda/signin-watch-alert", retentionInDays: 365 });
    const role = new iamRole.IamRole(this, "role", {
      name: "signin-watch-alert",
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    });
    new iamRolePolicy.IamRolePolicy(this, "role-policy", {
      role: role.name,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sns:Publish", Resource: topic.arn }] }),
    });
    const asset = new TerraformAsset(this, "package", { path: path.join(__dirname, "package"), type: AssetType.ARCHIVE });
    const fn = new lambdaFunction.LambdaFunction(this, "function", {
      functionName: "signin-watch-alert",
      role: role.arn,
      runtime: "nodejs22.x",
      handler: "index.handler",
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      dependsOn: [logs],
    });
    new lambdaFunctionEventInvokeConfig.LambdaFunctionEventInvokeConfig(this, "invoke-config", {
      functionName: fn.functionName,
      maximumRetryAttempts: 2,
      destinationConfig: { onFailure: { destination: failures.arn } },
    });
    new lambdaPermission.LambdaPermission(this, "permission", { action: "lambda:InvokeFunction", functionName: fn.functionName, principal: "events.amazonaws.com", sourceArn: rule.arn });
    new cloudwatchEventTarget.CloudwatchEventTarget(this, "target", {
      rule: rule.name,
      eventBusName: bus.name,
      arn: fn.arn,
      deadLetterConfig: { arn: dlq.arn },
      retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 },
    });
  }
}

class ForwarderStack extends TerraformStack {
  constructor(scope: Construct, id: string, region: string, homeRegion: string) {
    super(scope, id);
    new provider.AwsProvider(this, "aws", { region });
    const account = new dataAwsCallerIdentity.DataAwsCallerIdentity(this, "account").accountId;
    const busArn = `arn:aws:events:${homeRegion}:${account}:event-bus/signin-watch`;
    const rule = new cloudwatchEventRule.CloudwatchEventRule(this, "rule", { name: "signin-watch-forward", eventPattern: pattern });
    const role = new iamRole.IamRole(this, "role", {
      name: `signin-watch-forward-${region}`,
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    });
    new iamRolePolicy.IamRolePolicy(this, "role-policy", {
      role: role.name,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "events:PutEvents", Resource: busArn }] }),
    });
    const dlq = new sqsQueue.SqsQueue(this, "dlq", { name: "signin-watch-forward-dlq", messageRetentionSeconds: 1209600 });
    new sqsQueuePolicy.SqsQueuePolicy(this, "dlq-policy", {
      queueUrl: dlq.url,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: dlq.arn }] }),
    });
    new cloudwatchEventTarget.CloudwatchEventTarget(this, "target", {
      rule: rule.name,
      arn: busArn,
      roleArn: role.arn,
      deadLetterConfig: { arn: dlq.arn },
      retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 },
    });
  }
}

const regions = (process.env.REFERENCE_REGIONS ?? "us-east-1").split(",");
const app = new App();
const central = new CentralStack(app, "central", "us-east-1");
for (const region of regions) {
  new ForwarderStack(app, `forwarder-${region}`, region, "us-east-1").addDependency(central);
}
app.synth();
