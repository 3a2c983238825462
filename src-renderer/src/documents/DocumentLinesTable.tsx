import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type DocumentLine, type DocumentView } from '../../../src-preload/contract';
import { createStockFormatters } from '../stock/stock-format';
import { createInputFormatters, parseMoney, parseQuantity } from './document-format';
import { hasPriceColumn, isPriceEditable } from './document-kinds';
import { LineCheckChip } from './DocumentStatusChip';
import { NumberCell } from './NumberCell';

export type LinePatch = { qty?: number; expectedQty?: number | null; price?: number | null };

type Props = {
  document: DocumentView;
  /** The line the last scan or addition touched: highlighted and scrolled into view. */
  lastLineNo: number | null;
  onSetLine: (lineNo: number, patch: LinePatch) => Promise<boolean>;
  onRemoveLine: (lineNo: number) => void;
  /** Puts focus back into the scan field after an edit is confirmed with Enter. */
  onDone: () => void;
};

/**
 * The document's lines. Quantities, expected quantities and (for receipts and shipments) prices are
 * edited in place while the document is editable; everything else comes from the host as is.
 */
export function DocumentLinesTable({ document: doc, lastLineNo, onSetLine, onRemoveLine, onDone }: Props) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const input = useMemo(() => createInputFormatters(i18n.language), [i18n.language]);
  const lastRowRef = useRef<HTMLTableRowElement>(null);
  const dash = t('stock.noValue');
  const isEditable = doc.isEditable;
  const showPrices = hasPriceColumn(doc.kind);
  const canEditPrice = isEditable && isPriceEditable(doc.kind);
  const hasCheck = doc.check !== null;

  useEffect(() => {
    lastRowRef.current?.scrollIntoView({ block: 'nearest' });
  }, [lastLineNo, doc.lines.length]);

  if (doc.lines.length === 0) {
    return (
      <p className="empty" data-testid="doc-no-lines">
        {t('documents.editor.noLines')}
      </p>
    );
  }

  function quantityCell(line: DocumentLine, field: 'qty' | 'expectedQty') {
    const value = field === 'qty' ? line.qty : line.expectedQty;
    const testId = field === 'qty' ? 'line-qty' : 'line-expected';
    if (!isEditable) {
      return (
        <span data-testid={testId} data-value={value ?? ''}>
          {value === null ? dash : format.qty(value)}
        </span>
      );
    }
    return (
      <NumberCell
        value={value}
        toText={input.qty}
        parse={parseQuantity}
        isEmptyAllowed={field === 'expectedQty'}
        onCommit={(next) => onSetLine(line.lineNo, field === 'qty' ? { qty: next ?? 0 } : { expectedQty: next })}
        onDone={onDone}
        label={t(field === 'qty' ? 'documents.editor.qtyOf' : 'documents.editor.expectedOf', { lineNo: line.lineNo })}
        invalidMessage={t(field === 'qty' ? 'documents.editor.invalidQty' : 'documents.editor.invalidExpected')}
        testId={testId}
      />
    );
  }

  return (
    <div className="table-scroll doc-lines-scroll">
      <table className="data-table doc-lines" data-testid="doc-lines">
        <caption className="visually-hidden">{t('documents.editor.linesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('documents.editor.columns.lineNo')}
            </th>
            <th scope="col">{t('documents.editor.columns.product')}</th>
            <th scope="col">{t('documents.editor.columns.code')}</th>
            <th scope="col" className="num">
              {t('documents.editor.columns.qty')}
            </th>
            <th scope="col" className="num">
              {t('documents.editor.columns.expected')}
            </th>
            {showPrices && (
              <>
                <th scope="col" className="num">
                  {t('documents.editor.columns.price')}
                </th>
                <th scope="col" className="num">
                  {t('documents.editor.columns.amount')}
                </th>
              </>
            )}
            {hasCheck && <th scope="col">{t('documents.editor.columns.check')}</th>}
            {isEditable && (
              <th scope="col">
                <span className="visually-hidden">{t('documents.editor.lineActions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {doc.lines.map((line) => {
            const isLast = line.lineNo === lastLineNo;
            return (
              <tr
                key={line.lineNo}
                ref={isLast ? lastRowRef : undefined}
                className={isLast ? 'is-last-scanned' : undefined}
                data-testid="doc-line"
                data-line-no={line.lineNo}
                data-product-id={line.productId}
                data-qty={line.qty}
                data-expected={line.expectedQty ?? ''}
                data-check={line.check}
              >
                <td className="num">{line.lineNo}</td>
                <td data-col="product">
                  {line.productName}
                  {line.characteristicName && <span className="muted"> · {line.characteristicName}</span>}
                </td>
                <td data-col="code" className="mono-soft">
                  {[line.productCode, line.article].filter(Boolean).join(' / ') || dash}
                </td>
                <td className="num" data-col="qty">
                  {quantityCell(line, 'qty')}
                </td>
                <td className="num" data-col="expected">
                  {quantityCell(line, 'expectedQty')}
                </td>
                {showPrices && (
                  <>
                    <td className="num" data-col="price">
                      {canEditPrice ? (
                        <NumberCell
                          value={line.price}
                          toText={input.money}
                          parse={parseMoney}
                          isEmptyAllowed
                          onCommit={(next) => onSetLine(line.lineNo, { price: next })}
                          onDone={onDone}
                          label={t('documents.editor.priceOf', { lineNo: line.lineNo })}
                          invalidMessage={t('documents.editor.invalidPrice')}
                          testId="line-price"
                        />
                      ) : (
                        <span data-testid="line-price" data-value={line.price ?? ''}>
                          {line.price === null ? dash : format.price(line.price)}
                        </span>
                      )}
                    </td>
                    <td className="num" data-col="amount" data-testid="line-amount" data-value={line.amount ?? ''}>
                      {line.amount === null ? dash : format.price(line.amount)}
                    </td>
                  </>
                )}
                {hasCheck && (
                  <td data-col="check">
                    <LineCheckChip check={line.check} />
                  </td>
                )}
                {isEditable && (
                  <td className="row-actions">
                    <button
                      type="button"
                      className="icon-button icon-button-small"
                      data-testid="line-remove"
                      aria-label={t('documents.editor.removeLine', { lineNo: line.lineNo })}
                      title={t('documents.editor.removeLine', { lineNo: line.lineNo })}
                      onClick={() => onRemoveLine(line.lineNo)}
                    >
                      ×
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr data-testid="doc-lines-total">
            <th scope="row" colSpan={3}>
              {t('documents.editor.total')}
            </th>
            <td className="num" data-testid="doc-total-qty" data-value={doc.totalQty}>
              {format.qty(doc.totalQty)}
            </td>
            <td />
            {showPrices && (
              <>
                <td />
                <td className="num" data-testid="doc-total-amount" data-value={doc.totalAmount}>
                  {format.price(doc.totalAmount)}
                </td>
              </>
            )}
            {hasCheck && <td />}
            {isEditable && <td />}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
