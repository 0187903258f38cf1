import { describe, expect, it } from 'vitest';
import { workedPlaces } from '../../src/core/account.js';
import { describeSelector, selectorKey, selectorMatches } from '../../src/core/selector.js';
import { parseTarget, resolveTarget } from '../../src/core/target.js';
import { instance } from '../fixtures/fleet.js';
import { testConfig } from '../fixtures/schedules.js';

// Two named member accounts and one the organization found (known by its id only).
const DEV = '111111111111';
const STAGING = '222222222222';
const FOUND = '333333333333';
const config = testConfig({
  accounts: [
    { id: DEV, name: 'dev' },
    { id: STAGING, name: 'staging', regions: ['eu-west-1', 'us-east-1'] },
  ],
});
const fleet = [
  instance('i-00000001', { name: 'web-1', tag: 'true', region: `${DEV}/eu-west-1` }),
  instance('i-00000002', { name: 'web-2', tag: 'true', region: `${DEV}/eu-west-1` }),
  instance('i-00000003', { name: 'web-1', tag: 'true', region: `${STAGING}/eu-west-1` }),
  instance('i-00000004', { name: 'db-1', tag: 'new-york', region: `${STAGING}/us-east-1` }),
  instance('i-00000005', { name: 'ci', tag: 'true', region: `${FOUND}/eu-west-1` }),
];

const covered = (text: string) => {
  const r = resolveTarget(text, fleet, config);
  return r.ok ? r.target.matched.map((i) => i.id) : r.error;
};

