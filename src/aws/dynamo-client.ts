import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RETRY_SETTINGS } from './retry-settings.js';

/** The table's client, in the region the SDK finds (AWS_REGION on Lambda) unless given. */
export function dynamoClient(
  region?: string,
  settings: { maxAttempts?: number; retryMode?: 'standard' | 'adaptive' } = {},
): DynamoDBClient {
  return new DynamoDBClient({ ...RETRY_SETTINGS, ...settings, ...(region ? { region } : {}) });
}
