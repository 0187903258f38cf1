import { context, type SlackMessage, section } from './blocks.js';
import { escapeText } from './slack-text.js';

/** A request from outside the workspaces the stopinator serves: polite, and nothing is done. */
export function notServedMessage(why: string): SlackMessage {
  const text = `Sorry, ${why}. Nothing was changed.`;
  return { text, blocks: [section(`:wave: ${escapeText(text)}`)] };
}

/** A guest asked for a change. */
export function guestRefusalMessage(): SlackMessage {
  const text =
    'Sorry, guest accounts can look (`/stopinator status`, `history`) but cannot snooze, unsnooze or wake. Nothing was changed.';
  return {
    text,
    blocks: [
      section(`:no_entry: ${text}`),
      context(
        'A workspace member can do it for you, or the operator can allow guests (`permissions.guests`).',
      ),
    ],
  };
}

/** Slack did not say in time who the person is: changes fail closed. */
export function membershipUnknownMessage(): SlackMessage {
  const text =
    'Slack did not confirm in time that you are a member of this workspace, so nothing was changed. Please try again in a moment.';
  return {
    text,
    blocks: [
      section(`:hourglass: ${text}`),
      context('`/stopinator status` keeps working meanwhile.'),
    ],
  };
}
