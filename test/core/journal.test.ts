import { describe, expect, it } from 'vitest';
import type { FleetInstance, InstanceState } from '../../src/core/instance.js';
import { checkStart, isPermanent, type PendingAction } from '../../src/core/journal.js';
import { instance } from '../fixtures/fleet.js';

const started: PendingAction = {
  key: 'eu-west-1/i-00000001',
  region: 'eu-west-1',
  instanceId: 'i-00000001',
  name: 'web-1',
  schedule: 'office-hours',
  action: 'verify-start',
  edge: Date.parse('2026-11-25T07:00:00Z'),
  code: 'scheduled-start',
  reason: 'started: schedule office-hours, 08:00 Europe/Paris',
  mark: true,
  decidedAt: Date.parse('2026-11-25T07:00:00Z'),
  journaledAt: Date.parse('2026-11-25T07:00:01Z'),
  attempts: 1,
};

function seen(state: InstanceState, stateReason?: string, id = 'i-00000001'): FleetInstance {
  return {
    ...instance(id, { name: 'web-1', tag: 'on', state }),
    ...(stateReason ? { stateReason } : {}),
  };
}

describe('checkStart: did a start come up, the run after it', () => {
  it.each([
    ['running', undefined, 'up'],
    ['pending', undefined, 'wait'],
    // EC2 fell back to stopped after a start it had accepted: tried again.
    ['stopped', 'Server.InternalError', 'retry'],
    ['stopping', 'Server.InternalError', 'retry'],
    // Someone stopped it since: people win, it stays stopped.
    ['stopped', 'Client.UserInitiatedShutdown', 'dropped'],
    // RDS and Auto Scaling give no reason: they never fall back to stopped on their own.
    ['stopped', undefined, 'dropped'],
    ['terminated', undefined, 'failed'],
  ] as const)('%s (%s): %s', (state, reason, kind) => {
    expect(checkStart(started, seen(state, reason)).kind).toBe(kind);
  });

  it('tells the KMS fix for an EC2 start that fell back with Client.InternalError', () => {
    const check = checkStart(started, seen('stopped', 'Client.InternalError'));

    expect(check).toMatchObject({ kind: 'failed', why: expect.stringContaining('KMS key') });
    expect(check.kind === 'failed' && check.fix).toContain('kms:CreateGrant');
  });

  it('says why when the resource is gone or left alone', () => {
    expect(checkStart(started, undefined)).toEqual({
      kind: 'failed',
      why: 'it is no longer listed',
    });
    expect(
      checkStart(started, {
        ...seen('running', 'storage-full', 'rds:db-1'),
        state: 'stopped',
        leftAlone: 'its status is storage-full',
      }),
    ).toEqual({ kind: 'failed', why: 'its status is storage-full' });
  });
});

describe('isPermanent', () => {
  it.each([
    ['ResizedByHand', true],
    ['NoSavedCapacity', true],
    ['InvalidParameterCombination', true],
    ['RequestLimitExceeded', false],
    ['InvalidDBInstanceStateFault', false],
  ])('%s: %s', (code, permanent) => {
    expect(isPermanent(code)).toBe(permanent);
  });
});
