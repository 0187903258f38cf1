import * as z from 'zod/mini';
import { parseDuration } from './duration.js';
import { ALL_KINDS, type ResourceKind } from './resource-kind.js';
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
  /** The kinds of resource managed (default: all of them). */
  readonly resources: readonly ResourceKind[];
  readonly schedules: ReadonlyMap<string, Schedule>;
  readonly slack: {
    readonly channel?: string;
    readonly warningLeadMinutes: number;
    /** Workspace (team) ids the bot answers; unset: the one each request comes from. */
    readonly workspaces?: readonly string[];
    /** Enterprise Grid organisation id the requests must come from, when set. */
    readonly enterprise?: string;
  };
  readonly snooze: { readonly defaultMinutes: number; readonly maxMinutes: number };
  readonly wake: { readonly defaultMinutes: number };
  readonly scheduler: {
    readonly intervalMinutes: number;
    readonly maxCatchUpMinutes: number;
    /** Above this many account-regions, a run fans out to the worker through SQS. */
    readonly fanOutAbove: number;
    /** Account-regions per worker message (whole accounts; a larger account is one alone). */
    readonly batchSize: number;
  };
  readonly permissions: {
    readonly snooze: AccessRule;
    readonly unsnooze: AccessRule;
    readonly wake: AccessRule;
    /** Whether multi- and single-channel guests may snooze, unsnooze and wake (default no). */
    readonly guests: boolean;
  };
  /**
   * Member accounts the stopinator works in through a role of theirs (hub and spoke); absent:
   * the hub's own account only, in `regions`.
   */
  readonly accounts?: readonly AccountConfig[];
  /** Accounts found at run time: the active accounts under these Organizations parents. */
  readonly organization?: OrganizationConfig;
  readonly savings: {
    /** ISO 4217 code of the prices (default USD, the Price List's). */
    readonly currency: string;
    /** Hourly prices by instance type or DB class: they fill or override the Price List's. */
    readonly prices: Readonly<Record<string, number>>;
  };
}

/** A member account, as configured. */
export interface AccountConfig {
  /** The 12-digit account id. */
  readonly id: string;
  /** How people type it in Slack ("dev" in `dev/web-1`); the id otherwise. */
  readonly name?: string;
  /** Its regions (default: the top-level list). */
  readonly regions: readonly string[];
  /** The role's name in that account (default `stopinator-spoke-<stage>`). */
  readonly role?: string;
}

