import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findMotoServer, MOTO_INSTALL_HINT, startMoto } from '../support/moto.js';

describe('the moto test harness', () => {
  it('serves on a loopback port and is gone once stopped', async () => {
    // Prepare
    const moto = await startMoto();

    // Act
    const answer = await fetch(`${moto.endpoint}/moto-api/data.json`);
    await moto.stop();

    // Assess
    expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(answer.ok).toBe(true);
    await expect(fetch(`${moto.endpoint}/moto-api/data.json`)).rejects.toThrow();
  });

  it('says how to install moto when it finds none', () => {
    // Prepare
    const emptyRepo = mkdtempSync(join(tmpdir(), 'stopinator-no-venv-'));

    // Act + Assess
    try {
      expect(() => findMotoServer({ repoRoot: emptyRepo, path: emptyRepo })).toThrow(
        MOTO_INSTALL_HINT,
      );
      expect(MOTO_INSTALL_HINT).toContain(
        'python3 -m venv .venv && .venv/bin/pip install "moto[server]"',
      );
    } finally {
      rmSync(emptyRepo, { recursive: true });
    }
  });
});
