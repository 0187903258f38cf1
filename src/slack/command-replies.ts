import { accountLabel, type KnownAccount } from '../core/account.js';
import { USAGE } from '../core/command.js';
import { compareText } from '../core/compare-text.js';
import type { AuditEntry } from '../core/ports.js';
import { context, LIMITS, packLines, type SlackMessage, section } from './blocks.js';
import { codeName, escapeText, flatText, mention, oneLine, plainText } from './slack-text.js';

/** A private reply, and what to announce in the channel. */
export interface CommandReplyMessages {
  readonly reply: SlackMessage;
  readonly announce?: SlackMessage;
}

export function usageMessage(
  problem?: string,
  accounts: readonly { readonly id: string; readonly name?: string }[] = [],
): SlackMessage {
  const lead = problem ? `:thinking_face: ${escapeText(flatText(problem, 500, true))}\n\n` : '';
  const named = accounts.slice(0, 5).map((a) => `\`${escapeText(a.name ?? a.id)}\``);
  const more = accounts.length > named.length ? ` and ${accounts.length - named.length} more` : '';
  const usage =
    accounts.length === 0
      ? USAGE
      : `${USAGE}\nIn another account: \`${escapeText(accounts[0]?.name ?? accounts[0]?.id ?? 'dev')}/web-1\`, \`account:${escapeText(accounts[0]?.name ?? accounts[0]?.id ?? 'dev')}\` (accounts: ${named.join(', ')}${more}).`;
  return { text: problem ? `${problem}. ${usage}` : usage, blocks: [section(`${lead}${usage}`)] };
}

export function errorMessage(text: string, detail?: string): SlackMessage {
  return {
    text,
    blocks: [
      section(`:warning: ${escapeText(text)}`),
      ...(detail ? [context(escapeText(detail))] : []),
    ],
  };
}

export function refusalMessage(why: string): SlackMessage {
  return {
    text: `Not allowed: ${why}`,
    blocks: [section(`:no_entry: Not allowed: ${escapeText(why)}.`)],
  };
}

export function plainMessage(markdown: string, fallback: string, note?: string): SlackMessage {
  return { text: fallback, blocks: [section(markdown), ...(note ? [context(note)] : [])] };
}

/**
 * The latest changes, newest first; with member accounts, under a heading per account (its
 * name, else its id), a change across several accounts under "Several accounts".
 */
export function historyMessage(
  entries: readonly AuditEntry[],
  describeAt: (at: number) => string,
  accounts: readonly KnownAccount[] = [],
): SlackMessage {
  if (entries.length === 0) {
    return plainMessage('No snooze, unsnooze or wake recorded yet.', 'No history yet.');
  }
  const line = (e: AuditEntry) => {
    const until = e.until === undefined ? '' : ` until ${describeAt(e.until)}`;
    const detail = e.detail ? `: ${plainText(e.detail)}` : '';
    return `• ${describeAt(e.at)}: ${mention(e.by)} ${e.action} ${codeName(e.target)}${until}${detail}`;
  };
  const lines = historyGroups(entries, accounts).flatMap(([heading, grouped]) => [
    ...(heading ? [heading] : []),
    ...grouped.map(line),
  ]);
  const packed = packLines(['*Recent snoozes and wakes*', ...lines], LIMITS.blocksPerMessage - 1);
  return {
    text: `${entries.length} recent entries`,
    blocks: [
      ...packed.blocks,
      ...(packed.left > 0 ? [context(`…and ${packed.left} older entries not shown.`)] : []),
    ],
  };
}

/** History's parts: one without a heading when no entry names a member account. */
function historyGroups(
  entries: readonly AuditEntry[],
  accounts: readonly KnownAccount[],
): [string | undefined, AuditEntry[]][] {
  if (entries.every((e) => !e.accounts?.length)) return [[undefined, [...entries]]];
  const labelOf = (e: AuditEntry): string => {
    const ids = e.accounts ?? [];
    if (ids.length > 1) return 'Several accounts';
    const [id] = ids;
    if (id === undefined) return 'Hub account';
    return accountLabel(accounts.find((a) => a.id === id) ?? { id });
  };
  const groups = new Map<string, AuditEntry[]>();
  for (const e of entries) {
    const label = labelOf(e);
    groups.set(label, [...(groups.get(label) ?? []), e]);
  }
  return [...groups]
    .sort(([a], [b]) => compareText(a, b))
    .map(([label, grouped]) => [`*${oneLine(label)}*`, grouped]);
}
