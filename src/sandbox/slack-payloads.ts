/** What Slack sends to an app: slash command forms and `block_actions` interactions. */

export interface SlashCommandFields {
  readonly command: string;
  readonly text: string;
  readonly userId: string;
  readonly userName: string;
  readonly channelId: string;
  readonly channelName: string;
  readonly triggerId: string;
  readonly responseUrl: string;
}

/** The form body of a slash command, as Slack posts it. */
export function commandBody(fields: SlashCommandFields): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0TEST',
    team_domain: 'test',
    channel_id: fields.channelId,
    channel_name: fields.channelName,
    user_id: fields.userId,
    user_name: fields.userName,
    command: fields.command,
    text: fields.text,
    api_app_id: 'A0TEST',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId,
  }).toString();
}

/** The form body of an interaction: the payload as JSON in one field. */
export function actionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface ButtonClick {
  readonly user: { readonly id: string; readonly name: string };
  readonly channel: { readonly id: string; readonly name: string };
  /** The message the button is on, as it looks now. */
  readonly message: { readonly ts: string; readonly text: string; readonly blocks: unknown[] };
  readonly button: {
    readonly actionId: string;
    readonly blockId: string;
    readonly value: string;
    readonly text: string;
  };
  readonly triggerId: string;
  readonly responseUrl: string;
}

/** A `block_actions` payload: someone clicked a button on a message in a channel. */
export function blockActionsPayload(click: ButtonClick) {
  const { user, channel, message, button } = click;
  return {
    type: 'block_actions',
    team: { id: 'T0TEST', domain: 'test' },
    user: { id: user.id, username: user.name, name: user.name, team_id: 'T0TEST' },
    api_app_id: 'A0TEST',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: channel.id,
      is_ephemeral: false,
    },
    trigger_id: click.triggerId,
    channel: { id: channel.id, name: channel.name },
    message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
    response_url: click.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: button.actionId,
        block_id: button.blockId,
        text: { type: 'plain_text', text: button.text },
        value: button.value,
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}
