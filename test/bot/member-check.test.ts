import { describe, expect, it } from 'vitest';
import { MemberDirectory } from '../../src/bot/member-check.js';
import type { SlackApi, SlackUser } from '../../src/slack/slack-api.js';

/** users.info answering after `delayMs`, counting its calls. */
function slowSlack(delayMs: number, user: SlackUser | Error) {
  const calls: string[] = [];
  const slack = {
    usersInfo: (id: string) => {
      calls.push(id);
      return new Promise<SlackUser>((resolve, reject) =>
        setTimeout(() => (user instanceof Error ? reject(user) : resolve(user)), delayMs),
      );
    },
  } as unknown as SlackApi;
  return { slack, calls };
}

describe('MemberDirectory', () => {
  it('a lookup while a warm-up is on its way shares its one users.info call', async () => {
    const { slack, calls } = slowSlack(30, { id: 'U1', team_id: 'T1', is_restricted: true });
    const members = new MemberDirectory();
    members.warm(slack, 'U1');
    const member = await members.lookup(slack, 'U1', Date.now() + 1_000);
    expect(member).toEqual({ guest: true, home: { teamId: 'T1' } });
    expect(calls).toEqual(['U1']);
    await members.lookup(slack, 'U1', Date.now() + 1_000);
    expect(calls).toEqual(['U1']);
  });

  it('each caller keeps its own deadline on a shared call', async () => {
    const { slack } = slowSlack(200, { id: 'U1' });
    const members = new MemberDirectory();
    members.warm(slack, 'U1');
    await expect(members.lookup(slack, 'U1', Date.now() + 20)).rejects.toThrow(/users\.info/);
    // The call itself went on and its answer is kept.
    await new Promise((r) => setTimeout(r, 250));
    const again = await members.lookup(slack, 'U1', Date.now() + 5);
    expect(again.guest).toBe(false);
  });

  it('a failed warm-up is not kept: the next lookup asks again', async () => {
    const failing = slowSlack(5, new Error('ratelimited'));
    const members = new MemberDirectory();
    members.warm(failing.slack, 'U1');
    await new Promise((r) => setTimeout(r, 20));
    const good = slowSlack(5, { id: 'U1' });
    await members.lookup(good.slack, 'U1', Date.now() + 1_000);
    expect(good.calls).toEqual(['U1']);
  });
});
