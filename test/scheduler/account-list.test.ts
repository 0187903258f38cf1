import { describe, expect, it } from 'vitest';
import { type Account, organizationAccount } from '../../src/core/account.js';
import type { DiscoveredAccounts } from '../../src/core/ports.js';
import { AccountList } from '../../src/scheduler/account-list.js';
import { MemoryOutages, memoryLogger, RecordingNotifier } from '../fixtures/memory-ports.js';
import { testConfig } from '../fixtures/schedules.js';

const config = testConfig({
  accounts: [{ id: '111111111111', name: 'dev' }],
  organization: { parents: ['ou-ab12-cdef3456'] },
});
const { organization } = config;
if (!organization) throw new Error('the test configuration names an organization');
const member = (id: string) => organizationAccount(organization, 'prod', id);
const found = (...ids: string[]) => ids.map(member);

/** The listing kept in the table, in memory, each write written down. */
class MemoryKept implements DiscoveredAccounts {
  value: { ids: readonly string[]; listedAt: number } | undefined;
  writes: string[][] = [];
  failReads = false;
  async read() {
    if (this.failReads) throw new Error('table down');
    return this.value;
  }
  async write(ids: readonly string[], listedAt: number) {
    this.writes.push([...ids]);
    this.value = { ids, listedAt };
  }
}

/** An AccountList whose listing answers `answers` in turn (an Error: the listing fails). */
function accountList(answers: (Account[] | Error)[], kept = new MemoryKept()) {
  const notifier = new RecordingNotifier();
  const { log } = memoryLogger();
  const list = new AccountList({
    config,
    stage: 'prod',
    discover: async () => {
      const answer = answers.shift();
      if (!answer || answer instanceof Error) throw answer ?? new Error('no more answers');
      return answer;
    },
    kept,
    outages: new MemoryOutages(),
    notifier,
    log,
  });
  const ids = async (at: number) => (await list.current(at)).map((a) => a.id);
  return { ids, list, kept, notifier };
}

describe('AccountList', () => {
  it('works the configured accounts and those listed, and keeps a listing when it changes', async () => {
    // Prepare
    const { ids, kept } = accountList([
      found('222222222222', '333333333333'),
      found('222222222222', '333333333333'),
      found('222222222222'),
    ]);

    // Act
    const runs = [await ids(1), await ids(2), await ids(3)];

    // Assess
    expect(runs).toEqual([
      ['111111111111', '222222222222', '333333333333'],
      ['111111111111', '222222222222', '333333333333'],
      ['111111111111', '222222222222'],
    ]);
    expect(kept.writes).toEqual([['222222222222', '333333333333'], ['222222222222']]);
    expect(kept.value?.listedAt).toBe(3);
  });

  it('works the last listing while the listing fails, telling the operator once, and once when it works again', async () => {
    // Prepare
    const { ids, notifier } = accountList([
      found('222222222222'),
      new Error('AccessDenied'),
      new Error('AccessDenied'),
      found('222222222222', '333333333333'),
    ]);

    // Act
    const runs = [await ids(1), await ids(2), await ids(3), await ids(4)];

    // Assess
    expect(runs).toEqual([
      ['111111111111', '222222222222'],
      ['111111111111', '222222222222'],
      ['111111111111', '222222222222'],
      ['111111111111', '222222222222', '333333333333'],
    ]);
    expect(notifier.alerts).toEqual([
      'Could not list the organization’s accounts (Error: AccessDenied): the 1 found before and the configured ones are worked until it can.',
      'The organization’s accounts can be listed again.',
    ]);
  });

  it('after a cold start that cannot list, works the listing kept in the table, with the organization’s regions and role', async () => {
    // Prepare: a listing kept by an earlier container
    const kept = new MemoryKept();
    kept.value = { ids: ['222222222222', '333333333333'], listedAt: 0 };
    const { list, notifier } = accountList([new Error('throttled')], kept);

    // Act
    const accounts = await list.current(1);

    // Assess
    expect(accounts.slice(1)).toEqual([
      { id: '222222222222', regions: ['eu-west-1', 'us-east-1'], role: 'stopinator-spoke-prod' },
      { id: '333333333333', regions: ['eu-west-1', 'us-east-1'], role: 'stopinator-spoke-prod' },
    ]);
    expect(list.byId().get('333333333333')?.role).toBe('stopinator-spoke-prod');
    expect(notifier.alerts).toEqual([
      'Could not list the organization’s accounts (Error: throttled): the 2 found before and the configured ones are worked until it can.',
    ]);
    expect(kept.writes).toEqual([]);
  });

  it('works the configured accounts alone when neither the listing nor the kept one can be read', async () => {
    // Prepare
    const kept = new MemoryKept();
    kept.failReads = true;
    const { ids, notifier } = accountList([new Error('throttled')], kept);

    // Act
    const accounts = await ids(1);

    // Assess
    expect(accounts).toEqual(['111111111111']);
    expect(notifier.alerts).toHaveLength(1);
  });
});
