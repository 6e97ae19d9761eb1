import { SNSClient } from '@aws-sdk/client-sns';
import { createAlertHandler, loadAlertSettings } from './alert';

// Settings and client are made once per container; a broken deployment fails at init.
export const handler = createAlertHandler(loadAlertSettings(process.env, __dirname), new SNSClient({}));
