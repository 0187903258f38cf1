/**
 * CPU time of a process group (an emulator and its watchdog), from /proc: how busy the
 * server was while a benchmark waited on it. Linux only (elsewhere NaN, and the benches leave
 * the rows out); clock ticks of 10 ms (USER_HZ, 100 on Linux whatever the kernel's HZ).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10;

/** User plus system CPU of every live process in group `pgid`, in ms; NaN without /proc. */
export function groupCpuMs(pgid: number): number {
  if (!existsSync('/proc/self/stat')) return Number.NaN;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // "pid (comm) state ppid pgrp ..." — comm may hold spaces and parentheses: split after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * TICK_MS;
}

/** What `work` took in wall time, and the group's CPU meanwhile. */
export async function withGroupCpu<T>(
  pgid: number,
  work: () => Promise<T>,
): Promise<{ value: T; ms: number; cpuMs: number }> {
  const cpuBefore = groupCpuMs(pgid);
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  // A process of the group that ended meanwhile takes its time with it: never below 0.
  return { value, ms, cpuMs: Math.max(0, groupCpuMs(pgid) - cpuBefore) };
}
