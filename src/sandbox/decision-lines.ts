import type { StopinatorConfig } from '../core/config.js';
import { instantToLocal } from '../core/zone-time.js';
import { zoneAbbreviation } from '../slack/zone-abbreviations.js';
import type { LogWatch } from './watched-logger.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Tue 20:00 CET": a simulated instant in a zone, for the terminal. */
export function terminalTime(at: number, zone: string): string {
  const local = instantToLocal(at, zone);
  const hhmm = `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
  return `${WEEKDAYS[local.weekday]} ${hhmm} ${zoneAbbreviation(zone, at)}`;
}

/**
 * "Tue 20:00 CET  stopped web-1: schedule office-hours, 20:00 Europe/Paris": one line per
 * scheduler decision, in the zone of the instance's schedule, read from the scheduler's own
 * log lines. Instances left alone (excluded, unknown schedule) are said once, not every run;
 * failed actions and the scheduler's warnings are said too. Failed runs are reported by the
 * loop that ran them (their log lines carry `step`).
 */
export function decisionWatch(config: StopinatorConfig, print: (line: string) => void): LogWatch {
  const defaultZone = config.schedules.get(config.defaultSchedule)?.timezone ?? 'UTC';
  const told = new Set<string>();
  return (level, message, data) => {
    const runAt = Date.parse(String(data.scheduledTime ?? ''));
    if (message === 'decision') {
      const zone = config.schedules.get(String(data.schedule ?? ''))?.timezone ?? defaultZone;
      const at = typeof data.at === 'string' ? Date.parse(data.at) : undefined;
      const line = decisionText(String(data.name ?? data.instanceId), String(data.reason ?? ''));
      if (at !== undefined) {
        print(`${terminalTime(at, zone)}  ${line}`);
      } else {
        const key = `${data.instanceId}:${data.reason}`;
        if (told.has(key)) return;
        told.add(key);
        print(`${Number.isNaN(runAt) ? '' : terminalTime(runAt, defaultZone)}  ${line}`);
      }
      return;
    }
    if (level !== 'warn' && level !== 'error') return;
    if ('step' in data || message === 'run done') return;
    const when = Number.isNaN(runAt) ? '' : `${terminalTime(runAt, defaultZone)}  `;
    if (message === 'action failed') {
      print(`${when}failed on ${data.instanceId}: ${data.code}: ${data.message}`);
      return;
    }
    print(`${when}scheduler: ${message} (details in the log file)`);
  };
}

/** "stopped: schedule x" becomes "stopped web-1: schedule x"; warnings say "warning". */
function decisionText(name: string, reason: string): string {
  const labelled = /^([a-z][a-z ]*): (.*)$/s.exec(reason);
  if (labelled) return `${labelled[1]} ${name}: ${labelled[2]}`;
  if (reason.startsWith('stops at ')) return `warning ${name}: ${reason}`;
  return `${name}: ${reason}`;
}
