import type { FleetInstance } from '../core/instance.js';
import type { Fleet } from '../core/ports.js';
import type { Snooze } from '../core/snooze.js';
import type { SnoozeReader } from './read-only.js';

/** The account could not be read; the message says what to do. */
export class PlanReadError extends Error {
  override readonly name = 'PlanReadError';
}

/**
 * Every place (region, or a member account's region) in parallel, in many accounts, whatever
 * each answers: the places that could not be read, and why.
 */
export async function listPlaces(
  fleet: Fleet,
  places: readonly string[],
): Promise<{
  instances: FleetInstance[];
  listed: Map<string, number>;
  unread: Map<string, string>;
}> {
  const results = await Promise.allSettled(places.map((place) => fleet.listInstances(place)));
  const instances: FleetInstance[] = [];
  const listed = new Map<string, number>();
  const unread = new Map<string, string>();
  results.forEach((result, i) => {
    const place = places[i] as string;
    if (result.status === 'fulfilled') {
      instances.push(...result.value);
      listed.set(place, result.value.length);
    } else unread.set(place, explainAwsError(result.reason));
  });
  return { instances, listed, unread };
}

/** Every region in parallel, one paginated DescribeInstances each. */
export async function listFleet(
  fleet: Fleet,
  regions: readonly string[],
): Promise<{ instances: FleetInstance[]; listed: Map<string, number> }> {
  const perRegion = await Promise.all(
    regions.map(async (region) => {
      try {
        return [region, await fleet.listInstances(region)] as const;
      } catch (error) {
        throw new PlanReadError(
          `could not list the instances in ${region}: ${explainAwsError(error)}`,
        );
      }
    }),
  );
  return {
    instances: perRegion.flatMap(([, instances]) => instances),
    listed: new Map(perRegion.map(([region, instances]) => [region, instances.length])),
  };
}

/**
 * The snoozes active at `from`. A missing table or a refused read is a note, not a failure:
 * the plan is then the schedules alone, and says so.
 */
export async function readSnoozes(
  reader: SnoozeReader | undefined,
  where: { table?: string; region: string },
  from: number,
): Promise<{ snoozes: Snooze[]; note: string }> {
  if (!reader || !where.table) {
    return {
      snoozes: [],
      note: 'not read: no table given (--table or STOPINATOR_TABLE), so the plan follows the schedules alone',
    };
  }
  const place = `table ${where.table} (${where.region})`;
  try {
    const snoozes = await reader.activeSnoozes(from);
    return { snoozes, note: `${snoozes.length} active, from ${place}` };
  } catch (error) {
    const name = (error as Error).name;
    const why = name === 'ResourceNotFoundException' ? 'it does not exist' : explainAwsError(error);
    return {
      snoozes: [],
      note: `not read from ${place}: ${why}; the plan follows the schedules alone`,
    };
  }
}

/** An AWS SDK error in words an operator can act on. */
export function explainAwsError(error: unknown): string {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message))
    return 'no AWS credentials found: set AWS_PROFILE (after aws sso login if you use SSO), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY';
  if (/^(UnauthorizedOperation|AccessDenied)/.test(name))
    return `not allowed (${name}): ${message}`;
  if (name === 'AccountUnreachable')
    return `${message} (the plan assumes each account's spoke role, or --role, with your credentials: your principal must be trusted by it)`;
  if (/^(AuthFailure|ExpiredToken|InvalidClientTokenId|UnrecognizedClient)/.test(name))
    return `the credentials were refused (${name}): ${message}`;
  return `${name}: ${message}`;
}
