import { EC2Client } from '@aws-sdk/client-ec2';
import { type ClientSettings, RETRY_SETTINGS } from './retry-settings.js';

/** One EC2 client per region, made on first use. */
export function ec2ClientsByRegion(settings: ClientSettings = {}): (region: string) => EC2Client {
  const clients = new Map<string, EC2Client>();
  return (region) => {
    let client = clients.get(region);
    if (!client) {
      client = new EC2Client({
        region,
        ...RETRY_SETTINGS,
        ...settings,
        requestHandler: { ...(settings.requestHandler ?? RETRY_SETTINGS.requestHandler) },
      });
      clients.set(region, client);
    }
    return client;
  };
}
