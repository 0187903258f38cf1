/** Both default clients, for the scheduler, which uses both on every run. */
export { dynamoClient } from './dynamo-client.js';
export { ec2ClientsByRegion } from './ec2-clients.js';
export { RETRY_SETTINGS } from './retry-settings.js';