export interface OrganizationConfig {
  /** Organizational unit or root ids (`ou-…`, `r-…`) whose active accounts take part. */
  readonly parents: readonly string[];
  /** The spoke role's name in the accounts found (default `stopinator-spoke-<stage>`). */
  readonly role?: string;
  /** Their regions (default: the top-level list). */
  readonly regions: readonly string[];
  /**
   * Whether the accounts in the organizational units below each parent take part too (default
   * yes, as a StackSet deployed to a unit reaches them); no: only the accounts directly under it.
   */
  readonly nested: boolean;
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

// zod/mini: the same validation as zod's chained API at a fraction of the cold-start cost.
const timeOfDay = z.pipe(
  z.string({ error: 'expected a time "HH:MM" in quotes' }),
  z.transform((text: string, ctx) => {
    const time = parseTimeOfDay(text);
    if (!time)
      ctx.issues.push({ code: 'custom', message: 'expected a 24-hour time "HH:MM"', input: text });
    return time as TimeOfDay;
  }),
);

const duration = z.pipe(
  z.string({ error: 'expected a duration such as "2h" or "90m"' }),
  z.transform((text: string, ctx) => {
    const minutes = parseDuration(text);
    if (minutes === undefined) {
      ctx.issues.push({
        code: 'custom',
        message: 'expected a duration such as "2h", "90m" or "1h30"',
        input: text,
      });
    }
    return minutes ?? 0;
  }),
);

const weekday = z.pipe(
  z.string(),
  z.transform((text: string, ctx) => {
    const day = WEEKDAYS[text.trim().toLowerCase().slice(0, 3)];
    if (day === undefined || !/^[a-z]{3,9}$/i.test(text.trim())) {
      ctx.issues.push({
        code: 'custom',
        message: 'expected a weekday: mon, tue, wed, thu, fri, sat, sun',
        input: text,
      });
    }
    return day ?? 0;
  }),
);

const MONDAY_TO_FRIDAY: WeekdayNumber[] = [1, 2, 3, 4, 5];

const scheduleSchema = z.strictObject({
  timezone: z
    .string()
    .check(z.refine(isKnownTimeZone, 'unknown IANA time zone (e.g. "Europe/Paris")')),
  start: z.optional(timeOfDay),
  stop: timeOfDay,
  days: z._default(
    z.array(weekday).check(z.minLength(1, 'a schedule needs at least one day')),
    MONDAY_TO_FRIDAY,
  ),
  holidays: z._default(
    z.array(
      z
        .string()
        .check(z.refine((d) => parseLocalDate(d) !== undefined, 'expected a date "YYYY-MM-DD"')),
    ),
    [],
  ),
  enforce: z._default(z.boolean(), false),
});

const accessRule = z.union([
  z.literal('everyone'),
  z.strictObject({
    users: z._default(z.array(z.string().check(z.minLength(1))), []),
    userGroups: z._default(z.array(z.string().check(z.minLength(1))), []),
    channels: z._default(z.array(z.string().check(z.minLength(1))), []),
  }),
]);

const SCHEDULE_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

const slackTeamId = z
  .string()
  .check(z.regex(/^T[A-Z0-9]{2,}$/, 'expected a Slack workspace (team) id such as "T0123ABCD"'));
const slackEnterpriseId = z
  .string()
  .check(
    z.regex(/^E[A-Z0-9]{2,}$/, 'expected a Slack Enterprise Grid (org) id such as "E0123ABCD"'),
  );

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const region = z.string().check(z.regex(REGION, 'expected an AWS region such as "eu-west-1"'));
const regionList = z
  .array(region)
  .check(z.minLength(1, 'list at least one region, or leave the field out'));
/** IAM role names: letters, digits and +=,.@_- up to 64 characters (no path). */
const roleName = z
  .string()
  .check(
    z.regex(/^[\w+=,.@-]{1,64}$/, 'expected an IAM role name such as "stopinator-spoke-prod"'),
  );
const ACCOUNT_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * Scale-out (README "Scale-out"). Above 50 account-regions a run fans out: 50 is about what one
 * invocation lists and acts on in its 2 minutes with 10 accounts at once. A batch of 20 is two
 * rounds of those 10 at once, well inside the worker's 2 minutes even with slow regions, and
 * 10 workers at once (the queue's maximum concurrency) cover 200 account-regions per round.
 */
export const FAN_OUT_ABOVE = 50;
export const BATCH_SIZE = 20;
/** A message carries its accounts (id, regions, role): 500 stay far under SQS's 256 KiB. */
export const MAX_BATCH_SIZE = 500;

function accountRegionCount(min: number, max: number) {
  return z
    .int({ error: 'expected a whole number of account-regions, such as 50' })
    .check(z.gte(min, `must be at least ${min}`), z.lte(max, `must be at most ${max}`));
}

const accountSchema = z.strictObject({
  id: z.pipe(
    z.union([z.string(), z.number()], { error: 'expected a 12-digit account id in quotes' }),
    z.transform((value: string | number, ctx) => {
      const id = typeof value === 'number' ? String(value).padStart(12, '0') : value.trim();
      if (!/^\d{12}$/.test(id))
        ctx.issues.push({
          code: 'custom',
          message: 'expected a 12-digit AWS account id such as "111111111111" (in quotes)',
          input: value,
        });
      return id;
    }),
  ),
  name: z.optional(
    z
      .string()
      .check(
        z.regex(
          ACCOUNT_NAME,
          'account names are lowercase letters, digits, "_" and "-", as people type them in Slack',
        ),
      ),
  ),
  regions: z.optional(regionList),
  role: z.optional(roleName),
});

const organizationSchema = z.strictObject({
  parents: z
    .array(
      z
        .string()
        .check(
          z.regex(
            /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/,
            'expected an organizational unit id ("ou-ab12-cdef3456") or a root id ("r-ab12")',
          ),
        ),
    )
    .check(z.minLength(1, 'list at least one organizational unit or root id')),
  regions: z.optional(regionList),
  role: z.optional(roleName),
  nested: z._default(z.boolean(), true),
});

const configSchema = z
  .strictObject({
    tagKey: z._default(z.string().check(z.minLength(1), z.maxLength(127)), 'stopinator'),
    defaultSchedule: z.string().check(z.minLength(1)),
    regions: z.array(region).check(z.minLength(1)),
    accounts: z.optional(
      z
        .array(accountSchema)
        .check(z.minLength(1, 'list at least one account, or leave the field out')),
    ),
    organization: z.optional(organizationSchema),
    /** The kinds of resource managed; each needs its IAM permissions (serverless.yml). */
    resources: z._default(
      z
        .array(
          z.enum(['ec2', 'rds', 'cluster', 'asg'], { error: 'expected ec2, rds, cluster or asg' }),
        )
        .check(z.minLength(1, 'list at least one kind: ec2, rds, cluster, asg')),
      ['ec2', 'rds', 'cluster', 'asg'],
    ),
    schedules: z.record(z.string(), scheduleSchema),
    slack: z._default(
      z.strictObject({
        channel: z.optional(z.string().check(z.minLength(1))),
        warningLead: z._default(duration, 30),
        workspaces: z.optional(
          z
            .array(slackTeamId)
            .check(z.minLength(1, 'list at least one workspace id, or leave the field out')),
        ),
        enterprise: z.optional(slackEnterpriseId),
      }),
      { warningLead: 30 },
    ),
    snooze: z._default(
      z.strictObject({
        defaultDuration: z._default(duration, 120),
        max: z._default(duration, 720),
      }),
      { defaultDuration: 120, max: 720 },
    ),
    wake: z._default(z.strictObject({ defaultDuration: z._default(duration, 120) }), {
      defaultDuration: 120,
    }),
    scheduler: z._default(
      z.strictObject({
        interval: z._default(duration, 5),
        maxCatchUp: z._default(duration, 1440),
        fanOutAbove: z._default(accountRegionCount(1, 100_000), FAN_OUT_ABOVE),
        batchSize: z._default(accountRegionCount(1, MAX_BATCH_SIZE), BATCH_SIZE),
      }),
      { interval: 5, maxCatchUp: 1440, fanOutAbove: FAN_OUT_ABOVE, batchSize: BATCH_SIZE },
    ),
    permissions: z._default(
      z.strictObject({
        snooze: z._default(accessRule, 'everyone'),
        unsnooze: z._default(accessRule, 'everyone'),
        wake: z._default(accessRule, 'everyone'),
        guests: z._default(z.boolean({ error: 'expected true or false' }), false),
      }),
      { snooze: 'everyone', unsnooze: 'everyone', wake: 'everyone', guests: false },
    ),
    savings: z._default(
      z.strictObject({
        currency: z._default(
          z
            .string()
            .check(z.regex(/^[A-Z]{3}$/, 'expected a currency code such as "USD" or "EUR"')),
          'USD',
        ),
        prices: z._default(
          z.record(
            z
              .string()
              .check(
                z.regex(
                  /^(db\.)?[a-z0-9-]+\.[a-z0-9-]+$/,
                  'expected an instance type or DB class such as "t3.medium" or "db.t3.medium"',
                ),
              ),
            z
              .number({ error: 'expected an hourly price such as 0.0416' })
              .check(
                z.gte(0, 'a price cannot be negative'),
                z.lt(10_000, 'expected an hourly price'),
              ),
          ),
          {},
        ),
      }),
      { currency: 'USD', prices: {} },
    ),
  })
  .check(
    z.superRefine((config, ctx) => {
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
        const { start, stop } = schedule;
        if (start && start.hour === stop.hour && start.minute === stop.minute) {
          ctx.addIssue({
            code: 'custom',
            path: ['schedules', name, 'stop'],
            message: 'stop must differ from start',
          });
        }
      }
      const ids = new Map<string, number>();
      const names = new Map<string, number>();
      (config.accounts ?? []).forEach((account, i) => {
        const sameId = ids.get(account.id);
        if (sameId !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['accounts', i, 'id'],
            message: `account ${account.id} is listed twice (also accounts.${sameId})`,
          });
        ids.set(account.id, i);
        for (const name of [account.name, account.id]) {
          if (name === undefined) continue;
          const other = names.get(name);
          if (other !== undefined && other !== i)
            ctx.addIssue({
              code: 'custom',
              path: ['accounts', i, 'name'],
              message: `"${name}" already names accounts.${other}: each account needs a name of its own`,
            });
          names.set(name, i);
        }
      });
    }),
  );

