import { describe, expect, it } from 'vitest';
import { replyOf, useBotOnMoto } from '../support/bot-on-moto.js';
import { launch } from '../support/scheduler-on-moto.js';
import { commandBody, signedEvent } from '../support/slack-request.js';

const NOW = '2026-11-24T15:00:00Z';
const bot = useBotOnMoto(NOW);

async function command(text: string) {
  const handler = await bot.handler();
  return replyOf(await handler(signedEvent(commandBody({ text })), {}));
}

/** Every mrkdwn text of a reply, and its fallback. */
function texts(reply: { text: string; blocks: unknown[] }): string[] {
  const out = [reply.text];
  for (const block of reply.blocks as {
    type: string;
    text?: { text: string };
    elements?: { text: string }[];
  }[]) {
    if (block.type === 'section' && block.text) out.push(block.text.text);
    if (block.type === 'context') out.push(...(block.elements ?? []).map((e) => e.text));
  }
  return out;
}

describe('names that try to inject markup, through the handler', () => {
  it('status shows an instance named "x`\\n<!channel> *bold*" as one code span on its line', async () => {
    await launch(bot.ec2(), 1, { Name: 'x`\n<!channel> *bold*', stopinator: 'true' });
    await launch(bot.ec2(), 1, { Name: 'web-1', stopinator: '<http://evil.example|click>\n*x*' });
    const reply = await command('status');
    for (const text of texts(reply)) {
      expect(text).not.toMatch(/<!|<http/);
      for (const line of text.split('\n')) {
        if (line.includes('*bold*'))
          expect(line).toMatch(/^`xˋ &lt;!channel&gt; \*bold\*` running/);
      }
    }
    const all = texts(reply).join('\n');
    expect(all).toContain('`xˋ &lt;!channel&gt; *bold*` running · office-hours · eu-west-1: stops');
    expect(all).toContain(
      '`web-1` running · eu-west-1: left alone, unknown schedule "&lt;http://evil.example|click&gt; ∗x∗"',
    );
  });
});
