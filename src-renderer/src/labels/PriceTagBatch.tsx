import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type InvokeInput, type InvokeOutput, type IpcError } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useInvoke } from '../api/use-invoke';
import { errorMessage } from '../i18n/error-message';
import { createStockFormatters } from '../stock/stock-format';
import { LabelPreview } from './LabelPreview';

export type BatchSource = InvokeInput<'labels.batch'>;
type BatchItem = InvokeOutput<'labels.batch'>[number];
type Printed = InvokeOutput<'labels.print'>;

type Props = {
  source: BatchSource;
  /** Load at once (a dialog opened for it) or on «Показать» (a section of a screen). */
  isLoadedAtOnce: boolean;
  testId: string;
};

const maxCopies = 999;

function parseCopies(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,3}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= 1 && value <= maxCopies ? value : null;
}

/**
 * Price tags for a batch (a document's lines, or the products whose price changed in the last
 * pull): the list with editable copies, the first one's preview, and print to a chosen printer.
 */
export function PriceTagBatch({ source, isLoadedAtOnce, testId }: Props) {
  const { t } = useTranslation();
  // Each «Показать» asks again (prices may have changed since); a dialog asks once, when it opens.
  const [generation, setGeneration] = useState(isLoadedAtOnce ? 1 : 0);
  return (
    <div className="price-tags" data-testid={testId}>
      {!isLoadedAtOnce && (
        <div className="toolbar">
          <button type="button" className="button" data-testid={`${testId}-load`} onClick={() => setGeneration((g) => g + 1)}>
            {generation === 0 ? t('labels.load') : t('labels.reload')}
          </button>
        </div>
      )}
      {generation > 0 && <LoadedBatch key={generation} source={source} testId={testId} />}
    </div>
  );
}

