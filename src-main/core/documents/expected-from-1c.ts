// Expected quantities taken from a document 1C already has (issue #4 §2): a receipt checked against
// the 1C receipt the office entered, a transfer against the sending store's transfer. The 1C document
// is looked up by number in the set of the same kind; people type "123" for "ТД00-000123", so an exact
// number wins, else the one number that ends with what was typed.
import { type AppDb } from '../db/open';
import { AppError } from '../errors/app-error';
import { stringLiteral } from '../onec/odata-query';
import { type OnecClient, type OnecProfile, type OnecRow } from '../onec/onec';
import { type DocumentView } from './documents';
import { setExpected } from './document-lines.service';
import { requireEditableHeader } from './documents.repo';

export type ExpectedFrom1CInput = { documentId: string; number: string; userId: string | null; now: number };

export type ExpectedFrom1CResult = { document: DocumentView; number1c: string; lines: number; unknownProducts: number };

export async function loadExpectedFrom1C(
  db: AppDb,
  onec: { client: OnecClient; profile: OnecProfile },
  input: ExpectedFrom1CInput,
): Promise<ExpectedFrom1CResult> {
  const header = requireEditableHeader(db, input.documentId);
  const spec = onec.profile.documents[header.kind];
  if (!spec) throw new AppError('validation', `В профиле 1С «${onec.profile.title}» нет документа этого вида.`);
  const typed = input.number.trim();
  if (typed === '') throw new AppError('validation', 'Укажите номер документа 1С.');
  const select = ['Ref_Key', 'Number', 'Date', 'Posted', spec.lines.section];
  const page = await onec.client.getCollection(spec.set, { filter: `endswith(Number, ${stringLiteral(typed)}) and DeletionMark eq false`, select, top: 20 });
  const exact = page.rows.filter((r) => typeof r.Number === 'string' && r.Number.trim() === typed);
  const candidates = exact.length > 0 ? exact : page.rows;
  if (candidates.length === 0) throw new AppError('not_found', `В 1С нет документа «${spec.set.replace(/^Document_/, '')}» с номером «${typed}».`);
  if (candidates.length > 1) {
    const numbers = candidates.map((r) => String(r.Number).trim()).join(', ');
    throw new AppError('conflict', `Номеру «${typed}» подходят несколько документов 1С (${numbers}): введите номер полностью.`);
  }
  const found = candidates[0] as OnecRow;
  const rows = Array.isArray(found[spec.lines.section]) ? (found[spec.lines.section] as OnecRow[]) : [];

  // Products deleted (or not yet pulled) here cannot be lines: they are counted and reported instead.
  const productId = db.sqlite.prepare('SELECT id FROM products WHERE ref_1c = ? AND is_deleted = 0').pluck();
  const characteristicId = db.sqlite.prepare('SELECT id FROM characteristics WHERE ref_1c = ?').pluck();
  const emptyRef = '00000000-0000-0000-0000-000000000000';
  const expected = new Map<string, { productId: number; characteristicId: number | null; qty: number }>();
  let unknownProducts = 0;
  for (const row of rows) {
    const productRef = row[spec.lines.product];
    const product = typeof productRef === 'string' ? (productId.get(productRef) as number | undefined) : undefined;
    if (product === undefined) {
      unknownProducts += 1;
      continue;
    }
    const charRef = spec.lines.characteristic === null ? null : row[spec.lines.characteristic];
    const characteristic = typeof charRef === 'string' && charRef !== emptyRef ? ((characteristicId.get(charRef) as number | undefined) ?? null) : null;
    // 1C quantities are decimals; ours are thousandths. Lines of one product add up.
    const qty = Math.round(Number(row[spec.lines.quantity] ?? 0) * 1000);
    const key = `${product}:${characteristic ?? 0}`;
    const line = expected.get(key);
    if (line) line.qty += qty;
    else expected.set(key, { productId: product, characteristicId: characteristic, qty });
  }
  if (unknownProducts > 0 && expected.size === 0) {
    throw new AppError('conflict', `Товаров документа 1С №${String(found.Number).trim()} нет в локальной базе: выполните синхронизацию и повторите.`);
  }
  const document = setExpected(db, { documentId: input.documentId, lines: [...expected.values()], userId: input.userId, now: input.now });
  return { document, number1c: String(found.Number).trim(), lines: expected.size, unknownProducts };
}
