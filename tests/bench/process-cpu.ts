import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

// CPU time of the processes a stack bench runs, read from Linux's /proc: a figure of work done that
// other sessions' load on the shared machine disturbs far less than wall-clock latency does.

/** CPU milliseconds (user + system) so far, per process group. */
export interface ProcessCpu {
  /** The cluster's postmaster, its backends and helpers, including children that have exited. */
  postgres: number;
  /** This process's Deno children (the Edge Function workers). */
  deno: number;
  /** This process: the stack's Node side, and whatever else the bench runs in it. */
  node: number;
}

// USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every Linux that Node supports.
const TICKS_PER_SECOND = 100;

interface Stat {
  parent: number;
  command: string;
  /** Own user + system ticks. */
  ticks: number;
  /** User + system ticks of the children it has waited for. */
  reapedTicks: number;
}

function readStat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    // The process ended between listing /proc and reading it: nothing more to count.
    return undefined;
  }
  // The command is in parentheses and may hold spaces; the fields after it are space-separated.
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  return {
    command: text.slice(text.indexOf('(') + 1, close),
    parent: Number(fields[1]),
    ticks: Number(fields[11]) + Number(fields[12]),
    reapedTicks: Number(fields[13]) + Number(fields[14]),
  };
}

function allStats(): Map<number, Stat> {
  const stats = new Map<number, Stat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) stats.set(Number(entry), stat);
  }
  return stats;
}

/** The postmaster's pid from its data directory's postmaster.pid (its first line). */
export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** Whether this machine has /proc to read (Linux); elsewhere a bench leaves these figures out. */
export function canReadProcessCpu(): boolean {
  return readStat(process.pid) !== undefined;
}

/** The CPU the cluster at `postgresPid`, this process's Deno workers and this process have used so far. */
export function processCpu(postgresPid: number): ProcessCpu {
  const stats = allStats();
  const children = new Map<number, number[]>();
  for (const [pid, stat] of stats)
    children.set(stat.parent, [...(children.get(stat.parent) ?? []), pid]);
  const treeTicks = (pid: number): number => {
    const stat = stats.get(pid);
    if (!stat) return 0;
    let ticks = stat.ticks + stat.reapedTicks;
    for (const child of children.get(pid) ?? []) ticks += treeTicks(child);
    return ticks;
  };
  let denoTicks = 0;
  for (const pid of children.get(process.pid) ?? []) {
    const stat = stats.get(pid);
    if (stat?.command.startsWith('deno')) denoTicks += stat.ticks + stat.reapedTicks;
  }
  const own = process.cpuUsage();
  return {
    postgres: (treeTicks(postgresPid) * 1000) / TICKS_PER_SECOND,
    deno: (denoTicks * 1000) / TICKS_PER_SECOND,
    node: (own.user + own.system) / 1000,
  };
}

/** CPU milliseconds per unit of work between two readings, per process group. */
export function cpuPerUnit(before: ProcessCpu, after: ProcessCpu, units: number): ProcessCpu {
  return {
    postgres: (after.postgres - before.postgres) / units,
    deno: (after.deno - before.deno) / units,
    node: (after.node - before.node) / units,
  };
}
