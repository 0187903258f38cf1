import { randomBytes } from 'node:crypto';
import type { ActionOutcome } from '../core/ports.js';
import type { Logger } from '../runtime/logger.js';
import { codeName } from '../slack/slack-text.js';

/**
 * A failure told to a person by its id only: AWS error text (account ids, role ARNs, policy
 * names) stays in the logs, where the operator finds it under the same id.
 */
export interface Incident {
  readonly id: string;
  /** What the reply says, e.g. "Incident `3f9a1c2e`: the details are in the stopinator's logs." */
  readonly note: string;
}

/** Logs `error` in full under a new incident id, and returns what the reply may show. */
export function recordIncident(
  log: Logger,
  message: string,
  error: unknown,
  data: Record<string, unknown> = {},
): Incident {
  const id = randomBytes(4).toString('hex');
  log.error(message, { ...data, incident: id, error });
  return { id, note: `Incident ${codeName(id)}: the details are in the stopinator’s logs.` };
}

/** Start failures whose code tells people something and gives nothing away, and what they mean. */
const SAFE_START_FAILURES: Readonly<Record<string, string>> = {
  InsufficientInstanceCapacity: 'AWS has no capacity for this instance type right now; try later',
  IncorrectInstanceState: 'it is not in a state that can be started',
  InstanceLimitExceeded: 'the account’s instance limit is reached',
  VcpuLimitExceeded: 'the account’s vCPU limit is reached',
  RequestLimitExceeded: 'AWS is throttling requests; try again in a minute',
  Unsupported: 'AWS does not support starting it this way',
};

/**
 * One line per instance that did not start: a known, harmless code with what it means;
 * anything else (access denied, KMS, unknown) a plain text and one incident id for them all.
 */
export function startFailureLines(
  log: Logger,
  failures: readonly Extract<ActionOutcome, { ok: false }>[],
): string[] {
  const unexplained = failures.filter((f) => !(f.code in SAFE_START_FAILURES));
  const incident =
    unexplained.length > 0
      ? recordIncident(log, 'instances did not start', undefined, { failures: unexplained })
      : undefined;
  return failures.map((f) => {
    const meaning = SAFE_START_FAILURES[f.code];
    return meaning
      ? `:x: ${codeName(f.instanceId)}: ${f.code}: ${meaning}.`
      : `:x: ${codeName(f.instanceId)}: AWS refused to start it (incident ${codeName(incident?.id ?? '')}).`;
  });
}
