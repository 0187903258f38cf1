/**
 * Plain values to DynamoDB's attribute values and back, as the SDK's document client does it
 * with `removeUndefinedValues` (so the adapters read the same values from either table):
 * numbers as exact decimal strings, binary as base64 on the wire and Uint8Array in items,
 * undefined left out of maps and lists, sets as Set, integers beyond 2^53 refused on the way
 * in and given back as bigint.
 */

export type AttributeValue =
  | { readonly S: string }
  | { readonly N: string }
  | { readonly B: string }
  | { readonly BOOL: boolean }
  | { readonly NULL: true }
  | { readonly M: AttributeMap }
  | { readonly L: readonly AttributeValue[] }
  | { readonly SS: readonly string[] }
  | { readonly NS: readonly string[] }
  | { readonly BS: readonly string[] };

export type AttributeMap = Readonly<Record<string, AttributeValue>>;

/** A value DynamoDB cannot hold, or one that would not come back the same. */
export class AttributeValueError extends Error {
  override readonly name = 'AttributeValueError';
}

// Object.fromEntries, not assignment: an attribute named __proto__ stays an attribute.
export function marshallItem(item: Readonly<Record<string, unknown>>): AttributeMap {
  return Object.fromEntries(
    Object.entries(item)
      .filter(([, value]) => value !== undefined && typeof value !== 'function')
      .map(([name, value]) => [name, marshallValue(value)]),
  );
}

export function marshallValue(value: unknown): AttributeValue {
  if (value === null) return { NULL: true };
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
      return { N: numberText(value) };
    case 'bigint':
      return { N: value.toString() };
    case 'boolean':
      return { BOOL: value };
    case 'object':
      return marshallObject(value);
    default:
      throw new AttributeValueError(`cannot store a ${typeof value} in DynamoDB`);
  }
}

function marshallObject(value: object): AttributeValue {
  if (Array.isArray(value)) {
    const kept = value.filter((v) => v !== undefined && typeof v !== 'function');
    return { L: kept.map(marshallValue) };
  }
  const binary = bytesOf(value);
  if (binary) return { B: base64(binary) };
  if (value instanceof Set) return marshallSet(value);
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new AttributeValueError(
      `cannot store a ${value.constructor?.name ?? 'class instance'} in DynamoDB: only plain objects`,
    );
  }
  return { M: marshallItem(value as Record<string, unknown>) };
}

function marshallSet(set: ReadonlySet<unknown>): AttributeValue {
  const members = [...set].filter((v) => v !== undefined);
  if (members.length === 0) throw new AttributeValueError('cannot store an empty set in DynamoDB');
  if (members.every((v) => typeof v === 'string')) return { SS: members };
  if (members.every((v) => typeof v === 'number' || typeof v === 'bigint')) {
    return { NS: members.map((v) => (typeof v === 'number' ? numberText(v) : v.toString())) };
  }
  const binaries = members.map((v) => (typeof v === 'object' && v ? bytesOf(v) : undefined));
  if (binaries.every((b) => b !== undefined)) return { BS: binaries.map(base64) };
  throw new AttributeValueError('a set must hold only strings, only numbers or only binaries');
}

// JavaScript prints the shortest decimal that reads back as the same double, so every finite
// number survives the trip; integers past 2^53 already lost digits before they got here.
function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new AttributeValueError(`cannot store ${value} in DynamoDB`);
  if (Math.abs(value) > Number.MAX_SAFE_INTEGER) {
    throw new AttributeValueError(`${value} is beyond Number.MAX_SAFE_INTEGER: pass a bigint`);
  }
  return String(value);
}

function bytesOf(value: object): Uint8Array | undefined {
  if (ArrayBuffer.isView(value))
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return undefined;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function unmarshallItem(map: AttributeMap): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(map).map(([name, value]) => [name, unmarshallValue(value)]),
  );
}

export function unmarshallValue(value: AttributeValue): unknown {
  if ('S' in value) return value.S;
  if ('N' in value) return numberValue(value.N);
  if ('BOOL' in value) return value.BOOL;
  if ('NULL' in value) return null;
  if ('M' in value) return unmarshallItem(value.M);
  if ('L' in value) return value.L.map(unmarshallValue);
  if ('B' in value) return bytes(value.B);
  if ('SS' in value) return new Set(value.SS);
  if ('NS' in value) return new Set(value.NS.map(numberValue));
  if ('BS' in value) return new Set(value.BS.map(bytes));
  throw new AttributeValueError(`unknown attribute value ${JSON.stringify(value)}`);
}

function numberValue(text: string): number | bigint {
  const value = Number(text);
  if (Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return value;
  try {
    return BigInt(text);
  } catch {
    throw new AttributeValueError(`${text} is too large for a number and not an integer`);
  }
}

// A plain Uint8Array, as the SDK gives, not a Buffer (whose equality and JSON differ).
function bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}
