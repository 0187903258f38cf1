import type { WebClient } from '@slack/web-api';
import type { SlackApi, SlackUser } from './slack-api.js';

/** The SlackApi on @slack/web-api's client (Bolt's, in the local bot and for buttons). */
export function webClientApi(client: WebClient): SlackApi {
  return {
    async usersInfo(user) {
      return ((await client.users.info({ user })).user ?? {}) as SlackUser;
    },
    async usergroupUsers(usergroup) {
      return (await client.usergroups.users.list({ usergroup })).users ?? [];
    },
    async postMessage(channel, message) {
      await client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks as never,
        unfurl_links: false,
      });
    },
    async postEphemeral(channel, user, message) {
      await client.chat.postEphemeral({
        channel,
        user,
        text: message.text,
        blocks: message.blocks as never,
      });
    },
    async update(channel, ts, text, blocks) {
      await client.chat.update({ channel, ts, text, blocks: blocks as never });
    },
  };
}
