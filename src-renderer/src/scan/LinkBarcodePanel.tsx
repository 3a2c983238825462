import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type IpcError, type ProductRow, type ScanResult } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { ProductSearch } from '../documents/ProductSearch';
import { errorMessage } from '../i18n/error-message';
import { showControlChars } from '../scanner/key-map';

type Props = {
  /** The scan's canonical code; the core links a marking code by its GTIN. */
  code: string;
  onLinked: (result: ScanResult) => void;
};

/** «Привязать к товару»: an unknown code becomes a barcode of the product picked by name. */
export function LinkBarcodePanel({ code, onLinked }: Props) {
  const { t } = useTranslation();
  const [isOpen, setIsOpen] = useState(false);
  const [isLinking, setIsLinking] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  async function link(product: ProductRow): Promise<boolean> {
    setIsLinking(true);
    setError(null);
    const result = await api.invoke('scans.linkBarcode', { code, productId: product.id });
    setIsLinking(false);
    if (!result.ok) {
      setError(result.error);
      return false;
    }
    onLinked(result.value);
    return true;
  }

  if (!isOpen) {
    return (
      <div className="scan-link">
        <p className="muted">{t('scan.unknownHint')}</p>
        <button type="button" className="button-primary" data-testid="scan-link-open" onClick={() => setIsOpen(true)}>
          {t('scan.link.open')}
        </button>
      </div>
    );
  }

  return (
    <div className="scan-link is-open" data-testid="scan-link">
      <p>{t('scan.link.title', { code: showControlChars(code) })}</p>
      <ProductSearch
        isDisabled={isLinking}
        onPick={link}
        label={t('scan.link.search')}
        placeholder={t('scan.link.placeholder')}
        testId="scan-link-search"
        isAutoFocused
      />
      {isLinking && <p className="muted">{t('scan.link.linking')}</p>}
      {error && (
        <p className="error" role="alert" data-testid="scan-link-error">
          {t('scan.link.failed')}: {error.code === 'conflict' || error.code === 'validation' || error.code === 'not_found' ? error.message : errorMessage(t, error)}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button" data-testid="scan-link-cancel" onClick={() => setIsOpen(false)}>
          {t('scan.link.cancel')}
        </button>
      </div>
    </div>
  );
}
