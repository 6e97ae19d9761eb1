import { resourceNames } from '../core/deploy/names';

/** What the e2e deploys, and as whom: moto's default account, with moto's test credentials. */

export const HOME_REGION = 'us-east-1';
/** The home region, a default region and an opt-in one. */
export const REGIONS = [HOME_REGION, 'eu-west-1', 'af-south-1'];
export const CONFIG = {
  homeRegion: HOME_REGION,
  regions: REGIONS,
  allowedCidrs: ['192.0.2.0/24'],
  notificationEmails: ['security@example.com'],
  accountNames: { '123456789012': 'e2e' }, // moto's default account
  identityCenterRegion: 'eu-west-1',
  extraSignals: ['guardduty'],
};
export const NAMES = resourceNames('signin-watch');
export const ACCOUNT = '123456789012'; // moto's default account
export const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
