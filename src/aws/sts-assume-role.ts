import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AssumeRole } from './account-roles.js';
import { type ClientSettings, RETRY_SETTINGS } from './retry-settings.js';

/** STS AssumeRole through the SDK, in the hub's region (regional STS endpoints). */
export function stsAssumeRole(region: string, settings: ClientSettings = {}): AssumeRole {
  const client = new STSClient({
    region,
    ...RETRY_SETTINGS,
    ...settings,
    requestHandler: { ...(settings.requestHandler ?? RETRY_SETTINGS.requestHandler) },
  });
  return (input) => client.send(new AssumeRoleCommand(input));
}
