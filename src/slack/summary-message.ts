import { MAX_ATTEMPTS } from '../core/journal.js';
import type { RunPlan } from '../core/plan-run.js';
import type { ActionOutcome } from '../core/ports.js';
import { context, LIMITS, packLines, type SlackMessage, section } from './blocks.js';
import { fleetNoun } from './kind-text.js';
import { codeName, count, oneLine, plainText } from './slack-text.js';

/** After a run that acted: stopped, started, kept running and why, failures. */
export function summaryMessage(plan: RunPlan, failures: readonly ActionOutcome[]): SlackMessage {
  const failed = new Map(failures.map((f) => [f.instanceId, f]));
  const stopped = plan.toStop.filter((d) => !failed.has(d.instanceId));
  const started = plan.toStart.filter((d) => !failed.has(d.instanceId));
  const kept = plan.decisions.filter(
    (d) => d.code === 'postponed' || d.code === 'kept-running-tonight',
  );
  const name = (id: string) => plan.decisions.find((d) => d.instanceId === id)?.name ?? id;

  const noun = fleetNoun([...stopped, ...started].map((d) => d.instanceId));
  const lines: string[] = [];
  const headline = [
    stopped.length ? `stopped ${count(stopped.length, noun)}` : undefined,
    started.length ? `started ${count(started.length, noun)}` : undefined,
    kept.length ? `kept ${kept.length} running` : undefined,
    failures.length ? `:x: ${failures.length} failed` : undefined,
  ].filter(Boolean);
  for (const f of failures) {
    lines.push(
      `:x: ${codeName(name(f.instanceId))} (${oneLine(f.instanceId)}): ${f.ok ? '' : `${oneLine(f.code)}: ${plainText(f.message)}`}`,
    );
  }
  for (const d of kept) lines.push(`:zzz: ${codeName(d.name)} ${plainText(d.reason)}`);
  for (const d of stopped)
    lines.push(`:black_square_for_stop: ${codeName(d.name)} ${plainText(d.reason)}`);
  for (const d of started) lines.push(`:arrow_forward: ${codeName(d.name)} ${plainText(d.reason)}`);

  if (failures.length > 0) {
    lines.push(
      `Failed stops and starts are tried again at each run while they still hold, up to ${MAX_ATTEMPTS} tries; only giving up is announced again.`,
    );
  }
  const title = `Stopinator: ${headline.join(', ') || 'nothing to do'}.`;
  const packed = packLines(lines, LIMITS.blocksPerMessage - 2);
  return {
    text: title,
    blocks: [
      section(`*${title}*`),
      ...packed.blocks,
      ...(packed.left > 0
        ? [context(`…and ${count(packed.left, 'more line')} in the scheduler logs.`)]
        : []),
    ],
  };
}
