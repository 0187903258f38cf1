/**
 * moto in server mode for the AWS adapter tests: one emulator for EC2 and DynamoDB.
 *
 * Per test file (the way the suites here use it):
 *
 *   const moto = useMoto();                  // one moto_server for this file
 *   beforeEach(() => moto.reset());           // fresh state for every test
 *   const ec2 = testEc2Client(moto.endpoint(), 'eu-west-1');   // see aws-clients.ts
 *
 * Each file starts its own server on a free loopback port, so files run in parallel without
 * sharing state, and a reset in one cannot wipe another's data. `startMoto()` is the plain
 * function underneath (src/sandbox/moto-process.ts, which `npm start` uses too), for a
 * vitest globalSetup or a script. Without moto, starting fails with the command that
 * installs it; nothing is skipped. The server never outlives the process that started it.
 */
import { afterAll, beforeAll } from 'vitest';
import { type MotoServer, startMoto } from '../../src/sandbox/moto-process.js';

export {
  findMotoServer,
  MOTO_INSTALL_HINT,
  type MotoServer,
  startMoto,
} from '../../src/sandbox/moto-process.js';

/** Forgets everything moto holds (instances, tables), keeping the server running. */
export async function resetMoto(endpoint: string): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
}

/** One moto_server for the calling test file, started before its tests and stopped after. */
export function useMoto(): { endpoint(): string; reset(): Promise<void> } {
  let server: MotoServer | undefined;
  beforeAll(async () => {
    server = await startMoto();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const endpoint = () => {
    if (!server) throw new Error('moto is not running: use moto.endpoint() inside tests or hooks');
    return server.endpoint;
  };
  return { endpoint, reset: () => resetMoto(endpoint()) };
}
