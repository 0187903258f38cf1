import { z } from 'zod';
import { parseDuration } from './duration.js';
import type { Schedule } from './schedule.js';
import {
  isKnownTimeZone,
  parseLocalDate,
  parseTimeOfDay,
  type TimeOfDay,
  type WeekdayNumber,
} from './zone-time.js';

/** Tag values that mean "use the default schedule" and "leave this instance alone". */
export const DEFAULT_SCHEDULE_VALUES = ['', 'true', 'on', 'default', 'yes'] as const;
export const EXCLUDED_VALUES = ['off', 'false', 'never', 'no'] as const;
const RESERVED_NAMES = new Set<string>([...DEFAULT_SCHEDULE_VALUES, ...EXCLUDED_VALUES, 'all']);

const WEEKDAYS: Record<string, WeekdayNumber> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
};

export interface AccessRule {
  /** Undefined: everyone in the workspace. */
  readonly users?: readonly string[];
  readonly userGroups?: readonly string[];
  readonly channels?: readonly string[];
}

export interface StopinatorConfig {
  readonly tagKey: string;
  readonly defaultSchedule: string;
  readonly regions: readonly string[];
  readonly schedules: ReadonlyMap<string, Schedule>;
  readonly slack: { readonly channel?: string; readonly warningLeadMinutes: number };
  readonly snooze: { readonly defaultMinutes: number; readonly maxMinutes: number };
  readonly wake: { readonly defaultMinutes: number };
  readonly scheduler: { readonly intervalMinutes: number; readonly maxCatchUpMinutes: number };
  readonly permissions: {
    readonly snooze: AccessRule;
    readonly unsnooze: AccessRule;
    readonly wake: AccessRule;
  };
}

/** An invalid configuration; `problems` name each field and the value found there. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const timeOfDay = z
  .string({ error: 'expected a time "HH:MM" in quotes' })
  .transform((text, ctx) => {
    const time = parseTimeOfDay(text);
    if (!time) ctx.addIssue({ code: 'custom', message: 'expected a 24-hour time "HH:MM"' });
    return time as TimeOfDay;
  });

const duration = z
  .string({ error: 'expected a duration such as "2h" or "90m"' })
  .transform((text, ctx) => {
    const minutes = parseDuration(text);
    if (minutes === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected a duration such as "2h", "90m" or "1h30"',
      });
    }
    return minutes ?? 0;
  });

const weekday = z.string().transform((text, ctx) => {
  const day = WEEKDAYS[text.trim().toLowerCase().slice(0, 3)];
  if (day === undefined || !/^[a-z]{3,9}$/i.test(text.trim())) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected a weekday: mon, tue, wed, thu, fri, sat, sun',
    });
  }
  return day ?? 0;
});

const scheduleSchema = z.strictObject({
  timezone: z.string().refine(isKnownTimeZone, 'unknown IANA time zone (e.g. "Europe/Paris")'),
  start: timeOfDay.optional(),
  stop: timeOfDay,
  days: z
    .array(weekday)
    .min(1, 'a schedule needs at least one day')
    .default(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => WEEKDAYS[d] as WeekdayNumber)),
  holidays: z
    .array(
      z.string().refine((d) => parseLocalDate(d) !== undefined, 'expected a date "YYYY-MM-DD"'),
    )
    .default([]),
  enforce: z.boolean().default(false),
});

const accessRule = z.union([
  z.literal('everyone'),
  z.strictObject({
    users: z.array(z.string().min(1)).default([]),
    userGroups: z.array(z.string().min(1)).default([]),
    channels: z.array(z.string().min(1)).default([]),
  }),
]);

const SCHEDULE_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

const configSchema = z
  .strictObject({
    tagKey: z.string().min(1).max(127).default('stopinator'),
    defaultSchedule: z.string().min(1),
    regions: z
      .array(
        z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as "eu-west-1"'),
      )
      .min(1),
    schedules: z.record(z.string(), scheduleSchema),
    slack: z
      .strictObject({
        channel: z.string().min(1).optional(),
        warningLead: duration.default(30),
      })
      .default({ warningLead: 30 }),
    snooze: z
      .strictObject({ defaultDuration: duration.default(120), max: duration.default(720) })
      .default({ defaultDuration: 120, max: 720 }),
    wake: z
      .strictObject({ defaultDuration: duration.default(120) })
      .default({ defaultDuration: 120 }),
    scheduler: z
      .strictObject({ interval: duration.default(5), maxCatchUp: duration.default(1440) })
      .default({ interval: 5, maxCatchUp: 1440 }),
    permissions: z
      .strictObject({
        snooze: accessRule.default('everyone'),
        unsnooze: accessRule.default('everyone'),
        wake: accessRule.default('everyone'),
      })
      .default({ snooze: 'everyone', unsnooze: 'everyone', wake: 'everyone' }),
  })
  .superRefine((config, ctx) => {
    if (!(config.defaultSchedule in config.schedules)) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultSchedule'],
        message: `no schedule named "${config.defaultSchedule}" (known: ${Object.keys(config.schedules).join(', ') || 'none'})`,
      });
    }
    for (const [name, schedule] of Object.entries(config.schedules)) {
      if (!SCHEDULE_NAME.test(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['schedules', name],
          message: `schedule names are lowercase letters, digits, ".", "_" and "-" (got "${name}")`,
        });
      } else if (RESERVED_NAMES.has(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['schedules', name],
          message: `"${name}" is reserved for tag values and targets; pick another schedule name`,
        });
      }
      if (
        schedule.start &&
        schedule.start.hour === schedule.stop.hour &&
        schedule.start.minute === schedule.stop.minute
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['schedules', name, 'stop'],
          message: 'stop must differ from start',
        });
      }
    }
  });

/** Validates parsed configuration data (from YAML or JSON) and builds the domain configuration. */
export function parseConfig(data: unknown, source = 'configuration'): StopinatorConfig {
  const result = configSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(
      source,
      result.error.issues.map((issue) => {
        const field = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
        const input = 'input' in issue ? issue.input : undefined;
        const shown = ['string', 'number', 'boolean'].includes(typeof input) || input === null;
        const got = shown ? ` (got ${JSON.stringify(input)})` : '';
        return `${field}: ${issue.message}${got}`;
      }),
    );
  }
  const raw = result.data;
  const schedules = new Map<string, Schedule>(
    Object.entries(raw.schedules).map(([name, s]) => [
      name,
      {
        name,
        timezone: s.timezone,
        ...(s.start ? { start: s.start } : {}),
        stop: s.stop,
        days: [...new Set(s.days)].sort(),
        holidays: s.holidays,
        enforce: s.enforce,
      },
    ]),
  );
  const rule = (r: z.infer<typeof accessRule>): AccessRule => (r === 'everyone' ? {} : r);
  return {
    tagKey: raw.tagKey,
    defaultSchedule: raw.defaultSchedule,
    regions: [...new Set(raw.regions)],
    schedules,
    slack: {
      ...(raw.slack.channel ? { channel: raw.slack.channel } : {}),
      warningLeadMinutes: raw.slack.warningLead,
    },
    snooze: { defaultMinutes: raw.snooze.defaultDuration, maxMinutes: raw.snooze.max },
    wake: { defaultMinutes: raw.wake.defaultDuration },
    scheduler: {
      intervalMinutes: raw.scheduler.interval,
      maxCatchUpMinutes: raw.scheduler.maxCatchUp,
    },
    permissions: {
      snooze: rule(raw.permissions.snooze),
      unsnooze: rule(raw.permissions.unsnooze),
      wake: rule(raw.permissions.wake),
    },
  };
}
