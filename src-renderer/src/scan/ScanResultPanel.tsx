import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type ScanResult } from '../../../src-preload/contract';
import { errorMessage } from '../i18n/error-message';
import { createStockFormatters } from '../stock/stock-format';
import { CodeText } from './CodeText';
import { LinkBarcodePanel } from './LinkBarcodePanel';
import { aiName, deviceName, fieldEntries, formatName } from './scan-format';
import { usePaintTimer } from './use-paint-timer';
import { type DeskEntry } from './use-scan-desk';

type Props = {
  entry: DeskEntry;
  /** Only the newest scan is timed: an older one picked from the history was painted long ago. */
  isLatest: boolean;
  onLinked: (seq: number, result: ScanResult) => void;
};

/** One scan, big: the product (name, price, stock), else why there is none; then what the code says. */
export function ScanResultPanel({ entry, isLatest, onLinked }: Props) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const timing = usePaintTimer(isLatest ? entry.seq : null, entry.startedAt, entry.state !== 'resolving');
  const result = entry.result;
  const product = result?.product ?? null;
  const dash = t('stock.noValue');
  const measured = timing !== null && timing.key === entry.seq ? timing : null;

  return (
    <article
      className={`scan-result is-${entry.state === 'done' ? (result?.kind ?? 'failed') : entry.state}`}
      data-testid="scan-result"
      data-seq={entry.seq}
      data-state={entry.state}
      data-kind={result?.kind ?? ''}
      data-product-id={product?.id ?? ''}
      data-measured-seq={measured?.key ?? ''}
      data-scan-to-render-ms={measured ? measured.ms.toFixed(1) : ''}
    >
      {entry.state === 'resolving' && <p className="scan-resolving">{t('scan.resolving')}</p>}

      {entry.state === 'failed' && entry.error && (
        <p className="error" role="alert" data-testid="scan-failed">
          {t('scan.failed')}: {errorMessage(t, entry.error)}
        </p>
      )}

      {product && (
        <div className="scan-product">
          <h2 className="scan-product-name" data-testid="scan-product-name">
            {product.name}
            {product.characteristicName && <span className="muted"> · {product.characteristicName}</span>}
          </h2>
          <div className="scan-figures">
            <div className="scan-figure">
              <span className="field-label">{t('scan.price')}</span>
              <span className="scan-price" data-testid="scan-price" data-value={product.price ?? ''}>
                {product.price === null ? t('scan.noPrice') : t('scan.money', { value: format.price(product.price) })}
              </span>
            </div>
            <div className="scan-figure">
              <span className="field-label">{t('scan.stock')}</span>
              <span className={product.stock < 0 ? 'scan-stock is-negative' : 'scan-stock'} data-testid="scan-stock" data-value={product.stock}>
                {format.qty(product.stock)} {product.unit}
              </span>
            </div>
            {product.qty !== 1000 && (
              <div className="scan-figure">
                <span className="field-label">{t('scan.perScan')}</span>
                <span className="scan-per-scan" data-testid="scan-qty" data-value={product.qty}>
                  {format.qty(product.qty)} {product.unit}
                </span>
              </div>
            )}
          </div>
          <p className="muted">
            {t('scan.code')} {product.code || dash} · {t('scan.article')} {product.article || dash}
          </p>
          {entry.isLinked && (
            <p className="success" role="status" data-testid="scan-linked">
              {t('scan.link.done', { name: product.name })}
            </p>
          )}
        </div>
      )}

      {result?.kind === 'unknown' && (
        <div className="scan-problem">
          <h2 className="scan-problem-title" data-testid="scan-unknown">
            {t('scan.unknownTitle')}
          </h2>
          {result.error && (
            <p className="scan-problem-text" role="alert" data-testid="scan-error">
              {result.error}
            </p>
          )}
          <LinkBarcodePanel key={entry.seq} code={result.canonical} onLinked={(linked) => onLinked(entry.seq, linked)} />
        </div>
      )}

      {result?.kind === 'invalid' && (
        <div className="scan-problem">
          <h2 className="scan-problem-title" data-testid="scan-invalid">
            {t('scan.invalidTitle')}
          </h2>
          <p className="scan-problem-text" role="alert" data-testid="scan-error">
            {result.error ?? t('scan.invalidNoReason')}
          </p>
        </div>
      )}

      {result && <ScanDetails result={result} />}

      <p className="scan-meta muted">
        <span data-testid="scan-device">{deviceName(t, entry.device)}</span>
        {measured && (
          <>
            {' · '}
            <span data-testid="scan-timing">{t('scan.timing', { ms: Math.round(measured.ms) })}</span>
          </>
        )}
      </p>
    </article>
  );
}

function ScanDetails({ result }: { result: ScanResult }) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const fields = fieldEntries(result.fields);
  return (
    <div className="scan-details">
      <dl className="about scan-facts">
        <dt>{t('scan.canonical')}</dt>
        <dd>
          <code className="mono scan-canonical" data-testid="scan-canonical" data-value={result.canonical}>
            <CodeText text={result.canonical} />
          </code>
          {result.canonical.includes('\u001d') && (
            <span className="muted scan-gs-note">
              {' ('}
              <CodeText text={'\u001d'} /> {t('scan.gsNote')})
            </span>
          )}
        </dd>
        <dt>{t('scan.format')}</dt>
        <dd data-testid="scan-format" data-value={result.format ?? ''}>
          {formatName(t, result.format)}
        </dd>
        {result.gtin && (
          <>
            <dt>{t('scan.gtin')}</dt>
            <dd className="mono" data-testid="scan-gtin">
              {result.gtin}
            </dd>
          </>
        )}
        {result.weightGrams !== null && (
          <>
            <dt>{t('scan.weight')}</dt>
            <dd data-testid="scan-weight" data-value={result.weightGrams}>
              {t('scan.kilograms', { value: format.qty(result.weightGrams) })}
            </dd>
          </>
        )}
        {result.priceKopecks !== null && (
          <>
            <dt>{t('scan.priceInCode')}</dt>
            <dd data-testid="scan-price-in-code" data-value={result.priceKopecks}>
              {t('scan.money', { value: format.price(result.priceKopecks) })}
            </dd>
          </>
        )}
      </dl>
      {fields.length > 0 && (
        <table className="data-table scan-fields" data-testid="scan-fields">
          <caption className="visually-hidden">{t('scan.fields')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('scan.fieldAi')}</th>
              <th scope="col">{t('scan.fieldName')}</th>
              <th scope="col">{t('scan.fieldValue')}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map(([ai, value]) => (
              <tr key={ai} data-testid="scan-field" data-ai={ai}>
                <td className="mono">({ai})</td>
                <td>{aiName(t, ai)}</td>
                <td className="mono">
                  <CodeText text={value} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.warnings.length > 0 && (
        <ul className="warning-list scan-warnings" data-testid="scan-warnings">
          {result.warnings.map((warning) => (
            <li key={warning} data-testid="scan-warning">
              {warning}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
