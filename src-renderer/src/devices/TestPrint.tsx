import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type InvokeOutput, type IpcError, type PrinterConfig, type ProductRow } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { ProductSearch } from '../documents/ProductSearch';
import { errorMessage } from '../i18n/error-message';
import { LabelPreview } from '../labels/LabelPreview';

type Props = { printers: readonly PrinterConfig[]; defaultPrinterId: string };

/** «Пробная печать»: one product's label on a chosen printer, with the preview of exactly that label. */
export function TestPrint({ printers, defaultPrinterId }: Props) {
  const { t } = useTranslation();
  const [product, setProduct] = useState<ProductRow | null>(null);
  const [printerId, setPrinterId] = useState('');
  const [isPrinting, setIsPrinting] = useState(false);
  const [printed, setPrinted] = useState<InvokeOutput<'labels.print'> | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const chosen = printerId || defaultPrinterId;

  async function print(): Promise<void> {
    if (!product) return;
    setIsPrinting(true);
    setError(null);
    setPrinted(null);
    const result = await api.invoke('labels.print', { items: [{ productId: product.id, copies: 1 }], ...(chosen !== '' && { printerId: chosen }) });
    setIsPrinting(false);
    if (result.ok) setPrinted(result.value);
    else setError(result.error);
  }

  return (
    <div className="test-print" data-testid="test-print">
      <h3>{t('devices.printers.testPrint')}</h3>
      <div className="test-print-body">
        <div className="form-stack">
          <ProductSearch
            isDisabled={false}
            label={t('devices.printers.testProduct')}
            placeholder={t('devices.printers.testProductPlaceholder')}
            testId="test-print-search"
            onPick={async (picked) => {
              setProduct(picked);
              setPrinted(null);
              setError(null);
              return true;
            }}
          />
          {product && (
            <p data-testid="test-print-product" data-id={product.id}>
              {product.name}
            </p>
          )}
          {printers.length > 0 && (
            <label className="field">
              <span className="field-label">{t('labels.printer')}</span>
              <select data-testid="test-print-printer" value={chosen} onChange={(event) => setPrinterId(event.target.value)}>
                {chosen === '' && <option value="">{t('labels.choosePrinter')}</option>}
                {printers.map((printer) => (
                  <option key={printer.id} value={printer.id}>
                    {printer.name || printer.id}
                    {printer.id === defaultPrinterId ? ` (${t('labels.default')})` : ''}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div className="form-actions">
            <button type="button" className="button-primary" data-testid="test-print-run" disabled={!product || isPrinting || printers.length === 0} onClick={() => void print()}>
              {isPrinting ? t('labels.printing') : t('devices.printers.testPrint')}
            </button>
          </div>
          {printers.length === 0 && <p className="muted">{t('devices.printers.needPrinter')}</p>}
          {printed && (
            <p className="success" role="status" data-testid="test-print-done" data-bytes={printed.bytes}>
              {t('labels.printed', { printer: printed.printer, labels: printed.labels, bytes: printed.bytes })}
            </p>
          )}
          {error && (
            <p className="error" role="alert" data-testid="test-print-error">
              {t('labels.printFailed')}: {errorMessage(t, error)}
            </p>
          )}
        </div>
        {product && (
          <div className="test-print-preview">
            <h4>{t('devices.printers.preview')}</h4>
            <LabelPreview key={`${product.id}:${chosen}`} productId={product.id} printerId={chosen} name={product.name} testId="test-print-preview" />
          </div>
        )}
      </div>
    </div>
  );
}
