// Rows parsed in the parse thread (D34) travel to the main thread in this form. Structured clone of
// row objects costs the receiving thread nearly as much as JSON.parse did (every key and value is a
// separate string to rebuild); here every string of a batch is one text cut at NUL, numbers one
// transferable Float64Array, and object key lists are sent once per batch. `decodeRows` rebuilds rows
// equal to what JSON.parse gives (same keys in the same order, same values, nested arrays and objects).
import { type OnecRow } from '../onec';

export type WireRows = {
  /** One per value, in depth-first order: see `Tag`. */
  tags: Uint8Array;
  /** Number values, object shape numbers and array lengths, in the order the tags need them. */
  numbers: Float64Array;
  /** The strings, joined by NUL. */
  text: string;
  /** Strings that contain NUL themselves (JSON allows it), in order. */
  nulStrings: string[];
  /** Key lists of the objects, numbered by first appearance. */
  shapes: string[][];
};

const Tag = {
  String: 0,
  Number: 1,
  True: 2,
  False: 3,
  Null: 4,
  Object: 5,
  Array: 6,
  NulString: 7,
} as const;

type Tag = (typeof Tag)[keyof typeof Tag];

const separator = '\u0000';

export function encodeRows(rows: readonly OnecRow[]): WireRows {
  let tags = new Uint8Array(Math.max(64, rows.length * 16));
  let numbers = new Float64Array(Math.max(16, rows.length * 4));
  let tagCount = 0;
  let numberCount = 0;
  const strings: string[] = [];
  const nulStrings: string[] = [];
  const shapes: string[][] = [];
  const shapeIds = new Map<string, number>();

  const tag = (value: Tag): void => {
    if (tagCount === tags.length) {
      const grown = new Uint8Array(tags.length * 2);
      grown.set(tags);
      tags = grown;
    }
    tags[tagCount] = value;
    tagCount += 1;
  };
  const number = (value: number): void => {
    if (numberCount === numbers.length) {
      const grown = new Float64Array(numbers.length * 2);
      grown.set(numbers);
      numbers = grown;
    }
    numbers[numberCount] = value;
    numberCount += 1;
  };
  const shapeOf = (keys: string[]): number => {
    const name = keys.join(separator);
    let id = shapeIds.get(name);
    if (id === undefined) {
      id = shapes.length;
      shapes.push(keys);
      shapeIds.set(name, id);
    }
    return id;
  };
  const write = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.includes(separator)) {
        tag(Tag.NulString);
        nulStrings.push(value);
      } else {
        tag(Tag.String);
        strings.push(value);
      }
    } else if (typeof value === 'number') {
      tag(Tag.Number);
      number(value);
    } else if (value === true) tag(Tag.True);
    else if (value === false) tag(Tag.False);
    else if (value === null) tag(Tag.Null);
    else if (Array.isArray(value)) {
      tag(Tag.Array);
      number(value.length);
      for (const item of value) write(item);
    } else if (typeof value === 'object') {
      const keys = Object.keys(value);
      tag(Tag.Object);
      number(shapeOf(keys));
      for (const key of keys) write((value as Record<string, unknown>)[key]);
    } else {
      // JSON.parse never gives anything else.
      throw new TypeError(`row-wire: unexpected ${typeof value}`);
    }
  };
  for (const row of rows) write(row);
  return {
    tags: tags.slice(0, tagCount),
    numbers: numbers.slice(0, numberCount),
    text: strings.join(separator),
    nulStrings,
    shapes,
  };
}

/** The buffers `encodeRows` made, to hand to postMessage's transfer list. */
export function wireTransferList(wire: WireRows): ArrayBuffer[] {
  return [wire.tags.buffer as ArrayBuffer, wire.numbers.buffer as ArrayBuffer];
}

export function decodeRows(wire: WireRows): OnecRow[] {
  const { tags, numbers, shapes, nulStrings } = wire;
  const strings = wire.text.split(separator);
  let t = 0;
  let n = 0;
  let s = 0;
  let ns = 0;
  const read = (): unknown => {
    const tag = tags[t] as Tag;
    t += 1;
    switch (tag) {
      case Tag.String:
        s += 1;
        return strings[s - 1];
      case Tag.Number:
        n += 1;
        return numbers[n - 1];
      case Tag.True:
        return true;
      case Tag.False:
        return false;
      case Tag.Null:
        return null;
      case Tag.NulString:
        ns += 1;
        return nulStrings[ns - 1];
      case Tag.Array: {
        const length = numbers[n] as number;
        n += 1;
        const array: unknown[] = new Array(length);
        for (let i = 0; i < length; i += 1) array[i] = read();
        return array;
      }
      case Tag.Object: {
        const keys = shapes[numbers[n] as number] as string[];
        n += 1;
        const object: Record<string, unknown> = {};
        for (const key of keys) {
          // Assigning `__proto__` would set the prototype; JSON.parse makes it an own property.
          if (key === '__proto__') Object.defineProperty(object, key, { value: read(), enumerable: true, writable: true, configurable: true });
          else object[key] = read();
        }
        return object;
      }
      default:
        throw new TypeError(`row-wire: unknown tag ${String(tag)}`);
    }
  };
  const rows: OnecRow[] = [];
  while (t < tags.length) rows.push(read() as OnecRow);
  return rows;
}
