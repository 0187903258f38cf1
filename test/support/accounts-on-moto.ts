/**
 * Member accounts in moto: AssumeRole into another account id returns credentials whose
 * calls act in that account (what they make is invisible to the default account, 123456789012),
 * so one moto_server plays a hub and its spokes.
 *
 *   const ec2 = await accountEc2(moto.endpoint(), '111111111111', 'eu-west-1');
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { TEST_CREDENTIALS } from './aws-clients.js';
import { queryFault, type Rule } from './aws-fault-proxy.js';

/** moto's own account: where the default credentials act. */
export const MOTO_DEFAULT_ACCOUNT = '123456789012';

export async function accountCredentials(
  endpoint: string,
  account: string,
): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }> {
  const sts = new STSClient({
    endpoint,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/test-seeder`,
      RoleSessionName: 'seeder',
    }),
  );
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
    throw new Error(`moto gave no credentials for ${account}`);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
  };
}

/** A test EC2 client acting in `account` (one attempt). */
export async function accountEc2(
  endpoint: string,
  account: string,
  region: string,
): Promise<EC2Client> {
  const credentials = await accountCredentials(endpoint, account);
  return new EC2Client({ endpoint, region, credentials, maxAttempts: 1 });
}

/**
 * A fault-proxy rule (aws-fault-proxy.ts) refusing the hub's AssumeRole into `account`, as STS
 * refuses a role whose trust policy does not name the caller.
 */
export function assumeRoleRefused(account: string, role: string): Rule {
  return {
    operation: 'AssumeRole',
    bodyIncludes: account,
    effect: {
      fault: queryFault(
        403,
        'AccessDenied',
        `User: arn:aws:sts::${MOTO_DEFAULT_ACCOUNT}:assumed-role/hub/scheduler is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${account}:role/${role}`,
      ),
    },
  };
}
