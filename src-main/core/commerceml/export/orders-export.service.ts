// Exports local shipments as one CommerceML orders file into `<exchange folder>/to-1c/`, for 1C's
// «Обмен с сайтом» to load as customer orders (decision D31). Every document is checked first; a
// file is written only when all of them can be expressed so that 1C finds their products.
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type AppDb } from '../../db/open';
import { lineAmount } from '../../documents/documents';
import { AppError } from '../../errors/app-error';
import { appendAudit } from '../../security/audit-log.repo';
import { type CmlExportEncoding, encodeXml } from './cml-encoding';
import { localTimeZone, wallClock } from './cml-values';
import { writeNewFileAtomically } from './atomic-write';
import { type ExportCustomer, type ExportHeader, findCustomerById, findCustomerByRef, findExportHeader, readExportLines } from './orders-export.repo';
import { buildOrdersXml, type OrderCounterparty, type OrderDocument, type OrderLine } from './orders-xml';

/** The subfolder 1C reads our files from; never watched for import. */
export const toOneCFolderName = 'to-1c';

/**
 * Who buys when a shipment names no customer: 1C's usual anonymous retail counterparty. A fixed Ид,
 * so every such order lands on one counterparty in 1C instead of a new one per file.
 */
export const retailBuyer: OrderCounterparty = { id: 'prilavok-retail-buyer', name: 'Розничный покупатель', kind: null, inn: null, kpp: null, phone: null, email: null };

/** Both known-good order files write the ruble as «руб» (commerceml.md §2.3; §1.4: treat it as an opaque string). */
const currency = 'руб';

export type OrdersExportInput = {
  documentIds: readonly string[];
  /** settings.cmlFolder: absolute, '' = not set. */
  folder: string;
  encoding: CmlExportEncoding;
  userId: string | null;
  now: number;
  /** IANA zone for Дата/Время; default the PC's. */
  timeZone?: string;
};

export type OrdersExportResult = {
  fileName: string;
  /** Absolute path of the written file. */
  path: string;
  documents: number;
  bytes: number;
  /** What the caller should tell the user: characters written as references, a default buyer. */
  warnings: string[];
};

export function exportOrders(db: AppDb, input: OrdersExportInput): OrdersExportResult {
  const outDir = requireOutputFolder(input.folder);
  const ids = [...new Set(input.documentIds)];
  const problems: string[] = [];
  const warnings: string[] = [];
  const documents: OrderDocument[] = [];
  for (const id of ids) {
    const header = findExportHeader(db, id);
    if (!header) throw new AppError('not_found', `Документ ${id} не найден`);
    const document = toOrderDocument(db, header, problems, warnings);
    if (document) documents.push(document);
  }
  if (problems.length > 0) {
    throw new AppError('validation', `Файл заказов не записан: ${problems.join('; ')}.`, { details: { problems } });
  }
  const timeZone = input.timeZone ?? localTimeZone();
  const built = buildOrdersXml(documents, { encoding: input.encoding, generatedAt: input.now, timeZone });
  warnings.push(...built.warnings);
  const bytes = encodeXml(built.xml, input.encoding);
  const at = wallClock(input.now, timeZone);
  const fileName = writeNewFileAtomically(outDir, `orders-${at.date.replaceAll('-', '')}-${at.time.replaceAll(':', '')}`, '.xml', bytes);
  appendAudit(db, {
    at: input.now,
    userId: input.userId,
    action: 'cml.export',
    details: { fileName, encoding: input.encoding, bytes: bytes.length, documents: documents.map((d) => ({ id: d.id, number: d.number })), warnings: warnings.length },
  });
  return { fileName, path: join(outDir, fileName), documents: documents.length, bytes: bytes.length, warnings };
}

