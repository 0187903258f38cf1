import {
  GetParametersCommand,
  type GetParametersCommandOutput,
  SSMClient,
} from '@aws-sdk/client-ssm';

/**
 * The one SSM call the functions make. secrets.ts loads this module with import(): a bundler
 * then keeps only this command of the SSM client (a dynamic import of '@aws-sdk/client-ssm'
 * itself would keep all of them), and its code runs only when a secret comes from SSM.
 */
export function getDecryptedParameters(
  names: readonly string[],
  client: SSMClient = new SSMClient({}),
): Promise<GetParametersCommandOutput> {
  return client.send(new GetParametersCommand({ Names: [...names], WithDecryption: true }));
}
