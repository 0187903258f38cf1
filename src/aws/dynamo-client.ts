import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type ClientSettings, RETRY_SETTINGS } from './retry-settings.js';

/** The table's client, in the region the SDK finds (AWS_REGION on Lambda) unless given. */
export function dynamoClient(region?: string, settings: ClientSettings = {}): DynamoDBClient {
  return new DynamoDBClient({
    ...RETRY_SETTINGS,
    ...settings,
    requestHandler: { ...(settings.requestHandler ?? RETRY_SETTINGS.requestHandler) },
    ...(region ? { region } : {}),
  });
}
