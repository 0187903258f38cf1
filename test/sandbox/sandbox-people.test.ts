import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  type Person,
  PersonNameError,
  parseAs,
  personNamed,
  promptFor,
  typedBy,
  YOU,
} from '../../src/sandbox/people.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { SchedulerLoop } from '../../src/sandbox/scheduler-loop.js';
import { Screen } from '../../src/sandbox/screen.js';
import { ScriptFailure, Session } from '../../src/sandbox/session.js';
import { SimClock } from '../../src/sandbox/sim-clock.js';
import type { SlackKeyboard } from '../../src/sandbox/terminal-slack.js';

const SLACK_USER_ID = /^U[A-Z0-9]+$/;

describe('as <name>: the names it takes', () => {
  it.each([
    ['alice', 'U0ALICE'],
    ['bob', 'U0BOB'],
    ['ops2', 'U0OPS2'],
    ['a', 'U0A'],
    ['x'.repeat(30), `U0${'X'.repeat(30)}`],
  ])('%s is Slack user %s', (name, id) => {
    expect(personNamed(name)).toEqual({ id, name });
  });

  it.each([
    'bob-1',
    'bob_1',
    'bob.1',
    'Alice',
    'sandbox', // would be U0SANDBOX, the default person's id
    'stopinator', // would be U0STOPINATOR, the bot's own id
    '-',
  ])('%s keeps its exact name and an id of its own, the same every time', (name) => {
    const person = personNamed(name);
    expect(person.name).toBe(name);
    expect(person.id).toMatch(SLACK_USER_ID);
    expect(personNamed(name)).toEqual(person);
    expect([YOU.id, 'U0STOPINATOR']).not.toContain(person.id);
  });

  it('gives different names different ids, even when their letters are the same', () => {
    const names = ['bob1', 'bob-1', 'bob_1', 'bob.1', 'Bob1', 'BOB1', 'sandbox', 'alice'];
    const ids = new Set(names.map((name) => personNamed(name).id));
    expect(ids.size).toBe(names.length);
  });

  it('takes you (in any case) as the default person', () => {
    expect(personNamed('you')).toBe(YOU);
    expect(personNamed('You')).toBe(YOU);
    expect(YOU).toEqual({ id: 'U0SANDBOX', name: 'you' });
  });

  it.each([
    ['b@d', '"b@d" is not a name for as'],
    ['bob,alice', '"bob,alice" is not a name for as'],
    ['<@U0BOB>', '"<@U0BOB>" is not a name for as'],
    ['élodie', '"élodie" is not a name for as'],
    ['x'.repeat(31), 'is not a name for as: letters a-z, digits, - _ . (1 to 30 characters)'],
  ])('refuses %s', (name, message) => {
    expect(() => personNamed(name)).toThrow(PersonNameError);
    expect(() => personNamed(name)).toThrow(message);
  });
});

describe('as <name> [command]: the line', () => {
  it.each([
    ['alice', 'alice', undefined],
    ['  bob  ', 'bob', undefined],
    ['bob /stopinator unsnooze web-1', 'bob', '/stopinator unsnooze web-1'],
    ['bob press 2', 'bob', 'press 2'],
    ['bob   status   web-*', 'bob', 'status web-*'],
    ['you /stopinator status', 'you', '/stopinator status'],
  ])('as %s: %s types %s', (args, name, line) => {
    const as = parseAs(args);
    expect(as.person.name).toBe(name);
    expect(as.line).toBe(line);
  });

  it.each([
    ['', 'as takes a name: as alice'],
    ['   ', 'as takes a name: as alice'],
    ['b@d press 2', '"b@d" is not a name for as'],
    ['bob as alice press 2', 'one as per line'],
  ])('refuses "as %s"', (args, message) => {
    expect(() => parseAs(args)).toThrow(PersonNameError);
    expect(() => parseAs(args)).toThrow(message);
  });

  it('shows who types: in the echo of a script line and in the prompt', () => {
    const bob = personNamed('bob');
    expect(typedBy(bob, '/stopinator unsnooze')).toBe('(bob) /stopinator unsnooze');
    expect(typedBy(bob, 'as you')).toBe('as you');
    expect(typedBy(bob, '# a comment')).toBe('# a comment');
    expect(typedBy(YOU, '/stopinator status')).toBe('/stopinator status');
    expect(promptFor(bob)).toBe('(bob) stopinator> ');
    expect(promptFor(YOU)).toBe('stopinator> ');
  });
});

/** A session on a clock that stands still, with a Slack that records who typed what. */
function sessionWithSlack(scripted: boolean) {
  const typed: string[] = [];
  const slack: SlackKeyboard = {
    async command(line: string, person: Person) {
      typed.push(`${person.name} (${person.id}): ${line}`);
    },
    async press(number: number, person: Person) {
      typed.push(`${person.name} (${person.id}): press ${number}`);
      return undefined;
    },
  };
  const clock = new SimClock(Date.parse('2026-11-24T18:00:00Z'), 1, false);
  const sandbox: Sandbox = {
    clock,
    loop: new SchedulerLoop(clock, 5 * 60_000, async () => {}),
    slack,
    zone: 'Europe/Paris',
    stop: async () => {},
  };
  const screen = new Screen(new Writable({ write: (_chunk, _encoding, done) => done() }));
  return { session: new Session(sandbox, screen, scripted), typed, screen };
}

describe('the session, as one person or another', () => {
  it('sends each line as the person at the keyboard; as <name> <command> only for that line', async () => {
    // Prepare
    const { session, typed, screen } = sessionWithSlack(true);

    // Act
    await session.run('as alice');
    const switched = screen.output;
    await session.run('/stopinator snooze web-1 2h');
    await session.run('as bob /stopinator unsnooze web-1');
    await session.run('as bob press 2');
    await session.run('status');
    await session.run('why web-1');
    const stillAlice = session.person;
    await session.run('as you');
    await session.run('/stopinator status');

    // Assess
    expect(switched).toBe('(typing as alice, Slack user U0ALICE; as you goes back)');
    expect(stillAlice.name).toBe('alice');
    expect(typed).toEqual([
      'alice (U0ALICE): /stopinator snooze web-1 2h',
      'bob (U0BOB): /stopinator unsnooze web-1',
      'bob (U0BOB): press 2',
      'alice (U0ALICE): /stopinator status',
      'alice (U0ALICE): /stopinator why web-1',
      'you (U0SANDBOX): /stopinator status',
    ]);
    expect(session.person).toBe(YOU);
  });

  it('fails a script on a name it cannot take, and sends nothing', async () => {
    const { session, typed } = sessionWithSlack(true);

    await expect(session.run('as b@d /stopinator unsnooze')).rejects.toThrow(ScriptFailure);
    await expect(session.run('as')).rejects.toThrow('as takes a name');
    expect(typed).toEqual([]);
    expect(session.person).toBe(YOU);
  });

  it('at a terminal, explains the mistake and keeps the person at the keyboard', async () => {
    const { session, screen } = sessionWithSlack(false);
    await session.run('as carol');

    await session.run('as no/slashes');

    expect(screen.output).toContain('"no/slashes" is not a name for as');
    expect(session.person.name).toBe('carol');
  });
});
