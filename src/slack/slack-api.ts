import type { Block, SlackMessage } from './blocks.js';

/** The Slack Web API methods the bot calls, as plain data. */
export interface SlackApi {
  usersInfo(user: string): Promise<SlackUser>;
  usergroupUsers(usergroup: string): Promise<readonly string[]>;
  postMessage(channel: string, message: SlackMessage): Promise<void>;
  postEphemeral(channel: string, user: string, message: SlackMessage): Promise<void>;
  update(channel: string, ts: string, text: string, blocks: readonly Block[]): Promise<void>;
}

/** What users.info says that the bot reads. */
export interface SlackUser {
  readonly id?: string;
  readonly team_id?: string;
  readonly is_restricted?: boolean;
  readonly is_ultra_restricted?: boolean;
  readonly enterprise_user?: { readonly enterprise_id?: string };
}

/** An `{ ok: false, error }` answer, with Slack's error code where @slack/web-api puts it. */
export class SlackApiError extends Error {
  override readonly name = 'SlackApiError';
  readonly data: { readonly error: string };
  constructor(method: string, error: string) {
    super(`Slack ${method}: ${error}`);
    this.data = { error };
  }
}
