import { parseArgs } from 'node:util';

/** Arguments the plan cannot use; the message says which and why. */
export class PlanUsageError extends Error {
  override readonly name = 'PlanUsageError';
}

export interface PlanOptions {
  readonly hours: number;
  /** Undefined: the configuration's regions. */
  readonly regions?: readonly string[];
  readonly configFile: string;
  /** Undefined: no table named, so no snoozes. */
  readonly table?: string;
  /** Undefined: the configuration's first region, where the deployment puts the stack. */
  readonly tableRegion?: string;
  /** Undefined: now. */
  readonly from?: number;
  /** Many accounts: only these (ids or names); undefined: every configured one. */
  readonly accounts?: readonly string[];
  /** Many accounts: the role to assume in each instead of its spoke role. */
  readonly role?: string;
  /** Many accounts: the external id the roles ask for (default SPOKE_EXTERNAL_ID). */
  readonly externalId?: string;
  /** Many accounts: the hub's stage, for the spoke roles' default name (default dev). */
  readonly stage: string;
  readonly help: boolean;
}

export const PLAN_USAGE = `npm run plan -- [options]   (node scripts/run-ts.mjs src/plan/main.ts [options])

What the stopinator would do in your AWS account in the coming hours, and why: which
instances it would warn about, stop and start, with the snoozes in its table. Read-only: it
lists instances (one DescribeInstances per region) and reads snoozes (DynamoDB Query), with
your own AWS credentials (AWS_PROFILE, SSO...). It never stops, starts or tags anything.

  --hours N          how far ahead (default 24, at most 168)
  --region R         a region to look at instead of the configuration's; repeat for more
  --config FILE      the configuration (default: STOPINATOR_CONFIG_FILE or stopinator.config.yml)
  --table NAME       the stopinator's table, for snoozes (default: STOPINATOR_TABLE; the
                     deployed one is stopinator-<stage>, e.g. stopinator-prod)
  --table-region R   the table's region (default: the configuration's first region)
  --from TIME        start from this ISO time with zone instead of now (2026-11-24T18:00:00+01:00)

Many accounts (the configuration lists accounts: or an organization:): each member account is
read through a role assumed with your credentials (role chaining works: SSO, an assumed role).

  --account A        only this account (id or name); repeat for more
  --role NAME        the role to assume in each account instead of its spoke role (a
                     read-only role your principal may assume, e.g. one AWS SSO provisions)
  --external-id ID   the external id the role asks for (default: SPOKE_EXTERNAL_ID)
  --stage S          the hub's stage, for the spoke roles' default name (default:
                     STOPINATOR_STAGE, else dev)
  --help             this text`;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function parsePlanArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): PlanOptions {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        hours: { type: 'string' },
        region: { type: 'string', multiple: true },
        config: { type: 'string' },
        table: { type: 'string' },
        'table-region': { type: 'string' },
        from: { type: 'string' },
        account: { type: 'string', multiple: true },
        role: { type: 'string' },
        'external-id': { type: 'string' },
        stage: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new PlanUsageError((error as Error).message);
  }
  const hoursText = values.hours as string | undefined;
  const hours = hoursText === undefined ? 24 : Number(hoursText);
  if (!Number.isInteger(hours) || hours < 1 || hours > 168)
    throw new PlanUsageError('--hours: a whole number of hours from 1 to 168');
  const regions = values.region as string[] | undefined;
  const tableRegion = values['table-region'] as string | undefined;
  for (const region of [...(regions ?? []), ...(tableRegion ? [tableRegion] : [])]) {
    if (!REGION.test(region))
      throw new PlanUsageError(`"${region}" is not an AWS region such as eu-west-1`);
  }
  const fromText = values.from as string | undefined;
  const from = fromText === undefined ? undefined : Date.parse(fromText);
  if (fromText !== undefined && (!ISO_WITH_ZONE.test(fromText) || Number.isNaN(from)))
    throw new PlanUsageError(
      `--from "${fromText}": an ISO time with its zone, such as 2026-11-24T18:00:00+01:00`,
    );
  const table = (values.table as string | undefined) ?? (env.STOPINATOR_TABLE?.trim() || undefined);
  const role = values.role as string | undefined;
  if (role !== undefined && !/^[\w+=,.@-]{1,64}$/.test(role))
    throw new PlanUsageError(`--role "${role}": an IAM role name such as ReadOnlyAccess`);
  const accounts = values.account as string[] | undefined;
  const externalId =
    (values['external-id'] as string | undefined) ?? (env.SPOKE_EXTERNAL_ID?.trim() || undefined);
  return {
    hours,
    ...(regions ? { regions: [...new Set(regions)] } : {}),
    configFile:
      (values.config as string | undefined) ??
      (env.STOPINATOR_CONFIG_FILE?.trim() || 'stopinator.config.yml'),
    ...(table ? { table } : {}),
    ...(tableRegion ? { tableRegion } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(accounts ? { accounts: [...new Set(accounts)] } : {}),
    ...(role ? { role } : {}),
    ...(externalId ? { externalId } : {}),
    stage: (values.stage as string | undefined) ?? (env.STOPINATOR_STAGE?.trim() || 'dev'),
    help: values.help === true,
  };
}
