import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AttributeMap,
  AttributeValueError,
  marshallItem,
  marshallValue,
  unmarshallItem,
  unmarshallValue,
} from '../../src/aws/attribute-values.js';

/** What DynamoDB receives and gives back: the attribute values through JSON text. */
function throughTheWire(item: Record<string, unknown>): Record<string, unknown> {
  return unmarshallItem(JSON.parse(JSON.stringify(marshallItem(item))) as AttributeMap);
}

const safeNumber = fc.double({
  noNaN: true,
  min: Number.MIN_SAFE_INTEGER,
  max: Number.MAX_SAFE_INTEGER,
});

// Plain values as the adapters store them, undefined included (it is left out).
const { value: plainValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'grapheme' }),
    safeNumber,
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 16 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string(), fc.option(tie('value'), { nil: undefined }), {
      maxKeys: 4,
      noNullPrototype: true,
    }),
  ),
}));

/** The value with undefined taken out of every map and list, -0 read back as 0. */
function expected(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(expected);
  if (value instanceof Uint8Array) return value;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, expected(v)]),
    );
  }
  return Object.is(value, -0) ? 0 : value;
}

describe('attribute values', () => {
  it('marshals every kind of value as DynamoDB takes it', () => {
    // Act
    const map = marshallItem({
      s: 'été ☀️',
      empty: '',
      n: -1.5,
      big: 9007199254740993n,
      yes: true,
      none: null,
      bin: new Uint8Array([0, 1, 254, 255]),
      list: ['a', 1, undefined, [false]],
      map: { inner: { deeper: 0 }, gone: undefined },
      tags: new Set(['x', 'y']),
      counts: new Set([1, 2.5]),
      skipped: undefined,
    });

    // Assess
    expect(map).toEqual({
      s: { S: 'été ☀️' },
      empty: { S: '' },
      n: { N: '-1.5' },
      big: { N: '9007199254740993' },
      yes: { BOOL: true },
      none: { NULL: true },
      bin: { B: 'AAH+/w==' },
      list: { L: [{ S: 'a' }, { N: '1' }, { L: [{ BOOL: false }] }] },
      map: { M: { inner: { M: { deeper: { N: '0' } } } } },
      tags: { SS: ['x', 'y'] },
      counts: { NS: ['1', '2.5'] },
    });
  });

  it('gives back the values it was given, whatever they are', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), plainValue, { noNullPrototype: true }), (item) => {
        expect(throughTheWire(item)).toEqual(expected(item));
      }),
      { numRuns: 300 },
    );
  });

  it('reads every finite number back as exactly the same number', () => {
    fc.assert(
      fc.property(safeNumber, (n) => {
        const back = unmarshallValue(JSON.parse(JSON.stringify(marshallValue(n))));
        expect(back).toBe(n === 0 ? 0 : n); // toBe is Object.is: bit for bit, -0 read as 0
      }),
      { numRuns: 2_000 },
    );
    for (const n of [0, -1.5, 0.1, 1e-7, 5e-324, 1795546800000, Number.MAX_SAFE_INTEGER]) {
      expect(unmarshallValue(marshallValue(n))).toBe(n);
    }
  });

  it('reads integers past 2^53 back as bigint, as the SDK does', () => {
    expect(unmarshallValue({ N: '12345678901234567890' })).toBe(12345678901234567890n);
    expect(unmarshallValue({ N: '1.5E3' })).toBe(1500);
  });

  it('sends binary of any view as its bytes and reads it back as a plain Uint8Array', () => {
    // Prepare
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);

    // Act
    const sent = [
      marshallValue(backing.subarray(2, 5)),
      marshallValue(Buffer.from([1, 2, 3])),
      marshallValue(new Uint8Array([1, 2, 3]).buffer),
    ];
    const back = unmarshallValue({ B: 'AQID' });

    // Assess
    expect(sent).toEqual([{ B: 'AQID' }, { B: 'AQID' }, { B: 'AQID' }]);
    expect(Object.getPrototypeOf(back)).toBe(Uint8Array.prototype);
    expect(back).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('keeps an attribute named __proto__ an attribute', () => {
    // Prepare
    const item = JSON.parse('{"__proto__": {"polluted": true}, "id": "x"}') as Record<
      string,
      unknown
    >;

    // Act
    const back = throughTheWire(item);

    // Assess
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back).sort()).toEqual(['__proto__', 'id']);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual({ polluted: true });
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['an integer past 2^53 as a number', 2 ** 53 + 2],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['an empty set', new Set()],
    ['a set of mixed kinds', new Set(['a', 1])],
    ['a symbol', Symbol('s')],
  ])('refuses %s rather than store something else', (_, value) => {
    expect(() => marshallValue(value)).toThrow(AttributeValueError);
  });
});
