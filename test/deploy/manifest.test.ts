import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from './packaged-stack.js';

const manifest = parse(readFileSync(join(REPO_ROOT, 'slack-app-manifest.yml'), 'utf8'));
const PLACEHOLDER = 'https://REPLACE-ME.execute-api.REGION.amazonaws.com/slack/events';

describe('the Slack app manifest', () => {
  it('declares /stopinator with its usage hint', () => {
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({
        command: '/stopinator',
        usage_hint: 'snooze [target] [2h|until 23:30|tonight] · status · wake · savings · help',
      }),
    ]);
  });

  it('sends commands, events and button clicks to the same route, the one placeholder', () => {
    expect(manifest.features.slash_commands[0].url).toBe(PLACEHOLDER);
    expect(manifest.settings.event_subscriptions).toEqual({
      request_url: PLACEHOLDER,
      bot_events: ['app_home_opened'],
    });
    expect(manifest.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: PLACEHOLDER,
    });
  });

  it('has the Home tab on, and no messages tab the bot would not answer', () => {
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: false,
      messages_tab_read_only_enabled: false,
    });
  });

  it('asks only for the scopes the bot uses', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(['commands', 'chat:write', 'users:read']);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });
});
