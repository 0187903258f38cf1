import {
  accountLabel,
  accountOfPlace,
  HUB_ACCOUNT,
  type KnownAccount,
  type Place,
} from '../core/account.js';
import { compareText } from '../core/compare-text.js';
import { oneLine } from './slack-text.js';

/** A part of a reply: one account's lines under its heading, or all of them without one. */
export interface AccountGroup<T> {
  /** "*dev*": absent for a single-account stopinator, whose replies read as before. */
  readonly heading?: string;
  readonly items: readonly T[];
}

/**
 * Items by account, the accounts in the order of their names (ids for those without one),
 * each keeping the items' order. Only the hub's own account: one group, no heading.
 */
export function byAccount<T>(
  items: readonly T[],
  placeOf: (item: T) => Place,
  accounts: readonly KnownAccount[],
): AccountGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const id = accountOfPlace(placeOf(item));
    groups.set(id, [...(groups.get(id) ?? []), item]);
  }
  if (groups.size === 0 || (groups.size === 1 && groups.has(HUB_ACCOUNT))) return [{ items }];
  const label = (id: string) =>
    id === HUB_ACCOUNT ? 'hub account' : accountLabel(accounts.find((a) => a.id === id) ?? { id });
  return [...groups]
    .map(([id, grouped]) => ({ label: label(id), items: grouped }))
    .sort((a, b) => compareText(a.label, b.label))
    .map((g) => ({ heading: `*${oneLine(g.label)}*`, items: g.items }));
}

/** The groups as lines: each heading, then its items' lines. */
export function groupedLines<T>(
  groups: readonly AccountGroup<T>[],
  line: (item: T) => string | readonly string[],
): string[] {
  return groups.flatMap((g) => [
    ...(g.heading ? [g.heading] : []),
    ...g.items.flatMap((item) => line(item)),
  ]);
}
