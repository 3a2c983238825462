import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DocumentView } from '../../../src-preload/contract';
import { useInvoke } from '../api/use-invoke';
import { CustomerPicker } from '../customers/CustomerPicker';
import { createStockFormatters } from '../stock/stock-format';
import { isDestinationNeeded } from './document-kinds';

export type HeaderPatch = { warehouseId?: number; toWarehouseId?: number | null; comment?: string; customerId?: string | null };

type Props = {
  document: DocumentView;
  onUpdate: (patch: HeaderPatch) => Promise<boolean>;
};

/** Date, numbers, warehouse(s) and comment; the warehouses and the comment are editable with the document. */
export function HeaderFields({ document: doc, onUpdate }: Props) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const warehouses = useInvoke('warehouses.list', {});
  const [commentDraft, setCommentDraft] = useState<string | null>(null);
  const isTransfer = isDestinationNeeded(doc.kind);
  const isEditable = doc.isEditable;
  const list = warehouses.value ?? [];
  const dash = t('stock.noValue');

  async function saveComment(): Promise<void> {
    if (commentDraft === null) return;
    const comment = commentDraft.trim();
    if (comment === doc.comment) {
      setCommentDraft(null);
      return;
    }
    if (await onUpdate({ comment })) setCommentDraft(null);
  }

  function warehouseSelect(field: 'warehouseId' | 'toWarehouseId') {
    const value = field === 'warehouseId' ? doc.warehouseId : doc.toWarehouseId;
    const name = field === 'warehouseId' ? doc.warehouseName : doc.toWarehouseName;
    const testId = field === 'warehouseId' ? 'doc-warehouse' : 'doc-to-warehouse';
    if (!isEditable || list.length === 0) return <span data-testid={testId}>{name ?? t('documents.editor.notChosen')}</span>;
    const other = field === 'warehouseId' ? doc.toWarehouseId : doc.warehouseId;
    return (
      <select
        data-testid={testId}
        value={value === null ? '' : String(value)}
        onChange={(event) => {
          const next = Number(event.target.value);
          if (!Number.isInteger(next) || next <= 0) return;
          void onUpdate(field === 'warehouseId' ? { warehouseId: next } : { toWarehouseId: next });
        }}
      >
        {value === null && <option value="">{t('documents.editor.notChosen')}</option>}
        {list
          .filter((w) => !isTransfer || w.id !== other)
          .map((w) => (
            <option key={w.id} value={String(w.id)}>
              {w.name}
            </option>
          ))}
      </select>
    );
  }

  return (
    <dl className="doc-header-fields">
      <div>
        <dt>{t('documents.editor.date')}</dt>
        <dd data-testid="doc-date">{format.dateTime(doc.date)}</dd>
      </div>
      <div>
        <dt>{t('documents.editor.number')}</dt>
        <dd data-testid="doc-local-number">{doc.localNumber}</dd>
      </div>
      <div>
        <dt>{t('documents.editor.number1c')}</dt>
        <dd data-testid="doc-number-1c" data-value={doc.number1c ?? ''}>
          {doc.number1c ?? <span className="muted">{t('documents.editor.notPosted')}</span>}
        </dd>
      </div>
      <div>
        <dt>{t(isTransfer ? 'documents.editor.fromWarehouse' : 'documents.editor.warehouse')}</dt>
        <dd>{warehouseSelect('warehouseId')}</dd>
      </div>
      {isTransfer && (
        <div>
          <dt>{t('documents.editor.toWarehouse')}</dt>
          <dd>{warehouseSelect('toWarehouseId')}</dd>
        </div>
      )}
      {doc.kind === 'shipment' && (
        <div>
          <dt>{t('customers.picker.label')}</dt>
          <dd>
            <CustomerPicker
              value={doc.customerId === null ? null : { id: doc.customerId, name: doc.customerName ?? doc.customerId }}
              onChange={(customer) => onUpdate({ customerId: customer?.id ?? null })}
              isDisabled={!isEditable}
              testId="doc-customer"
            />
          </dd>
        </div>
      )}
      <div className="doc-comment">
        <dt>{t('documents.editor.comment')}</dt>
        <dd>
          {isEditable ? (
            <input
              type="text"
              data-testid="doc-comment"
              aria-label={t('documents.editor.comment')}
              maxLength={1000}
              value={commentDraft ?? doc.comment}
              onChange={(event) => setCommentDraft(event.target.value)}
              onBlur={() => void saveComment()}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  void saveComment();
                } else if (event.key === 'Escape') setCommentDraft(null);
              }}
            />
          ) : (
            <span data-testid="doc-comment">{doc.comment || dash}</span>
          )}
        </dd>
      </div>
    </dl>
  );
}
