/**
 * One scheduler invocation in its own process, for tests that kill a run mid-flight:
 *   node scripts/run-ts.mjs test/support/scripts/invoke-scheduler.ts <scheduledTime>
 * The environment (endpoints, table, configuration) comes from the parent.
 */
import { handler } from '../../../src/scheduler/handler.js';

const [scheduledTime] = process.argv.slice(2);
process.stdout.write('invoking\n');
const summary = await handler({ scheduledTime }, { awsRequestId: `child-${scheduledTime}` });
process.stdout.write(`${JSON.stringify(summary)}\n`);
