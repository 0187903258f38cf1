import {
  CreateTagsCommand,
  DeleteTagsCommand,
  EC2Client,
  EC2ServiceException,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { Ec2Fleet } from '../../src/aws/ec2-fleet.js';
import { TEST_CREDENTIALS } from '../support/aws-clients.js';

// EC2 refuses a whole call for one instance in the wrong state; moto never does, so these
// cases run against a mocked client.
const ec2 = mockClient(EC2Client);
const client = new EC2Client({ region: 'eu-west-1', credentials: TEST_CREDENTIALS });
const fleet = new Ec2Fleet({ clientFor: () => client, tagKey: 'stopinator' });
const AT = Date.parse('2026-11-24T19:00:00Z');
const MARK = { Key: 'stopinator:stopped-at', Value: '2026-11-24T19:00:00.000Z' };

function ec2Error(name: string, instanceId = ''): EC2ServiceException {
  return new EC2ServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: `${name} for ${instanceId}`,
  });
}

/** Fails a call when it carries one of the instances in `bad`, as EC2 does. */
function refuse(bad: Record<string, string>) {
  return (input: { InstanceIds?: string[]; Resources?: string[] }) => {
    for (const id of input.InstanceIds ?? input.Resources ?? []) {
      const name = bad[id];
      if (name) throw ec2Error(name, id);
    }
    return {};
  };
}

beforeEach(() => {
  ec2.reset();
});

describe('Ec2Fleet when EC2 refuses some instances', () => {
  it('splits a refused start batch so the others start, and reports each failure', async () => {
    // Prepare
    ec2
      .on(StartInstancesCommand)
      .callsFake(
        refuse({ 'i-b': 'IncorrectInstanceState', 'i-d': 'InsufficientInstanceCapacity' }),
      );
    ec2.on(DeleteTagsCommand).resolves({});

    // Act
    const outcomes = await fleet.startInstances('eu-west-1', ['i-a', 'i-b', 'i-c', 'i-d']);

    // Assess
    expect(outcomes).toEqual([
      { instanceId: 'i-a', ok: true },
      {
        instanceId: 'i-b',
        ok: false,
        code: 'IncorrectInstanceState',
        message: 'IncorrectInstanceState for i-b',
      },
      { instanceId: 'i-c', ok: true },
      {
        instanceId: 'i-d',
        ok: false,
        code: 'InsufficientInstanceCapacity',
        message: 'InsufficientInstanceCapacity for i-d',
      },
    ]);
    // [a b c d] -> [a b] -> [a] [b] -> [c d] -> [c] [d]
    expect(
      ec2.commandCalls(StartInstancesCommand).map((call) => call.args[0].input.InstanceIds),
    ).toEqual([
      ['i-a', 'i-b', 'i-c', 'i-d'],
      ['i-a', 'i-b'],
      ['i-a'],
      ['i-b'],
      ['i-c', 'i-d'],
      ['i-c'],
      ['i-d'],
    ]);
    expect(ec2.commandCalls(DeleteTagsCommand).map((call) => call.args[0].input)).toEqual([
      { Resources: ['i-a', 'i-c'], Tags: [{ Key: 'stopinator:stopped-at' }] },
    ]);
  });

  it('does not stop an instance it could not mark, and unmarks one that would not stop', async () => {
    // Prepare
    ec2.on(CreateTagsCommand).callsFake(refuse({ 'i-a': 'UnauthorizedOperation' }));
    ec2.on(StopInstancesCommand).callsFake(refuse({ 'i-c': 'IncorrectInstanceState' }));
    ec2.on(DeleteTagsCommand).resolves({});

    // Act
    const outcomes = await fleet.stopInstances('eu-west-1', ['i-a', 'i-b', 'i-c'], AT);

    // Assess
    expect(
      outcomes.map((outcome) => [outcome.instanceId, outcome.ok ? 'ok' : outcome.code]),
    ).toEqual([
      ['i-a', 'UnauthorizedOperation'],
      ['i-b', 'ok'],
      ['i-c', 'IncorrectInstanceState'],
    ]);
    expect(ec2.commandCalls(CreateTagsCommand).map((call) => call.args[0].input.Resources)).toEqual(
      [['i-a', 'i-b', 'i-c'], ['i-a', 'i-b'], ['i-a'], ['i-b'], ['i-c']],
    );
    expect(ec2.commandCalls(CreateTagsCommand)[0]?.args[0].input.Tags).toEqual([MARK]);
    expect(
      ec2.commandCalls(StopInstancesCommand).map((call) => call.args[0].input.InstanceIds),
    ).toEqual([['i-b', 'i-c'], ['i-b'], ['i-c']]);
    // Only this run's mark goes: the value in the call keeps a newer mark in place.
    expect(ec2.commandCalls(DeleteTagsCommand).map((call) => call.args[0].input)).toEqual([
      { Resources: ['i-c'], Tags: [MARK] },
    ]);
  });

  it('still reports the stop when removing the mark fails too', async () => {
    // Prepare
    ec2.on(CreateTagsCommand).resolves({});
    ec2.on(StopInstancesCommand).rejects(ec2Error('UnsupportedOperation', 'i-a'));
    ec2.on(DeleteTagsCommand).rejects(ec2Error('UnauthorizedOperation', 'i-a'));

    // Act
    const outcomes = await fleet.stopInstances('eu-west-1', ['i-a'], AT);

    // Assess
    expect(outcomes).toEqual([
      {
        instanceId: 'i-a',
        ok: false,
        code: 'UnsupportedOperation',
        message: 'UnsupportedOperation for i-a',
      },
    ]);
    expect(ec2.commandCalls(DeleteTagsCommand)).toHaveLength(1);
  });

  it('does not split a batch refused for throttling: splitting would only add calls', async () => {
    // Prepare
    ec2.on(StartInstancesCommand).rejects(ec2Error('RequestLimitExceeded'));

    // Act
    const outcomes = await fleet.startInstances('eu-west-1', ['i-a', 'i-b', 'i-c']);

    // Assess
    expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.code))).toEqual([
      'RequestLimitExceeded',
      'RequestLimitExceeded',
      'RequestLimitExceeded',
    ]);
    expect(ec2.commandCalls(StartInstancesCommand)).toHaveLength(1);
    expect(ec2.commandCalls(DeleteTagsCommand)).toHaveLength(0);
  });
});

