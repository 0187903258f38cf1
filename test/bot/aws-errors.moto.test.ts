import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsFaultProxy, dynamoFault, ec2Fault } from '../support/aws-fault-proxy.js';
import { blockText, replyOf, useBotOnMoto } from '../support/bot-on-moto.js';
import { launch, stopByHand } from '../support/scheduler-on-moto.js';
import { commandBody, signedEvent } from '../support/slack-request.js';

// AWS error text carries account ids, role and policy ARNs: Slack users see an incident id only.
const NOW = '2026-11-24T15:00:00Z';
const ACCOUNT = '123456789012';
const DENIED = `You are not authorized to perform this operation. User: arn:aws:sts::${ACCOUNT}:assumed-role/stopinator-prod-bot/stopinator is not authorized by arn:aws:iam::${ACCOUNT}:policy/deny-ec2`;

const bot = useBotOnMoto(NOW);
// A fleet to snooze: a snooze of nothing is refused.
beforeEach(async () => {
  await launch(bot.ec2(), 1, { Name: 'web-1', stopinator: 'true' });
  vi.setSystemTime(Date.parse(NOW));
});
const proxy = new AwsFaultProxy(() => bot.endpoint());
const logs: Record<string, unknown>[] = [];

beforeAll(async () => {
  await proxy.start();
  // Read by the handler at its first request, after this.
  process.env.AWS_ENDPOINT_URL_EC2 = proxy.url;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = proxy.url;
  process.env.AWS_ENDPOINT_URL_RDS = proxy.url;
  process.env.AWS_ENDPOINT_URL_AUTO_SCALING = proxy.url;
});
afterAll(() => proxy.stop());
beforeEach(() => {
  proxy.faults.clear();
  logs.length = 0;
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' && chunk.startsWith('{"level"')) {
      logs.push(JSON.parse(chunk));
      return true;
    }
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write);
});
afterEach(() => vi.restoreAllMocks());

async function command(text: string) {
  const handler = await bot.handler();
  return replyOf(await handler(signedEvent(commandBody({ text })), {}));
}

/** The incident id a reply shows; its log line must hold the full error under the same id. */
function incidentOf(reply: { text: string; blocks: unknown[] }): string {
  const shown = blockText(reply);
  expect(shown).not.toContain(ACCOUNT);
  expect(shown).not.toContain('arn:aws');
  expect(shown).not.toContain('not authorized');
  const id = /incident `([0-9a-f]{8})`/i.exec(shown)?.[1];
  if (!id) throw new Error(`no incident id in ${shown}`);
  return id;
}

function loggedUnder(id: string): string {
  const lines = logs.filter((l) => l.incident === id);
  expect(lines).toHaveLength(1);
  return JSON.stringify(lines[0]);
}

describe('AWS errors in replies', () => {
  it('status: AccessDenied from EC2 becomes a plain message with an incident id', async () => {
    proxy.faults.set('DescribeInstances', ec2Fault(403, 'UnauthorizedOperation', DENIED));
    const reply = await command('status');
    expect(reply.text).toContain('Could not read the fleet or the snoozes');
    const id = incidentOf(reply);
    expect(loggedUnder(id)).toContain(`arn:aws:sts::${ACCOUNT}:assumed-role/stopinator-prod-bot`);
  });

  it('snooze: AccessDenied from DynamoDB becomes a plain message with an incident id', async () => {
    proxy.faults.set(
      'TransactWriteItems',
      dynamoFault(
        'AccessDeniedException',
        `User: arn:aws:sts::${ACCOUNT}:assumed-role/bot is not authorized to perform: dynamodb:TransactWriteItems`,
      ),
    );
    const reply = await command('snooze 2h');
    expect(reply.text).toContain('Could not save the snooze');
    const id = incidentOf(reply);
    expect(loggedUnder(id)).toContain('AccessDeniedException');
    expect(await bot.table().snoozes.activeSnoozes(Date.parse(NOW))).toEqual([]);
  });

  it('wake: an instance AWS refuses to start shows a plain line and an incident id', async () => {
    const [db1] = await launch(bot.ec2(), 1, { Name: 'db-1', stopinator: 'true' });
    await stopByHand(bot.ec2(), [db1 as string]);
    proxy.faults.set('StartInstances', ec2Fault(403, 'UnauthorizedOperation', DENIED));
    const reply = await command('wake db-1');
    expect(blockText(reply)).toContain(`:x: \`${db1}\`: AWS refused to start it (incident`);
    const id = incidentOf(reply);
    expect(loggedUnder(id)).toContain(`policy/deny-ec2`);
  });

  it('wake: a known, harmless code is named, without AWS’s text', async () => {
    const [db1] = await launch(bot.ec2(), 1, { Name: 'db-1', stopinator: 'true' });
    await stopByHand(bot.ec2(), [db1 as string]);
    proxy.faults.set(
      'StartInstances',
      ec2Fault(
        500,
        'InsufficientInstanceCapacity',
        `We currently do not have sufficient t3.micro capacity for account ${ACCOUNT}`,
      ),
    );
    const reply = await command('wake db-1');
    const shown = blockText(reply);
    expect(shown).toContain(
      `:x: \`${db1}\`: InsufficientInstanceCapacity: AWS has no capacity for this instance type right now; try later.`,
    );
    expect(shown).not.toContain(ACCOUNT);
    expect(shown).not.toMatch(/incident/i);
  });
});