/** zod/mini carries no message catalogue: say what each kind of problem means here. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type':
      return `expected ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `needs at least ${issue.minimum} item(s)`
        : 'must not be empty';
    case 'too_big':
      return `must be at most ${issue.maximum} ${issue.origin === 'string' ? 'characters' : 'items'}`;
    case 'invalid_key':
      return 'expected an instance type or DB class such as "t3.medium" or "db.t3.medium"';
    case 'invalid_union':
      return 'expected "everyone" or a mapping with users, userGroups and channels lists';
    default:
      return issue.message || 'invalid value';
  }
}

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
        return `${field}: ${describeIssue(issue)}${got}`;
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
    resources: ALL_KINDS.filter((k) => raw.resources.includes(k)),
    schedules,
    slack: {
      ...(raw.slack.channel ? { channel: raw.slack.channel } : {}),
      warningLeadMinutes: raw.slack.warningLead,
      ...(raw.slack.workspaces ? { workspaces: [...new Set(raw.slack.workspaces)] } : {}),
      ...(raw.slack.enterprise ? { enterprise: raw.slack.enterprise } : {}),
    },
    snooze: { defaultMinutes: raw.snooze.defaultDuration, maxMinutes: raw.snooze.max },
    wake: { defaultMinutes: raw.wake.defaultDuration },
    scheduler: {
      intervalMinutes: raw.scheduler.interval,
      maxCatchUpMinutes: raw.scheduler.maxCatchUp,
      fanOutAbove: raw.scheduler.fanOutAbove,
      batchSize: raw.scheduler.batchSize,
    },
    permissions: {
      snooze: rule(raw.permissions.snooze),
      unsnooze: rule(raw.permissions.unsnooze),
      wake: rule(raw.permissions.wake),
      guests: raw.permissions.guests,
    },
    ...(raw.accounts
      ? {
          accounts: raw.accounts.map((a) => ({
            id: a.id,
            ...(a.name ? { name: a.name } : {}),
            regions: [...new Set(a.regions ?? raw.regions)],
            ...(a.role ? { role: a.role } : {}),
          })),
        }
      : {}),
    ...(raw.organization
      ? {
          organization: {
            parents: [...new Set(raw.organization.parents)],
            regions: [...new Set(raw.organization.regions ?? raw.regions)],
            ...(raw.organization.role ? { role: raw.organization.role } : {}),
            nested: raw.organization.nested,
          },
        }
      : {}),
    savings: { currency: raw.savings.currency, prices: { ...raw.savings.prices } },
  };
}
