import { createHash } from 'node:crypto';

/** Someone typing in the terminal Slack: a Slack user id and the user name Slack sends. */
export interface Person {
  readonly id: string;
  readonly name: string;
}

/** Who types when nobody said `as`. */
export const YOU: Person = { id: 'U0SANDBOX', name: 'you' };

/** Ids a derived person must not take: the default person's and the bot's own (auth.test). */
const TAKEN = new Set([YOU.id, 'U0STOPINATOR']);

const NAME = /^[A-Za-z0-9._-]{1,30}$/;
const NAME_RULE = 'letters a-z, digits, - _ . (1 to 30 characters)';

export const AS_USAGE =
  'as takes a name: as alice (from now on), as bob press 2 (one line as bob), as you (back to you)';

/** A name `as` cannot take, or an `as` line it cannot read. */
export class PersonNameError extends Error {
  override readonly name = 'PersonNameError';
}

/**
 * The person called `name`, with a Slack user id derived from it, the same every time:
 * `alice` is U0ALICE. Names that would not map one to one (capitals, `-`, `_`, `.`) or that
 * would take an id already used get a short hash of the exact name after the letters, so two
 * different names never share an id. `you` is the default person.
 */
export function personNamed(name: string): Person {
  if (!NAME.test(name)) throw new PersonNameError(`"${name}" is not a name for as: ${NAME_RULE}`);
  if (name.toLowerCase() === YOU.name) return YOU;
  const plain = `U0${name.toUpperCase()}`;
  if (/^[a-z0-9]+$/.test(name) && !TAKEN.has(plain)) return { id: plain, name };
  const letters = name.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 6).toUpperCase();
  return { id: `U0${letters}X${hash}`, name };
}

/** `as bob` (switch to bob) or `as bob press 2` (one line as bob): what follows `as`. */
export interface AsLine {
  readonly person: Person;
  /** The line to run as `person`; absent when `as` switches the person at the keyboard. */
  readonly line?: string;
}

/** Reads what follows `as`; a PersonNameError says what is wrong with it. */
export function parseAs(args: string): AsLine {
  const [name = '', ...rest] = args.trim().split(/\s+/);
  if (name === '') throw new PersonNameError(AS_USAGE);
  const person = personNamed(name);
  const line = rest.join(' ');
  if (line === '') return { person };
  if (/^as$/i.test(rest[0] ?? ''))
    throw new PersonNameError(`one as per line: as ${name} ${line} names two people`);
  return { person, line };
}

/** A line as the script's echo shows it: who typed it, unless it is you or an `as` line. */
export function typedBy(person: Person, line: string): string {
  if (person.id === YOU.id || /^(as(\s|$)|#)/i.test(line.trim())) return line;
  return `(${person.name}) ${line}`;
}

/** The interactive prompt for the person at the keyboard. */
export function promptFor(person: Person): string {
  return person.id === YOU.id ? 'stopinator> ' : `(${person.name}) stopinator> `;
}
