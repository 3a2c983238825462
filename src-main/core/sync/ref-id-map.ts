// 1C ref → local id for a whole catalog of 200,000 products, kept outside V8's heap (D16): a Map of
// GUID strings cost ~25 MB of old-generation objects per job, and looking the refs up in SQLite
// batch by batch (json_each + the ref_1c index) cost ~3 µs a row, a sixth of the pull's CPU. Here a
// canonical GUID (lower-case hex, dashes at 8-13-18-23, as 1C sends and the mirror stores refs) is
// packed into four 32-bit words in an open-addressing table: ~24 bytes per entry, no garbage per
// lookup. Any other text (upper case, not a GUID) goes to a small Map, so equality stays exactly
// the string equality SQLite applied.

export type RefIdMap = {
  get(ref: string): number | undefined;
  set(ref: string, id: number): void;
  readonly size: number;
};

const emptySlot = -1;

/** Parses a canonical lower-case GUID into `out` (4 words); false for any other text. */
function parseGuid(ref: string, out: Uint32Array): boolean {
  if (ref.length !== 36) return false;
  let word = 0;
  let nibbles = 0;
  let index = 0;
  for (let i = 0; i < 36; i += 1) {
    const c = ref.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false;
      continue;
    }
    let nibble: number;
    if (c >= 0x30 && c <= 0x39) nibble = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) nibble = c - 0x57;
    else return false;
    word = (word << 4) | nibble;
    nibbles += 1;
    if (nibbles === 8) {
      out[index] = word >>> 0;
      index += 1;
      word = 0;
      nibbles = 0;
    }
  }
  return true;
}

/** Mixes the four words (1C GUIDs are time-based: some words repeat across refs, so all four count). */
function hashOf(words: Uint32Array): number {
  let h = Math.imul((words[0] as number) ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (words[1] as number) ^ (h >>> 15), 0xc2b2ae35);
  h = Math.imul(h ^ (words[2] as number) ^ (h >>> 13), 0x85ebca6b);
  h = Math.imul(h ^ (words[3] as number) ^ (h >>> 16), 0xc2b2ae35);
  return (h ^ (h >>> 15)) >>> 0;
}

export function createRefIdMap(expectedSize = 0): RefIdMap {
  let capacity = 1024;
  while (capacity * 0.7 < expectedSize) capacity *= 2;
  let keys = new Uint32Array(capacity * 4);
  // Slot → entry number; -1 for empty. Ids are kept per entry (any integer SQLite may hand out).
  let slots = new Int32Array(capacity).fill(emptySlot);
  let ids = new Float64Array(Math.max(16, expectedSize));
  let count = 0;
  const other = new Map<string, number>();
  const words = new Uint32Array(4);
  // grow() rehashes with its own words: `words` still holds the ref being set.
  const rehashed = new Uint32Array(4);

  /** The slot holding `words`, or the empty slot where it would go. */
  const find = (): number => {
    const mask = capacity - 1;
    for (let slot = hashOf(words) & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot] as number;
      if (entry === emptySlot) return slot;
      const at = entry * 4;
      if (keys[at] === words[0] && keys[at + 1] === words[1] && keys[at + 2] === words[2] && keys[at + 3] === words[3]) return slot;
    }
  };

  const grow = (): void => {
    const oldKeys = keys;
    capacity *= 2;
    keys = new Uint32Array(capacity * 4);
    keys.set(oldKeys);
    slots = new Int32Array(capacity).fill(emptySlot);
    const mask = capacity - 1;
    for (let entry = 0; entry < count; entry += 1) {
      rehashed.set(keys.subarray(entry * 4, entry * 4 + 4));
      let slot = hashOf(rehashed) & mask;
      while (slots[slot] !== emptySlot) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
  };

  return {
    get(ref) {
      if (!parseGuid(ref, words)) return other.get(ref);
      const entry = slots[find()] as number;
      return entry === emptySlot ? undefined : ids[entry];
    },
    set(ref, id) {
      if (!parseGuid(ref, words)) {
        other.set(ref, id);
        return;
      }
      let slot = find();
      const known = slots[slot] as number;
      if (known !== emptySlot) {
        ids[known] = id;
        return;
      }
      if (count + 1 > capacity * 0.7) {
        grow();
        slot = find();
      }
      // Entries are numbered in insertion order: keys[] fills front to back and never outgrows the slots.
      if (count >= ids.length) {
        const grown = new Float64Array(ids.length * 2);
        grown.set(ids);
        ids = grown;
      }
      keys.set(words, count * 4);
      ids[count] = id;
      slots[slot] = count;
      count += 1;
    },
    get size() {
      return count + other.size;
    },
  };
}
