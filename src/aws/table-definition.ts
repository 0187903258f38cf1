/**
 * The stopinator's one DynamoDB table, as plain data: the same names serve CloudFormation's
 * AWS::DynamoDB::Table properties (serverless.yml) and the CreateTable / UpdateTimeToLive
 * calls of a local sandbox or a test.
 *
 * Items: snoozes (pk "snooze", sk snooze id), the scheduler's cursor (pk "cursor",
 * sk "scheduler") and the audit log (pk "audit", sk "<ISO time>#<id>"); every pk is listed, with
 * who may read and write it, in PARTITIONS (table-keys.ts).
 */
export const TABLE_DEFINITION = {
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  BillingMode: 'PAY_PER_REQUEST',
  TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
} as const;

/** Epoch seconds after which DynamoDB may delete an item. */
export const TTL_ATTRIBUTE = TABLE_DEFINITION.TimeToLiveSpecification.AttributeName;
