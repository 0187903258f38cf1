import { describe, expect, it } from 'vitest';
import { forTerminalSlack } from '../../src/sandbox/sandbox-slack.js';
import { testConfig } from '../fixtures/schedules.js';

describe('a real configuration in the sandbox', () => {
  const config = testConfig({ slack: { workspaces: ['T0REAL'], enterprise: 'E0REAL' } });

  it('the terminal Slack, a workspace of its own, is not refused by the workspace list', () => {
    const sandbox = forTerminalSlack(config, false);
    expect(sandbox.slack.workspaces).toBeUndefined();
    expect(sandbox.slack.enterprise).toBeUndefined();
    expect(sandbox.slack.warningLeadMinutes).toBe(30);
  });

  it('Socket Mode, a real workspace, keeps it', () => {
    expect(forTerminalSlack(config, true).slack.workspaces).toEqual(['T0REAL']);
  });
});
