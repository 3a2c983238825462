import { describe, expect, it } from 'vitest';
import { type OnecRow } from './onec';
import { createCollectionSplitter } from './odata-stream';

type Outcome = { ok: true; batches: OnecRow[][]; count?: number } | { ok: false; problem: string; handed: number };

/** Feeds `body` cut at the given byte offsets; collects every batch handed over. */
function split(body: Buffer | string, cuts: readonly number[], batchSize = 2): Outcome {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const splitter = createCollectionSplitter(batchSize);
  const batches: OnecRow[][] = [];
  let from = 0;
  for (const at of [...cuts, bytes.length]) {
    const step = splitter.push(bytes.subarray(from, at));
    if (!step.ok) return { ok: false, problem: step.problem, handed: batches.flat().length };
    batches.push(...step.value);
    from = at;
  }
  const last = splitter.end();
  if (!last.ok) return { ok: false, problem: last.problem, handed: batches.flat().length };
  batches.push(...last.value.batches);
  return last.value.count === undefined ? { ok: true, batches } : { ok: true, batches, count: last.value.count };
}

const rows: OnecRow[] = [
  { Ref_Key: 'a1', Description: 'Молоко "Домик" 3,2 %', Артикул: 'М-1', Вес: 1.5 },
  { Ref_Key: 'a2', Description: 'Слеш \\ и кавычка \\" в конце\\', Вложено: { Список: [1, { x: '}' }], Пусто: [] } },
  { Ref_Key: 'a3', Description: 'Эмодзи 🍞 и ё', Флаг: true, Ничего: null },
  { Ref_Key: 'a4', Description: '{[}]', Число: -0.25e3 },
  { Ref_Key: 'a5', Description: 'конец\n\tстроки \u0001' },
];
const body = `\ufeff{"odata.metadata":"http://h/b/odata/standard.odata/$metadata#Catalog_Номенклатура", "value" : [ ${rows.map((r) => JSON.stringify(r)).join(' ,\n')} ] }`;

describe('createCollectionSplitter', () => {
  it('hands over every row in batches, whatever byte a chunk ends at (strings, escapes, multi-byte letters)', () => {
    const length = Buffer.byteLength(body);
    for (let at = 1; at < length; at += 1) {
      const outcome = split(body, [at]);
      expect(outcome, `cut at ${at}`).toEqual({ ok: true, batches: [rows.slice(0, 2), rows.slice(2, 4), rows.slice(4)] });
    }
  });

  it('finds string ends past runs of backslashes and quotes, whatever two bytes chunks end at', () => {
    const tricky: OnecRow[] = [{ a: '\\\\"\\', b: '"}"{' }, { a: 'x\\', b: '\\"' }, { a: '\\\\\\', b: 'ё"\\ё' }];
    const text = `{"value":[${tricky.map((r) => JSON.stringify(r)).join(',')}]}`;
    const length = Buffer.byteLength(text);
    for (let first = 1; first < length; first += 1) {
      for (let second = first + 1; second < Math.min(length, first + 12); second += 1) {
        expect(split(text, [first, second], 5), `cut at ${first}, ${second}`).toEqual({ ok: true, batches: [tricky] });
      }
    }
  });

  it('survives one-byte chunks, a Cyrillic letter split between them included', () => {
    const bytes = Buffer.from(body, 'utf8');
    const cuts = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    const outcome = split(bytes, cuts, 3);
    expect(outcome).toEqual({ ok: true, batches: [rows.slice(0, 3), rows.slice(3)] });
  });

  it('gathers rows parsed in short runs into full batches (a large answer is never one big text)', () => {
    const many = Array.from({ length: 900 }, (_, i) => ({ Ref_Key: `k${i}`, Description: `Товар №${i} ${'ж'.repeat(i % 97)}` }));
    const text = JSON.stringify({ value: many });
    const cuts = Array.from({ length: Math.floor(Buffer.byteLength(text) / 4_099) }, (_, i) => (i + 1) * 4_099);
    const outcome = split(text, cuts, 400);
    expect(outcome).toEqual({ ok: true, batches: [many.slice(0, 400), many.slice(400, 800), many.slice(800)] });
  });

  it('reads odata.count after the rows, an empty value array, and a single entity', () => {
    expect(split('{"value":[{"a":1}],"odata.count":"17"}', [5])).toEqual({ ok: true, batches: [[{ a: 1 }]], count: 17 });
    expect(split('{"odata.metadata":"x","value":[]}', [])).toEqual({ ok: true, batches: [] });
    const single = split('{"odata.metadata":"http://h/$metadata#Catalog_X/@Element","Ref_Key":"k","Товары":[{"value":[1]}]}', [40]);
    expect(single).toEqual({ ok: true, batches: [[{ Ref_Key: 'k', Товары: [{ value: [1] }] }]] });
  });

  it('does not take a nested or string "value" for the envelope', () => {
    const outcome = split('{"odata.metadata":"value","x":{"value":[{"no":1}]},"value":[{"yes":1}]}', []);
    expect(outcome).toEqual({ ok: true, batches: [[{ yes: 1 }]] });
  });

  it('reports an odata.error body and other envelopes as wrong_envelope', () => {
    const error = '{"odata.error":{"code":"14","message":{"lang":"ru","value":"Неправильный фильтр"}}}';
    expect(split(error, [10])).toMatchObject({ ok: false, problem: 'wrong_envelope' });
    expect(split('{"value":[1,2]}', [])).toMatchObject({ ok: false, problem: 'wrong_envelope' });
    expect(split('{"value":{"a":1}}', [])).toMatchObject({ ok: false, problem: 'wrong_envelope' });
    expect(split('[{"a":1}]', [])).toMatchObject({ ok: false, problem: 'wrong_envelope' });
  });

  it('reports a truncated body as not_json, after the rows it could hand over', () => {
    const bytes = Buffer.from(body, 'utf8');
    for (const at of [0, 10, Math.floor(bytes.length / 2), bytes.length - 3, bytes.length - 1]) {
      const outcome = split(bytes.subarray(0, at), []);
      expect(outcome, `cut at ${at}`).toMatchObject({ ok: false, problem: 'not_json' });
    }
    expect(split(bytes.subarray(0, Math.floor(bytes.length * 0.7)), [])).toMatchObject({ ok: false, handed: 2 });
  });

  it('reports broken JSON as not_json: a missing comma, a trailing comma, junk after the envelope', () => {
    expect(split('{"value":[{"a":1} {"b":2}]}', [], 5)).toMatchObject({ ok: false, problem: 'not_json' });
    expect(split('{"value":[{"a":1},]}', [], 5)).toMatchObject({ ok: false, problem: 'not_json' });
    expect(split('{"value":[{"a":1,}]}', [], 5)).toMatchObject({ ok: false, problem: 'not_json' });
    expect(split('{"value":[{"a":1}]} x', [], 5)).toMatchObject({ ok: false, problem: 'not_json' });
    expect(split('', [])).toMatchObject({ ok: false, problem: 'not_json' });
  });
});
