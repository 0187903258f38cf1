import {
  CreateTagsCommand,
  DeleteTagsCommand,
  type EC2Client,
  paginateDescribeInstances,
  StartInstancesCommand,
  StopInstancesCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import { type FleetInstance, stopMarkTagKey } from '../core/instance.js';
import type { ActionOutcome, Fleet } from '../core/ports.js';
import { callInBatches } from './batch-split.js';
import { outcomes, worthSplitting } from './ec2-errors.js';
import { toFleetInstance } from './fleet-instance.js';
import { formatStopMark } from './state-transition.js';

/** CreateTags and DeleteTags take "up to 1000 resource IDs" (EC2 API reference). */
export const TAG_BATCH_SIZE = 1000;
/**
 * StopInstances and StartInstances document no maximum; 1000 matches the tag calls that
 * go with them, and a batch EC2 refuses as a whole is split like any failed batch.
 */
export const STATE_BATCH_SIZE = 1000;
/** DescribeInstances accepts MaxResults from 5 to 1000. */
export const DEFAULT_PAGE_SIZE = 1000;

const LISTED_STATES = ['pending', 'running', 'stopping', 'stopped'];

export interface Ec2FleetOptions {
  readonly clientFor: (region: string) => EC2Client;
  readonly tagKey: string;
  /** DescribeInstances MaxResults (5 to 1000); smaller only to test paging. */
  readonly pageSize?: number;
  /** Most instances per stop or start call; smaller only to test batching. */
  readonly batchSize?: number;
  /**
   * Whether a start removes the stop mark (default true). The bot's `wake` passes false: its
   * role may write no tag, and a mark left behind is harmless (see #unmark); the scheduler
   * replaces it when it stops the instance again.
   */
  readonly unmarkOnStart?: boolean;
}

export class Ec2Fleet implements Fleet {
  readonly #clientFor: (region: string) => EC2Client;
  readonly #tagKey: string;
  readonly #markKey: string;
  readonly #pageSize: number;
  readonly #batchSize: number;
  readonly #unmarkOnStart: boolean;

  constructor(options: Ec2FleetOptions) {
    this.#clientFor = options.clientFor;
    this.#tagKey = options.tagKey;
    this.#markKey = stopMarkTagKey(options.tagKey);
    this.#pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(this.#pageSize) || this.#pageSize < 5 || this.#pageSize > 1000) {
      throw new RangeError(`pageSize must be an integer from 5 to 1000, got ${this.#pageSize}`);
    }
    this.#batchSize = Math.min(options.batchSize ?? STATE_BATCH_SIZE, TAG_BATCH_SIZE);
    this.#unmarkOnStart = options.unmarkOnStart ?? true;
  }

  async listInstances(region: string): Promise<FleetInstance[]> {
    const client = this.#clientFor(region);
    const filters = [
      { Name: 'tag-key', Values: [this.#tagKey] },
      { Name: 'instance-state-name', Values: LISTED_STATES },
    ];
    const found: FleetInstance[] = [];
    for await (const page of paginateDescribeInstances(
      { client, pageSize: this.#pageSize },
      { Filters: filters },
    )) {
      for (const reservation of page.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) {
          found.push(toFleetInstance(instance, region, this.#tagKey));
        }
      }
    }
    return found;
  }

  /** Marks first, then stops only what carries the mark; unmarks what would not stop. */
  async stopInstances(
    region: string,
    instanceIds: readonly string[],
    at: number,
  ): Promise<ActionOutcome[]> {
    const ids = [...new Set(instanceIds)];
    const client = this.#clientFor(region);
    const mark: Tag = { Key: this.#markKey, Value: formatStopMark(at) };
    const options = { batchSize: this.#batchSize, worthSplitting };
    const marked = await callInBatches(
      ids,
      (batch) => client.send(new CreateTagsCommand({ Resources: batch, Tags: [mark] })),
      options,
    );
    const stopped = await callInBatches(
      marked.done,
      (batch) => client.send(new StopInstancesCommand({ InstanceIds: batch })),
      options,
    );
    // Only this run's mark is removed: a value-qualified DeleteTags keeps a newer one.
    await this.#unmark(
      client,
      stopped.refused.map(({ item }) => item),
      mark,
    );
    return outcomes(ids, [...marked.refused, ...stopped.refused]);
  }

  async startInstances(region: string, instanceIds: readonly string[]): Promise<ActionOutcome[]> {
    const ids = [...new Set(instanceIds)];
    const client = this.#clientFor(region);
    const started = await callInBatches(
      ids,
      (batch) => client.send(new StartInstancesCommand({ InstanceIds: batch })),
      { batchSize: this.#batchSize, worthSplitting },
    );
    if (this.#unmarkOnStart) await this.#unmark(client, started.done, { Key: this.#markKey });
    return outcomes(ids, started.refused);
  }

  /**
   * Best effort: a mark left behind is harmless, because a mark only counts while EC2's
   * own stop time matches it (see stoppedByStopinator).
   */
  async #unmark(client: EC2Client, ids: string[], mark: Tag): Promise<void> {
    await callInBatches(
      ids,
      (batch) => client.send(new DeleteTagsCommand({ Resources: batch, Tags: [mark] })),
      { batchSize: TAG_BATCH_SIZE, worthSplitting },
    );
  }
}
