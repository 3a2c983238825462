import { type MouseEvent, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useModalDialog } from '../app/use-modal-dialog';
import { useEvent } from '../api/use-event';
import { useInvoke } from '../api/use-invoke';
import { errorMessage } from '../i18n/error-message';
import { createStockFormatters } from '../stock/stock-format';
import { ErrorAlert } from '../app/ErrorAlert';

type Props = {
  productId: number;
  onClose: () => void;
};

// 1C names document types by their metadata object ("Document_ПоступлениеТоваровУслуг"); the
// prefix says nothing to a clerk, the rest is 1C's own name and is shown as is.
function documentTypeName(recorderType: string): string {
  return recorderType.replace(/^(StandardODATA\.)?Document_/, '');
}

/**
 * Everything the store knows about one product, as a modal side panel. A native <dialog> opened
 * with showModal() gives Esc, the focus trap and inert background for free.
 */
export function ProductCard({ productId, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  // Modal for the component's lifetime; focus goes back to the opener (the component is removed, not closed).
  const dialogRef = useModalDialog();
  const detail = useInvoke('products.get', { id: productId });
  const movements = useInvoke('products.movements', { id: productId, limit: 200 });
  const product = detail.value?.id === productId ? detail.value : undefined;
  const dash = t('stock.noValue');

  useEvent('data.changed', ({ tables }) => {
    if (tables.some((table) => table !== 'settings')) {
      detail.reload();
      movements.reload();
    }
  });


  function onBackdropClick(event: MouseEvent<HTMLDialogElement>): void {
    // Clicks inside the panel land on its children; only the backdrop targets the dialog itself.
    if (event.target === event.currentTarget) onClose();
  }

  return (
    <dialog
      ref={dialogRef}
      className="product-card"
      data-testid="product-card"
      data-id={productId}
      aria-labelledby="product-card-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={onBackdropClick}
    >
      <div className="product-card-inner">
        <header className="product-card-header">
          <div>
            <div className="product-card-kicker">{t('productCard.title')}</div>
            <h2 id="product-card-title" data-testid="product-card-name">
              {product ? product.name : t('productCard.loading')}
            </h2>
          </div>
          <button
            type="button"
            className="icon-button"
            data-testid="product-card-close"
            aria-label={t('productCard.close')}
            title={t('productCard.close')}
            onClick={onClose}
          >
            ×
          </button>
        </header>

        <ErrorAlert error={detail.status === 'error' ? detail.error : null} />

        {product && (
          <>
            <dl className="about product-card-facts">
              <dt>{t('productCard.code')}</dt>
              <dd data-testid="product-card-code">{product.code || dash}</dd>
              <dt>{t('productCard.article')}</dt>
              <dd data-testid="product-card-article">{product.article || dash}</dd>
              <dt>{t('productCard.unit')}</dt>
              <dd>{product.unit || dash}</dd>
              <dt>{t('productCard.group')}</dt>
              <dd>{product.groupName ?? dash}</dd>
            </dl>

            <h3>{t('productCard.barcodes')}</h3>
            {product.barcodes.length === 0 ? (
              <p className="empty">{t('productCard.noBarcodes')}</p>
            ) : (
              <ul className="barcode-list">
                {product.barcodes.map((barcode) => (
                  <li key={`${barcode.code}|${barcode.characteristic ?? ''}`} data-testid="product-card-barcode">
                    <span className="mono">{barcode.code}</span>
                    {barcode.characteristic && <span className="muted"> · {barcode.characteristic}</span>}
                  </li>
                ))}
              </ul>
            )}

            <h3>{t('productCard.prices')}</h3>
            {product.prices.length === 0 ? (
              <p className="empty">{t('productCard.noPrices')}</p>
            ) : (
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t('productCard.priceType')}</th>
                    <th scope="col" className="num">
                      {t('productCard.price')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {product.prices.map((price) => (
                    <tr key={price.priceType} data-testid="product-card-price">
                      <td>{price.priceType}</td>
                      <td className="num">{format.price(price.price)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}

            <h3>{t('productCard.stock')}</h3>
            {product.stock.length === 0 ? (
              <p className="empty">{t('productCard.noStock')}</p>
            ) : (
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t('productCard.warehouse')}</th>
                    <th scope="col" className="num">
                      {t('productCard.qty')}
                    </th>
                    <th scope="col">{t('productCard.asOf')}</th>
                  </tr>
                </thead>
                <tbody>
                  {product.stock.map((row) => (
                    <tr key={row.warehouseId} data-testid="product-card-stock" data-warehouse-id={row.warehouseId}>
                      <td>{row.warehouse}</td>
                      <td className="num" data-value={row.qty}>
                        {format.qty(row.qty)}
                      </td>
                      <td>{row.asOf === null ? dash : format.dateTime(row.asOf)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}

            <h3>{t('productCard.movements')}</h3>
            {movements.status === 'error' ? (
              <p className="error" role="alert">
                {errorMessage(t, movements.error)}
              </p>
            ) : movements.value === undefined ? (
              <p className="empty">{t('app.loading')}</p>
            ) : movements.value.length === 0 ? (
              <p className="empty" data-testid="product-card-no-movements">
                {t('productCard.noMovements')}
              </p>
            ) : (
              <table className="data-table movements-table">
                <thead>
                  <tr>
                    <th scope="col">{t('productCard.movementDate')}</th>
                    <th scope="col">{t('productCard.warehouse')}</th>
                    <th scope="col" className="num">
                      {t('productCard.movementQty')}
                    </th>
                    <th scope="col">{t('productCard.movementSource')}</th>
                    <th scope="col">{t('productCard.movementDocument')}</th>
                  </tr>
                </thead>
                <tbody>
                  {movements.value.map((movement) => (
                    <tr key={movement.id} data-testid="product-card-movement">
                      <td>{format.dateTime(movement.period)}</td>
                      <td>{movement.warehouse}</td>
                      <td className={movement.qtyDelta < 0 ? 'num is-negative' : 'num is-positive'}>
                        {movement.qtyDelta > 0 ? '+' : ''}
                        {format.qty(movement.qtyDelta)}
                      </td>
                      <td>{t(`productCard.sources.${movement.source}`)}</td>
                      <td>{movement.recorderType ? documentTypeName(movement.recorderType) : dash}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </div>
    </dialog>
  );
}
