import { createServer } from 'node:net';

/** A port the sandbox was asked to use is taken by another program. */
export class PortTakenError extends Error {
  override readonly name = 'PortTakenError';
  constructor(readonly port: number) {
    super(
      `port ${port} on 127.0.0.1 is taken (another sandbox, or another program): choose another --port, or leave --port out to use a free one`,
    );
  }
}

/** Fails early, before moto starts, when the requested port is in use. */
export async function assertPortFree(port: number): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortTakenError(port) : error),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

export function isPortTaken(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}
