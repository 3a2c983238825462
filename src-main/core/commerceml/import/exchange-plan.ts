// The order in which the documents of one exchange are read (commerceml.md §2.2, §8.3): what the
// others refer to first — classifier and catalog (import*), then offers*, prices*, rests* — matched
// by name prefix, as 1C names package files (import___<GUID>.xml…); a file whose name says nothing
// is placed by what its first 64 KB contain.
import iconv from 'iconv-lite';
import { sniffEncoding } from '../parse/encoding-sniff';
import { type XmlEntry } from '../parse/cml-source';

export type PlannedEntry = XmlEntry & { rank: number };

const byPrefix: readonly [RegExp, number][] = [
  [/^classifier/i, 0],
  [/^import/i, 1],
  [/^offers/i, 2],
  [/^prices/i, 3],
  [/^rests/i, 4],
];

const peekBytes = 65_536;

/** Rank from content: 1 catalog or a classifier alone, 2 offers, 5 anything else (read last; the reader says what it skipped). */
async function rankByContent(entry: XmlEntry): Promise<number> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  // Leaving the loop early closes the stream (and, for an archive entry, stops inflating).
  for await (const chunk of entry.open(() => undefined)) {
    chunks.push(chunk);
    length += chunk.length;
    if (length >= peekBytes) break;
  }
  const head = Buffer.concat(chunks);
  let text: string;
  try {
    const sniffed = sniffEncoding(head, entry.label);
    text = iconv.decode(head.subarray(sniffed.bomLength), sniffed.encoding);
  } catch {
    // Unreadable here is unreadable later too: the reader reports it with its location.
    return 5;
  }
  const has = (name: string): boolean => new RegExp(`<(?:[\\w.-]+:)?${name}[\\s/>]`).test(text);
  // 2.07/2.08 offers files carry a classifier of their own (offer properties): the package decides.
  if (has('Каталог')) return 1;
  if (has('ПакетПредложений') || has('ИзмененияПакетаПредложений')) return 2;
  return has('Классификатор') ? 1 : 5;
}

/** The entries in reading order; entries of the same rank keep the order they were given in. */
export async function planExchange(entries: readonly XmlEntry[]): Promise<PlannedEntry[]> {
  const planned: PlannedEntry[] = [];
  for (const entry of entries) {
    const known = byPrefix.find(([pattern]) => pattern.test(entry.name));
    planned.push({ ...entry, rank: known ? known[1] : await rankByContent(entry) });
  }
  return planned.map((entry, position) => ({ entry, position })).sort((a, b) => a.entry.rank - b.entry.rank || a.position - b.position).map((x) => x.entry);
}
