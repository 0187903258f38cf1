import type { SlackHome } from '../core/workspace-access.js';

/** Who sent a Slack request and from where, as its payload says. */
export interface RequestOrigin {
  /** The workspace and organisation the request comes from. */
  readonly request: SlackHome;
  /** The person's own home, when the payload tells it (Slack Connect users differ). */
  readonly person: SlackHome;
  readonly userId?: string;
  readonly channelId?: string;
  readonly kind: 'command' | 'interaction' | 'other';
}

/**
 * Reads a slash command form (`team_id`, `enterprise_id`, `user_id`, `user_team` when Slack
 * adds it) or an interaction payload (`team.id`, `enterprise.id`, `user.id`, `user.team_id`).
 * `team` is null in org-wide installs; empty strings count as absent.
 */
export function requestOrigin(body: unknown): RequestOrigin {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.command === 'string') {
    return {
      kind: 'command',
      request: home(text(b.team_id), text(b.enterprise_id)),
      person: home(text(b.user_team), undefined),
      ...optional('userId', text(b.user_id)),
      ...optional('channelId', text(b.channel_id)),
    };
  }
  const team = object(b.team);
  const enterprise = object(b.enterprise);
  const user = object(b.user);
  const channel = object(b.channel);
  const container = object(b.container);
  return {
    kind: typeof b.type === 'string' ? 'interaction' : 'other',
    request: home(
      text(team.id) ?? text(b.team_id),
      text(enterprise.id) ?? text(team.enterprise_id) ?? text(b.enterprise_id),
    ),
    person: home(text(user.team_id), undefined),
    ...optional('userId', text(user.id) ?? text(b.user_id)),
    ...optional('channelId', text(container.channel_id) ?? text(channel.id)),
  };
}

function home(teamId: string | undefined, enterpriseId: string | undefined): SlackHome {
  return { ...optional('teamId', teamId), ...optional('enterpriseId', enterpriseId) };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function object(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