describe('targets with an account', () => {
  it.each([
    ['dev/web-1', ['i-00000001']],
    ['DEV/web-1', ['i-00000001']],
    ['dev/WEB-1', ['i-00000001']],
    [`${STAGING}/web-1`, ['i-00000003']],
    ['dev/web-*', ['i-00000001', 'i-00000002']],
    ['web-*', ['i-00000001', 'i-00000002', 'i-00000003']],
    ['account:dev', ['i-00000001', 'i-00000002']],
    ['account:Staging', ['i-00000003', 'i-00000004']],
    [`account:${FOUND}`, ['i-00000005']],
    [`${FOUND}/ci`, ['i-00000005']],
    ['staging/schedule:new-york', ['i-00000004']],
    ['staging/new-york', ['i-00000004']],
    ['dev/i-00000001', ['i-00000001']],
    ['dev/', ['i-00000001', 'i-00000002']],
    ['web-2', ['i-00000002']],
    ['db-1', ['i-00000004']],
  ])('%s covers %j', (text, ids) => {
    expect(covered(text)).toEqual(ids);
  });

  it.each([
    ['web-1', 'web-1 is in 2 accounts: name one, dev/web-1 or staging/web-1'],
    ['WEB-1', 'web-1 is in 2 accounts: name one, dev/web-1 or staging/web-1'],
    ['dve/web-1', 'No account named dve. Did you mean dev?'],
    ['account:dve', 'No account named dve. Did you mean dev?'],
    ['account:stagin', 'No account named stagin. Did you mean staging?'],
    ['444444444444/web-1', 'No account 444444444444 is known.'],
    ['dev/web-9', 'No instance named web-9 in dev. Did you mean web-1 or web-2?'],
    ['dev/db-1', 'No instance named db-1 in dev.'],
    ['dev/schedule:new-york', 'No instance in dev is on schedule new-york.'],
  ])('%s is refused: %s', (text, error) => {
    expect(covered(text)).toBe(error);
  });

  describe('a Name that starts like an account', () => {
    // Names that start like an account: "dev/tools" (dev has no tools), "dev/web-1" (dev has a
    // web-1), "staging/new-york" (a schedule in staging), "staging/i-00000004" (an id there),
    // "dev/web-*" and "account:dev" (no glob or account: reads them), "dev/ops" on the database
    // that is ops in dev.
    const slashed = [
      ...fleet,
      instance('i-00000006', { name: 'dev/tools', tag: 'true', region: `${STAGING}/eu-west-1` }),
      instance('i-00000007', { name: 'dev/web-1', tag: 'true', region: `${STAGING}/eu-west-1` }),
      instance('i-00000008', { name: 'staging/new-york', tag: 'true', region: `${DEV}/eu-west-1` }),
      instance('i-00000009', {
        name: 'staging/i-00000004',
        tag: 'true',
        region: `${DEV}/eu-west-1`,
      }),
      instance('i-0000000a', { name: 'dev/web-*', tag: 'true', region: `${STAGING}/eu-west-1` }),
      instance('i-0000000b', { name: 'account:dev', tag: 'true', region: `${STAGING}/eu-west-1` }),
      instance('rds:ops', { name: 'dev/ops', tag: 'true', region: `${DEV}/eu-west-1` }),
    ];
    const cover = (text: string) => {
      const r = resolveTarget(text, slashed, config);
      return r.ok ? [r.target.label, r.target.matched.map((i) => i.id)] : r.error;
    };

    it.each([
      ['dev/tools', 'name:dev/tools', ['i-00000006']],
      ['DEV/TOOLS', 'name:dev/tools', ['i-00000006']],
      ['name:dev/web-1', 'name:dev/web-1', ['i-00000007']],
      ['dev/name:web-1', 'dev/name:web-1', ['i-00000001']],
      ['staging/dev/tools', 'staging/dev/tools', ['i-00000006']],
      ['staging/schedule:new-york', 'staging/schedule:new-york', ['i-00000004']],
      ['i-00000004', 'i-00000004', ['i-00000004']],
      ['dev/web-*', 'dev/web-*', ['i-00000001', 'i-00000002']],
      [
        'account:dev',
        'account:dev',
        ['i-00000001', 'i-00000002', 'i-00000008', 'i-00000009', 'rds:ops'],
      ],
      // Both readings cover the same database: taken, labelled so that it reads back alone.
      ['dev/ops', 'dev/name:ops', ['rds:ops']],
    ])('%s is read as %s', (text, label, ids) => {
      expect(cover(text)).toEqual([label, ids]);
    });

    it.each([
      [
        'dev/web-1',
        'dev/web-1 could be the Name dev/web-1 or web-1 in dev: type name:dev/web-1 or dev/name:web-1',
      ],
      [
        'staging/new-york',
        'staging/new-york could be the Name staging/new-york or schedule new-york in staging: type name:staging/new-york or staging/schedule:new-york',
      ],
      [
        'staging/i-00000004',
        'staging/i-00000004 could be the Name staging/i-00000004 or i-00000004 in staging: type name:staging/i-00000004 or i-00000004',
      ],
      ['web-1', 'web-1 is in 2 accounts: name one, dev/name:web-1 or staging/web-1'],
    ])('%s is refused, with readings that each resolve: %s', (text, error) => {
      const refused = resolveTarget(text, slashed, config);

      expect(refused.ok ? refused.target.label : refused.error).toBe(error);
      const readings = refused.ok ? [] : refused.suggestions;
      expect(readings).toHaveLength(2);
      for (const reading of readings) {
        const read = resolveTarget(reading, slashed, config);
        expect(read.ok && read.target.label).toBe(reading);
      }
    });
  });

  it('a qualified target keeps its account in the selector, and reads back as typed', () => {
    const r = resolveTarget('DEV/WEB-1', fleet, config);

    expect(r.ok && r.target.selector).toEqual({
      kind: 'name',
      pattern: 'web-1',
      account: { id: DEV, name: 'dev' },
    });
    expect(r.ok && r.target.label).toBe('dev/web-1');
    const all = resolveTarget(`account:${FOUND}`, fleet, config);
    expect(all.ok && all.target.label).toBe(`account:${FOUND}`);
  });

  it('a selector in an account matches there only, and keys apart from the bare one', () => {
    const r = resolveTarget('dev/web-1', fleet, config);
    const selector = r.ok ? r.target.selector : undefined;
    if (!selector) throw new Error('not resolved');

    expect(
      fleet.filter((i) => selectorMatches(selector, i, 'office-hours')).map((i) => i.id),
    ).toEqual(['i-00000001']);
    expect(selectorKey(selector)).toBe(`account:${DEV}/name:web-1`);
    expect(selectorKey({ kind: 'name', pattern: 'web-1' })).toBe('name:web-1');
    expect(
      describeSelector({ kind: 'schedule', name: 'nightly', account: { id: DEV, name: 'dev' } }),
    ).toBe('dev/schedule:nightly');
  });

  it('a missing name in an account is worth a live look-up there', () => {
    const r = resolveTarget('dev/web-9', fleet, config);
    const parsed = parseTarget('dev/web-9', fleet, config);

    expect(r.ok ? undefined : r.missing).toBe(true);
    expect(parsed.ok && parsed.selector).toEqual({
      kind: 'name',
      pattern: 'web-9',
      account: { id: DEV, name: 'dev' },
    });
  });

  it('without accounts, a slash is part of a Name and nothing else changes', () => {
    const single = testConfig();
    const hub = [instance('i-00000009', { name: 'team/web', tag: 'true' })];

    expect(resolveTarget('team/web', hub, single).ok).toBe(true);
    const missing = resolveTarget('dev/web-1', hub, single);
    expect(missing.ok ? '' : missing.error).toBe('No instance named dev/web-1.');
    expect(resolveTarget('account:dev', hub, single).ok).toBe(false);
  });

  it('the places the bot works: the accounts’ when configured, the hub’s regions otherwise', () => {
    expect(workedPlaces(testConfig())).toEqual(['eu-west-1', 'us-east-1']);
    expect(workedPlaces(config)).toEqual([
      `${DEV}/eu-west-1`,
      `${DEV}/us-east-1`,
      `${STAGING}/eu-west-1`,
      `${STAGING}/us-east-1`,
    ]);
    const org = testConfig({ organization: { parents: ['ou-ab12-cdef3456'] } });
    expect(workedPlaces(org, ['eu-west-1', `${FOUND}/eu-west-1`])).toEqual([`${FOUND}/eu-west-1`]);
  });
});