/** `<folder>/to-1c`, created when missing; the exchange folder itself must exist. */
function requireOutputFolder(folder: string): string {
  if (folder === '') {
    throw new AppError('validation', 'Папка обмена с 1С не задана: укажите её в Настройках (раздел «Обмен CommerceML»).');
  }
  let isDirectory = false;
  try {
    isDirectory = statSync(folder).isDirectory();
  } catch {
    // Missing or unreachable (a network drive offline): the same message either way.
  }
  if (!isDirectory) throw new AppError('validation', `Папка обмена «${folder}» не найдена или недоступна.`);
  const outDir = join(folder, toOneCFolderName);
  mkdirSync(outDir, { recursive: true });
  return outDir;
}

/** The document as an order, or null with the reasons added to `problems`. */
function toOrderDocument(db: AppDb, header: ExportHeader, problems: string[], warnings: string[]): OrderDocument | null {
  const name = `документ ${header.localNumber}`;
  // Only shipments: we are the seller («Роль Продавец»), the customer buys. Receipts, transfers and
  // supplier orders have no buyer side 1C's site exchange could load.
  if (header.kind !== 'shipment') {
    problems.push(`${name} — не отгрузка, в файл заказов попадают только отгрузки`);
    return null;
  }
  if (header.status === 'cancelled') {
    problems.push(`${name} отменён`);
    return null;
  }
  const lines = readExportLines(db, header.id);
  if (lines.length === 0) problems.push(`в документе ${header.localNumber} нет строк`);
  const before = problems.length;
  const orderLines: OrderLine[] = [];
  for (const line of lines) {
    const where = `${name}, строка ${line.lineNo} («${line.productName}»)`;
    if (line.productRef1c === null) problems.push(`${where}: у товара нет ссылки 1С — 1С не сможет его найти`);
    if (line.characteristicId !== null && line.characteristicRef1c === null) problems.push(`${where}: у характеристики «${line.characteristicName ?? ''}» нет ссылки 1С`);
    if (line.price === null) problems.push(`${where}: не указана цена`);
    if (line.productRef1c === null || line.price === null || (line.characteristicId !== null && line.characteristicRef1c === null)) continue;
    orderLines.push({
      id: line.characteristicRef1c === null ? line.productRef1c : `${line.productRef1c}#${line.characteristicRef1c}`,
      name: line.characteristicName === null ? line.productName : `${line.productName} (${line.characteristicName})`,
      unitName: line.unitName,
      unitCode: line.unitCode,
      price: line.price,
      qty: line.qty,
      amount: lineAmount(line.qty, line.price) ?? 0,
    });
  }
  if (problems.length > before || lines.length === 0) return null;
  return {
    id: header.id,
    number: header.localNumber,
    date: header.date,
    comment: header.comment,
    currency,
    counterparty: counterpartyOf(db, header, warnings),
    warehouse: header.warehouseRef1c === null ? null : { id: header.warehouseRef1c, name: header.warehouseName },
    lines: orderLines,
    total: orderLines.reduce((sum, line) => sum + line.amount, 0),
  };
}

/** The document's customer; else the customer row behind its 1C counterparty ref; else the retail buyer. */
function counterpartyOf(db: AppDb, header: ExportHeader, warnings: string[]): OrderCounterparty {
  const customer =
    (header.customerId === null ? null : findCustomerById(db, header.customerId)) ??
    (header.counterpartyRef1c === null ? null : findCustomerByRef(db, header.counterpartyRef1c));
  if (customer) return fromCustomer(customer);
  if (header.counterpartyRef1c !== null) {
    // A 1C counterparty not mirrored here: its ref is all we know; 1C finds it by that Ид.
    warnings.push(`Документ ${header.localNumber}: покупатель из 1С (${header.counterpartyRef1c}) не загружен в программу — записана только его ссылка.`);
    return { ...retailBuyer, id: header.counterpartyRef1c, name: '' };
  }
  warnings.push(`Документ ${header.localNumber}: покупатель не выбран — записан «${retailBuyer.name}».`);
  return retailBuyer;
}

function fromCustomer(c: ExportCustomer): OrderCounterparty {
  return { id: c.ref1c ?? c.id, name: c.name, kind: c.kind, inn: c.inn, kpp: c.kpp, phone: c.phone, email: c.email };
}