function LoadedBatch({ source, testId }: { source: BatchSource; testId: string }) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const devices = useInvoke('devices.settings.get', {});
  const batch = useInvoke('labels.batch', source);
  // Copies as typed, by row index; rows not edited keep the batch's own count.
  const [copiesText, setCopiesText] = useState<Record<number, string>>({});
  const [printerId, setPrinterId] = useState('');
  const [isPrinting, setIsPrinting] = useState(false);
  const [printed, setPrinted] = useState<Printed | null>(null);
  const [printError, setPrintError] = useState<IpcError | null>(null);

  const printers = devices.value?.printers ?? [];
  const defaultPrinterId = devices.value?.defaultPrinterId ?? '';
  const chosenPrinter = printerId || defaultPrinterId;
  const rows: readonly BatchItem[] | null = batch.status === 'ready' ? batch.value : null;
  const textOf = (index: number, item: BatchItem): string => copiesText[index] ?? String(Math.min(maxCopies, Math.max(1, item.copies)));
  const copies = rows?.map((row, index) => parseCopies(textOf(index, row))) ?? [];
  const isValid = copies.every((c) => c !== null);
  const total = copies.reduce<number>((sum, c) => sum + (c ?? 0), 0);
  const first = rows?.[0];

  async function print(): Promise<void> {
    if (!rows || rows.length === 0 || !isValid) return;
    setIsPrinting(true);
    setPrintError(null);
    setPrinted(null);
    const items = rows.map((row, index) => ({ productId: row.productId, characteristicId: row.characteristicId, copies: copies[index] ?? 1 }));
    const result = await api.invoke('labels.print', { items, ...(chosenPrinter !== '' && { printerId: chosenPrinter }) });
    setIsPrinting(false);
    if (result.ok) setPrinted(result.value);
    else setPrintError(result.error);
  }

  if (batch.status === 'error') {
    return (
      <p className="error" role="alert" data-testid={`${testId}-error`}>
        {t('labels.loadFailed')}: {errorMessage(t, batch.error)}
      </p>
    );
  }
  if (rows === null) return <p className="muted">{t('labels.loading')}</p>;
  if (rows.length === 0) {
    return (
      <p className="empty" data-testid={`${testId}-empty`}>
        {source.source === 'priceChanges' ? t('labels.emptyPriceChanges') : t('labels.empty')}
      </p>
    );
  }

  const isPriceChange = source.source === 'priceChanges';
  return (
    <div className="price-tags-body">
      <div className="price-tags-list">
        <div className="table-scroll price-tags-scroll">
          <table className="data-table" data-testid={`${testId}-table`}>
            <caption className="visually-hidden">{t('labels.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('labels.columns.name')}</th>
                {isPriceChange && (
                  <th scope="col" className="num">
                    {t('labels.columns.oldPrice')}
                  </th>
                )}
                <th scope="col" className="num">
                  {t('labels.columns.price')}
                </th>
                <th scope="col" className="num">
                  {t('labels.columns.copies')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={`${row.productId}:${row.characteristicId ?? ''}`} data-testid={`${testId}-row`} data-product-id={row.productId}>
                  <td>{row.name}</td>
                  {isPriceChange && (
                    <td className="num" data-col="oldPrice" data-value={row.oldPrice ?? ''}>
                      {row.oldPrice === null ? t('stock.noValue') : format.price(row.oldPrice)}
                    </td>
                  )}
                  <td className="num" data-col="price" data-value={row.price ?? ''}>
                    {row.price === null ? t('stock.noValue') : format.price(row.price)}
                  </td>
                  <td className="num">
                    <input
                      type="text"
                      inputMode="numeric"
                      className="cell-input num copies-input"
                      data-testid={`${testId}-copies`}
                      aria-label={t('labels.copiesOf', { name: row.name })}
                      aria-invalid={copies[index] === null || undefined}
                      value={textOf(index, row)}
                      onChange={(event) => {
                        const text = event.target.value;
                        setCopiesText((prev) => ({ ...prev, [index]: text }));
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {!isValid && (
          <p className="error" role="alert" data-testid={`${testId}-invalid`}>
            {t('labels.invalidCopies')}
          </p>
        )}
        <div className="toolbar price-tags-actions">
          {printers.length > 0 && (
            <label className="field field-inline">
              <span className="field-label">{t('labels.printer')}</span>
              <select data-testid={`${testId}-printer`} value={chosenPrinter} onChange={(event) => setPrinterId(event.target.value)}>
                {chosenPrinter === '' && <option value="">{t('labels.choosePrinter')}</option>}
                {printers.map((printer) => (
                  <option key={printer.id} value={printer.id}>
                    {printer.name || printer.id}
                    {printer.id === defaultPrinterId ? ` (${t('labels.default')})` : ''}
                  </option>
                ))}
              </select>
            </label>
          )}
          <span className="muted" data-testid={`${testId}-total`} data-value={total}>
            {t('labels.total', { count: total })}
          </span>
          <button type="button" className="button-primary" data-testid={`${testId}-print`} disabled={isPrinting || !isValid} onClick={() => void print()}>
            {isPrinting ? t('labels.printing') : t('labels.print')}
          </button>
        </div>
        {devices.value && printers.length === 0 && <p className="notice">{t('labels.noPrinter')}</p>}
        {printed && (
          <p className="success" role="status" data-testid={`${testId}-printed`} data-labels={printed.labels}>
            {t('labels.printed', { printer: printed.printer, labels: printed.labels, bytes: printed.bytes })}
          </p>
        )}
        {printError && (
          <p className="error" role="alert" data-testid={`${testId}-print-error`}>
            {t('labels.printFailed')}: {errorMessage(t, printError)}
          </p>
        )}
      </div>
      {first && (
        <div className="price-tags-preview">
          <h3>{t('labels.preview')}</h3>
          <LabelPreview
            key={`${first.productId}:${chosenPrinter}`}
            productId={first.productId}
            characteristicId={first.characteristicId}
            printerId={chosenPrinter}
            name={first.name}
            testId={`${testId}-preview`}
          />
        </div>
      )}
    </div>
  );
}
