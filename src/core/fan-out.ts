import type { Account } from './account.js';

/**
 * Scale-out: above `scheduler.fanOutAbove` account-regions, the scheduler (the coordinator)
 * splits a run's accounts into batches and sends one message per batch to the worker function
 * through SQS. Each account keeps its own cursor and pending actions, so any batch can run in
 * any invocation; the run's outcomes are gathered and told once (README "Scale-out").
 */

/** One batch of a run, as the worker receives it. */
export interface BatchMessage {
  /** The run's instant (ISO 8601): the key of its record, and the `now` every batch runs for. */
  readonly runAt: string;
  /** What EventBridge Scheduler asked for (the run's instant when it gave none). */
  readonly scheduledTime: string;
  /** 0-based. */
  readonly batch: number;
  readonly batches: number;
  /**
   * Whole accounts with their regions and role: an account the organization's listing found
   * is in no configuration the worker could look it up in.
   */
  readonly accounts: readonly Account[];
}

/** The account-regions of a run. */
export function accountRegions(accounts: readonly Account[]): number {
  return accounts.reduce((n, a) => n + a.regions.length, 0);
}

/** Whether a run over these accounts fans out; the hub's own account (no accounts) never does. */
export function fansOut(accounts: readonly Account[], fanOutAbove: number): boolean {
  return accounts.length > 0 && accountRegions(accounts) > fanOutAbove;
}

/**
 * Accounts in order, whole, at most `batchSize` account-regions a batch; an account with more
 * regions than that is a batch alone.
 */
export function batchAccounts(accounts: readonly Account[], batchSize: number): Account[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a whole number from 1 (got ${batchSize})`);
  }
  const batches: Account[][] = [];
  let current: Account[] = [];
  let size = 0;
  for (const account of accounts) {
    const regions = account.regions.length;
    if (current.length > 0 && size + regions > batchSize) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(account);
    size += regions;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export class BatchMessageError extends Error {
  override readonly name = 'BatchMessageError';
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ROLE = /^[\w+=,.@-]{1,64}$/;

/** A message body read back; anything else than what the coordinator sends is refused. */
export function parseBatchMessage(body: string): BatchMessage {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw new BatchMessageError('the message body is not JSON');
  }
  const m = data as Partial<Record<keyof BatchMessage, unknown>> | null;
  const problems: string[] = [];
  if (typeof m?.runAt !== 'string' || !ISO.test(m.runAt)) problems.push('runAt');
  if (typeof m?.scheduledTime !== 'string') problems.push('scheduledTime');
  if (!Number.isInteger(m?.batch) || (m?.batch as number) < 0) problems.push('batch');
  if (!Number.isInteger(m?.batches) || (m?.batches as number) <= (m?.batch as number))
    problems.push('batches');
  const accounts = Array.isArray(m?.accounts) ? (m.accounts as unknown[]) : undefined;
  if (!accounts || accounts.length === 0) problems.push('accounts');
  const parsed: Account[] = [];
  (accounts ?? []).forEach((raw, i) => {
    const a = raw as Partial<Record<keyof Account, unknown>> | null;
    const regions = Array.isArray(a?.regions) ? (a.regions as unknown[]) : [];
    if (
      typeof a?.id !== 'string' ||
      !ACCOUNT_ID.test(a.id) ||
      typeof a.role !== 'string' ||
      !ROLE.test(a.role) ||
      regions.length === 0 ||
      !regions.every((r) => typeof r === 'string' && REGION.test(r)) ||
      (a.name !== undefined && typeof a.name !== 'string')
    ) {
      problems.push(`accounts.${i}`);
      return;
    }
    parsed.push({
      id: a.id,
      ...(typeof a.name === 'string' ? { name: a.name } : {}),
      regions: regions as string[],
      role: a.role,
    });
  });
  if (problems.length > 0) {
    throw new BatchMessageError(`malformed batch message: ${problems.join(', ')}`);
  }
  const ok = m as BatchMessage;
  return {
    runAt: ok.runAt,
    scheduledTime: ok.scheduledTime,
    batch: ok.batch,
    batches: ok.batches,
    accounts: parsed,
  };
}

/** A run that fanned out, as recorded before its messages are sent. */
export interface FannedOutRun {
  readonly runAt: string;
  readonly batches: number;
  /** Each batch's account ids, to name the batches that did not finish. */
  readonly accounts: readonly (readonly string[])[];
  /** The batches counted done (each once, however often it was delivered). */
  readonly done: readonly number[];
  /** When its summary was claimed by the worker that counted the last batch. */
  readonly reportedAt?: string;
  /** When the missing batches were alerted. */
  readonly alertedAt?: string;
}

/** The batches of a run not counted done. */
export function missingBatches(run: FannedOutRun): number[] {
  const done = new Set(run.done);
  return Array.from({ length: run.batches }, (_, i) => i).filter((i) => !done.has(i));
}

/** Where fanned-out runs and their batches' outcomes are kept (the table's `run` partition). */
export interface FanOutRunLog {
  /** Records a run before its messages go: how many batches it expects. */
  record(runAt: string, batches: readonly (readonly string[])[], at: number): Promise<void>;
  /** A batch's outcomes (serialisable data); a redelivered batch replaces them. */
  saveBatch(runAt: string, batch: number, outcomes: readonly unknown[]): Promise<void>;
  /** Counts a batch done, once however often it is counted; the run as it is then. */
  countDone(runAt: string, batch: number): Promise<FannedOutRun>;
  /** True for the one caller that may tell the run's summary. */
  claimReport(runAt: string, at: number): Promise<boolean>;
  /** Every saved batch's outcomes, by batch index. */
  batchOutcomes(runAt: string): Promise<Map<number, unknown[]>>;
  /** The latest run recorded before `runAt`. */
  previous(runAt: string): Promise<FannedOutRun | undefined>;
  /** True for the one caller that may alert the run's missing batches. */
  claimAlert(runAt: string, at: number): Promise<boolean>;
}
