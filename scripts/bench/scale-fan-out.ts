/**
 * How a run of many account-regions is split and worked, on paper: the batches (account by
 * account, `batchSize` account-regions a message), each worker invocation's wall time, and how
 * long the queue takes to drain while the SQS event source mapping scales up.
 */
import type { Account } from '../../src/core/account.js';
import { batchAccounts } from '../../src/core/fan-out.js';
import type { Latencies, Operation } from './scale-assumptions.js';

/** One SQS message's worth of work. */
export interface Batch {
  readonly accountRegions: number;
  /** Accounts it touches: each means an AssumeRole when cold, and that account's cursor and journal. */
  readonly accounts: number;
}

/** Batches as the coordinator cuts them (batchAccounts): whole accounts, at most `batchSize` account-regions. */
export function batchesOf(accounts: number, regions: number, batchSize: number): Batch[] {
  const list: Account[] = Array.from({ length: accounts }, (_, i) => ({
    id: String(100_000_000_000 + i),
    regions: Array.from({ length: regions }, (_, r) => `region-${r}`),
    role: 'stopinator-spoke',
  }));
  return batchAccounts(list, batchSize).map((batch) => ({
    accountRegions: batch.reduce((n, a) => n + a.regions.length, 0),
    accounts: batch.length,
  }));
}

/** The fleet index every invocation reads whole (run-accounts.ts shares one read): its size. */
export interface IndexRead {
  readonly bytes: number;
  readonly entries: number;
}

/**
 * One worker invocation: a cold start; the index read and decoded (counted apart from the
 * listing it overlaps: the decoding holds the event loop); then its accounts `concurrency` at a
 * time, each its role and then its regions in parallel; the result item.
 */
export function workerMs(
  work: Batch,
  accountRegionMs: number,
  index: IndexRead,
  operation: Operation,
  ms: Latencies,
): number {
  const rounds = Math.ceil(work.accounts / operation.workerConcurrency);
  const pages = Math.max(1, Math.ceil(index.bytes / 1024 ** 2));
  return (
    ms.coldStart +
    ms.dynamoRead +
    pages * ms.dynamoPage +
    index.entries * ms.decodePerEntry +
    rounds * (ms.assumeRole + accountRegionMs) +
    ms.dynamoWrite
  );
}

/** What the event source mapping allows at `t` ms after the messages arrive. */
export interface ScalingLimits {
  /** The mapping's maximumConcurrency. */
  readonly maxConcurrency: number;
  readonly pollersAtStart: number;
  readonly addedPerMinute: number;
  readonly maxBatches: number;
  readonly lambdaConcurrency: number;
  readonly lambdaScalingPer10s: number;
}

export interface Drain {
  /** From the first message sent to the last invocation done. */
  readonly ms: number;
  readonly peakConcurrency: number;
}

/**
 * Invocations started as the mapping's concurrency allows (5 at first, 300 more a minute, at
 * most 1,000 and its maximumConcurrency; never more than the account's concurrency less the
 * coordinator), in order,
 * each taking its own time: a 50 ms step simulation.
 */
export function drain(durations: readonly number[], limits: ScalingLimits): Drain {
  const step = 50;
  const running: number[] = [];
  let next = 0;
  let t = 0;
  let peak = 0;
  let last = 0;
  while (next < durations.length || running.length > 0) {
    for (let i = running.length - 1; i >= 0; i--) if ((running[i] ?? 0) <= t) running.splice(i, 1);
    const cap = Math.floor(
      Math.min(
        limits.pollersAtStart + (limits.addedPerMinute * t) / 60_000,
        limits.maxBatches,
        limits.maxConcurrency,
        limits.lambdaConcurrency - 1,
        limits.lambdaScalingPer10s * (1 + Math.floor(t / 10_000)),
      ),
    );
    while (next < durations.length && running.length < cap) {
      const end = t + (durations[next] ?? 0);
      running.push(end);
      last = Math.max(last, end);
      next++;
    }
    peak = Math.max(peak, running.length);
    if (next >= durations.length && running.length > 0) {
      t = Math.min(...running);
      continue;
    }
    t += step;
  }
  return { ms: last, peakConcurrency: peak };
}

/** Invocations of `messagesPerInvocation` messages each: their account-regions and accounts. */
export function invocationsOf(batches: readonly Batch[], messagesPerInvocation: number): Batch[] {
  const out: Batch[] = [];
  for (let i = 0; i < batches.length; i += messagesPerInvocation) {
    const these = batches.slice(i, i + messagesPerInvocation);
    out.push({
      accountRegions: these.reduce((n, b) => n + b.accountRegions, 0),
      accounts: these.reduce((n, b) => n + b.accounts, 0),
    });
  }
  return out;
}
