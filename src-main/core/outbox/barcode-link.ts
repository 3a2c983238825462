// A barcode linked to a product at the counter travels to 1C as a record of the barcode register
// (onec-http.md §3.1: POST answers 200; a duplicate key answers 400 "запись с такими значениями уже
// существует"). Exactly once without a key of our own: a retry whose record already exists checks
// that it points to the same product, and is then done.
import { v7 as uuidv7 } from 'uuid';
import { type AppDb } from '../db/open';
import { stringLiteral } from '../onec/odata-query';
import { type OnecClient, type OnecProfile } from '../onec/onec';
import { isOnecError } from '../onec/onec-error';

export const barcodeLinkKind = 'barcode.link';

export type BarcodeLinkPayload = { code: string; productId: number; characteristicId: number | null };

/** Queues the 1C record; call in the transaction that writes the local barcode. A re-link of a code replaces its old row. */
export function enqueueBarcodeLink(db: AppDb, payload: BarcodeLinkPayload, now: number): void {
  db.sqlite
    .prepare(
      `INSERT INTO outbox (id, kind, document_id, payload_json, idempotency_key, status, attempts, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, NULL, ?, ?, 'pending', 0, ?, ?, ?)
       ON CONFLICT(idempotency_key) DO UPDATE SET payload_json = excluded.payload_json, status = 'pending', attempts = 0,
         next_attempt_at = excluded.next_attempt_at, last_error_code = NULL, last_error_message = NULL, updated_at = excluded.updated_at`,
    )
    .run(uuidv7(), barcodeLinkKind, JSON.stringify(payload), `barcode:${payload.code}`, now, now, now);
}

export type BarcodeLinkOutcome = { kind: 'done' } | { kind: 'refused'; message: string };

const emptyRef = '00000000-0000-0000-0000-000000000000';

/**
 * Sends one barcode record. Resolves 'done' or 'refused' (1C cannot take it: the user sees why);
 * rejects with the OnecError of a failure worth retrying (network, 5xx, 401), which the sender handles.
 */
export async function sendBarcodeLink(db: AppDb, client: OnecClient, profile: OnecProfile, payload: BarcodeLinkPayload, signal?: AbortSignal): Promise<BarcodeLinkOutcome> {
  const spec = profile.barcodes;
  if (spec === null) return { kind: 'refused', message: `В профиле 1С «${profile.title}» нет регистра штрихкодов: штрихкод сохранён только здесь.` };
  const productRef = db.sqlite.prepare('SELECT ref_1c FROM products WHERE id = ?').pluck().get(payload.productId) as string | null | undefined;
  if (!productRef) return { kind: 'refused', message: 'Товар не связан с 1С: штрихкод сохранён только здесь.' };
  const characteristicRef =
    payload.characteristicId === null ? null : ((db.sqlite.prepare('SELECT ref_1c FROM characteristics WHERE id = ?').pluck().get(payload.characteristicId) as string | null | undefined) ?? null);
  const body: Record<string, unknown> = { [spec.code]: payload.code, [spec.product]: productRef };
  if (spec.characteristic !== null) body[spec.characteristic] = characteristicRef ?? emptyRef;
  try {
    await client.write('POST', spec.set, body, { signal });
    return { kind: 'done' };
  } catch (err) {
    if (!isOnecError(err) || err.details.kind !== 'bad_request') throw err;
    // Already there: an earlier attempt whose answer was lost, or someone linked it in 1C.
    const page = await client.getCollection(spec.set, { filter: `${spec.code} eq ${stringLiteral(payload.code)}`, select: [spec.code, spec.product] }, { signal });
    const existing = page.rows[0];
    if (!existing) return { kind: 'refused', message: err.details.onecMessage ?? err.message };
    if (existing[spec.product] === productRef) return { kind: 'done' };
    return { kind: 'refused', message: `В 1С штрихкод ${payload.code} уже привязан к другому товару; при следующей синхронизации здесь будет так же, как в 1С.` };
  }
}
