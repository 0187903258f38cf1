import { describe, expect, it } from 'vitest';
import { recordIncident, startFailureLines } from '../../src/bot/incident.js';
import { memoryLogger } from '../fixtures/memory-ports.js';

describe('incidents', () => {
  it('logs the full error under the id the note shows', () => {
    const { log, lines } = memoryLogger();
    const incident = recordIncident(log, 'status failed', new Error('arn:aws:iam::123456789012:x'));
    expect(incident.id).toMatch(/^[0-9a-f]{8}$/);
    expect(incident.note).toBe(
      `Incident \`${incident.id}\`: the details are in the stopinator’s logs.`,
    );
    expect(incident.note).not.toContain('arn:aws');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'status failed',
        incident: incident.id,
        error: expect.objectContaining({ message: 'arn:aws:iam::123456789012:x' }),
      }),
    ]);
  });

  it('gives each failure its own id', () => {
    const { log } = memoryLogger();
    const ids = new Set(Array.from({ length: 50 }, () => recordIncident(log, 'x', 'y').id));
    expect(ids.size).toBe(50);
  });

  it('start failures: safe codes named, the others share one incident', () => {
    const { log, lines } = memoryLogger();
    const shown = startFailureLines(log, [
      {
        instanceId: 'i-1',
        ok: false,
        code: 'IncorrectInstanceState',
        message: 'acct 123456789012',
      },
      { instanceId: 'i-2', ok: false, code: 'UnauthorizedOperation', message: 'arn:aws:sts::1:x' },
      {
        instanceId: 'i-3',
        ok: false,
        code: 'Client.InternalError',
        message: 'KMS key arn:aws:kms',
      },
    ]);
    const id = lines[0]?.incident as string;
    expect(shown).toEqual([
      ':x: `i-1`: IncorrectInstanceState: it is not in a state that can be started.',
      `:x: \`i-2\`: AWS refused to start it (incident \`${id}\`).`,
      `:x: \`i-3\`: AWS refused to start it (incident \`${id}\`).`,
    ]);
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).toContain('KMS key arn:aws:kms');
  });
});