describe('Ec2Fleet batching', () => {
  it('sends 2500 instances in calls of at most 1000, tags and stops alike', async () => {
    // Prepare
    const ids = Array.from({ length: 2500 }, (_, i) => `i-${String(i).padStart(17, '0')}`);
    ec2.on(CreateTagsCommand).resolves({});
    ec2.on(StopInstancesCommand).resolves({});

    // Act
    const outcomes = await fleet.stopInstances('eu-west-1', ids, AT);

    // Assess
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(
      ec2.commandCalls(CreateTagsCommand).map((call) => call.args[0].input.Resources?.length),
    ).toEqual([1000, 1000, 500]);
    expect(
      ec2.commandCalls(StopInstancesCommand).map((call) => call.args[0].input.InstanceIds?.length),
    ).toEqual([1000, 1000, 500]);
  });

  it('asks once per instance even when an id is given twice', async () => {
    // Prepare
    ec2.on(StartInstancesCommand).resolves({});
    ec2.on(DeleteTagsCommand).resolves({});

    // Act
    const outcomes = await fleet.startInstances('eu-west-1', ['i-a', 'i-a']);

    // Assess
    expect(outcomes).toEqual([{ instanceId: 'i-a', ok: true }]);
    expect(ec2.commandCalls(StartInstancesCommand)[0]?.args[0].input.InstanceIds).toEqual(['i-a']);
  });

  it('makes no call for no instances', async () => {
    // Act
    const stopped = await fleet.stopInstances('eu-west-1', [], AT);
    const started = await fleet.startInstances('eu-west-1', []);

    // Assess
    expect([stopped, started]).toEqual([[], []]);
    expect(ec2.calls()).toHaveLength(0);
  });
});
