import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { ALERT_FUNCTION } from '../core/alert-function';
import { createAlertHandler, loadAlertSettings } from './alert';
import { DedupTable } from './dedup';

// Settings and clients are made once per container; a broken deployment fails at init.
const settings = loadAlertSettings(process.env, __dirname);
export const handler = createAlertHandler(settings, new SNSClient({}), new DedupTable(new DynamoDBClient({}), settings.dedupTableName, ALERT_FUNCTION.dedupLeaseSeconds));
