import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { STSClient } from '@aws-sdk/client-sts';

/** One command a client sent: its name without "Command", its input, its wall time. */
export interface TimedCommand {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  readonly ms: number;
}

type BenchClient = EC2Client | RDSClient | AutoScalingClient | DynamoDBClient | STSClient;

/**
 * Calls `done` after each command the client sends (retries in its time, not counted apart),
 * for the benchmarks' request counts and per-call times.
 */
export function timeCommands<C extends BenchClient>(
  client: C,
  done: (command: TimedCommand) => void,
): C {
  const middleware =
    <Args extends { input: Record<string, unknown> }, Result>(
      next: (args: Args) => Promise<Result>,
      context: { commandName?: string },
    ) =>
    async (args: Args) => {
      const started = performance.now();
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
      try {
        return await next(args);
      } finally {
        done({ operation, input: args.input, ms: performance.now() - started });
      }
    };
  // biome-ignore lint/suspicious/noExplicitAny: one middleware for five clients' stacks
  (client.middlewareStack as any).add(middleware, { step: 'initialize', name: 'benchTiming' });
  return client;
}
