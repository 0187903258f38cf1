import type { Billing } from '../core/billing.js';
import type { IndexEntry, IndexedDecision } from '../core/fleet-index.js';
import type { InstanceState } from '../core/instance.js';
import type { Action, DecisionCode } from '../core/plan-run.js';

/** An index entry as stored: short keys, since 10,000 of them share a few items. */
interface StoredEntry {
  i: string;
  r: string;
  s: string;
  t: Record<string, string>;
  m?: number;
  ns?: number;
  nt?: number;
  d: [number, string, string, string, string?][];
  /** What it is billed for (savings, the App Home). */
  b?: Billing;
}

const STATES = new Set([
  'pending',
  'running',
  'stopping',
  'stopped',
  'shutting-down',
  'terminated',
]);

export function encodeEntry(entry: IndexEntry): StoredEntry {
  const { instance } = entry;
  return {
    i: instance.id,
    r: instance.region,
    s: instance.state,
    t: { ...instance.tags },
    ...(instance.stoppedByStopinatorAt !== undefined ? { m: instance.stoppedByStopinatorAt } : {}),
    ...(entry.nextStop !== undefined ? { ns: entry.nextStop } : {}),
    ...(entry.nextStart !== undefined ? { nt: entry.nextStart } : {}),
    ...(instance.billing ? { b: instance.billing } : {}),
    d: entry.recent.map((d) =>
      d.failed === undefined
        ? [d.at, d.action, d.code, d.reason]
        : [d.at, d.action, d.code, d.reason, d.failed],
    ),
  };
}

export function decodeEntry(raw: unknown): IndexEntry {
  const e = raw as Partial<StoredEntry>;
  if (
    typeof e !== 'object' ||
    e === null ||
    typeof e.i !== 'string' ||
    typeof e.r !== 'string' ||
    typeof e.s !== 'string' ||
    !STATES.has(e.s) ||
    typeof e.t !== 'object' ||
    e.t === null ||
    !Array.isArray(e.d)
  ) {
    throw new Error('malformed fleet index entry in the table');
  }
  const recent: IndexedDecision[] = e.d.map(([at, action, code, reason, failed]) => ({
    at,
    action: action as Action,
    code: code as DecisionCode,
    reason,
    ...(failed !== undefined ? { failed } : {}),
  }));
  return {
    instance: {
      id: e.i,
      region: e.r,
      state: e.s as InstanceState,
      tags: e.t,
      ...(typeof e.m === 'number' ? { stoppedByStopinatorAt: e.m } : {}),
      ...(isBilling(e.b) ? { billing: e.b } : {}),
    },
    ...(typeof e.ns === 'number' ? { nextStop: e.ns } : {}),
    ...(typeof e.nt === 'number' ? { nextStart: e.nt } : {}),
    recent,
  };
}

function isBilling(value: unknown): value is Billing {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as Billing).units) &&
    (value as Billing).units.every(
      (u) => typeof u?.type === 'string' && typeof u.count === 'number',
    )
  );
}
