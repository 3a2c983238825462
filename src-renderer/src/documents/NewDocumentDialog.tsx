import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useModalDialog } from '../app/use-modal-dialog';
import { type DocumentKind, type DocumentView, type IpcError } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useInvoke } from '../api/use-invoke';
import { errorMessage } from '../i18n/error-message';
import { documentKindList, isDestinationNeeded, isDocumentKind } from './document-kinds';
import { ErrorAlert } from '../app/ErrorAlert';

type Props = {
  onCreated: (document: DocumentView) => void;
  onClose: () => void;
};

type Problem =
  | { kind: 'local'; key: 'documents.create.needWarehouse' | 'documents.create.needToWarehouse' | 'documents.create.sameWarehouse' }
  | { kind: 'host'; error: IpcError };

/** Kind, warehouse(s) and comment of a new document, as a modal dialog over the list. */
export function NewDocumentDialog({ onCreated, onClose }: Props) {
  const { t } = useTranslation();
  // Modal for the component's lifetime; focus goes back to the opener (the component is removed, not closed).
  const dialogRef = useModalDialog();
  const warehouses = useInvoke('warehouses.list', {});
  const [kind, setKind] = useState<DocumentKind>('receipt');
  // null = not chosen by the user yet: the home store is the default.
  const [chosenWarehouse, setChosenWarehouse] = useState<string | null>(null);
  const [toWarehouse, setToWarehouse] = useState('');
  const [comment, setComment] = useState('');
  const [isSaving, setIsSaving] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  const list = warehouses.value ?? [];
  const home = list.find((w) => w.isHome) ?? (list.length === 1 ? list[0] : undefined);
  const warehouse = chosenWarehouse ?? (home ? String(home.id) : '');
  const isTransfer = isDestinationNeeded(kind);


  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (warehouse === '') return setProblem({ kind: 'local', key: 'documents.create.needWarehouse' });
    if (isTransfer && toWarehouse === '') return setProblem({ kind: 'local', key: 'documents.create.needToWarehouse' });
    if (isTransfer && toWarehouse === warehouse) return setProblem({ kind: 'local', key: 'documents.create.sameWarehouse' });
    setProblem(null);
    setIsSaving(true);
    const result = await api.invoke('documents.create', {
      kind,
      warehouseId: Number(warehouse),
      toWarehouseId: isTransfer ? Number(toWarehouse) : null,
      comment: comment.trim() || undefined,
    });
    setIsSaving(false);
    if (!result.ok) return setProblem({ kind: 'host', error: result.error });
    onCreated(result.value);
  }

  return (
    <dialog
      ref={dialogRef}
      className="form-dialog"
      data-testid="doc-new-dialog"
      aria-labelledby="doc-new-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form className="form form-stack" onSubmit={(event) => void onSubmit(event)} noValidate>
        <h2 id="doc-new-title">{t('documents.create.title')}</h2>
        <fieldset className="kind-choice">
          <legend className="field-label">{t('documents.create.kind')}</legend>
          {documentKindList.map((k) => (
            <label key={k} className="radio">
              <input
                type="radio"
                name="doc-kind"
                value={k}
                data-testid={`doc-new-kind-${k}`}
                checked={kind === k}
                onChange={(event) => {
                  if (isDocumentKind(event.target.value)) setKind(event.target.value);
                }}
              />
              {t(`documents.kinds.${k}`)}
            </label>
          ))}
        </fieldset>
        {warehouses.status !== 'loading' && list.length === 0 ? (
          <p className="notice" data-testid="doc-new-no-warehouses">
            {t('documents.create.noWarehouses')}
          </p>
        ) : (
          <>
            <label className="field">
              <span className="field-label">{t(isTransfer ? 'documents.create.fromWarehouse' : 'documents.create.warehouse')}</span>
              <select
                data-testid="doc-new-warehouse"
                value={warehouse}
                aria-invalid={problem?.kind === 'local' && problem.key === 'documents.create.needWarehouse' ? true : undefined}
                onChange={(event) => setChosenWarehouse(event.target.value)}
              >
                <option value="">{t('documents.create.chooseWarehouse')}</option>
                {list.map((w) => (
                  <option key={w.id} value={String(w.id)}>
                    {w.name}
                  </option>
                ))}
              </select>
            </label>
            {isTransfer && (
              <label className="field">
                <span className="field-label">{t('documents.create.toWarehouse')}</span>
                <select
                  data-testid="doc-new-to-warehouse"
                  value={toWarehouse}
                  aria-invalid={problem?.kind === 'local' && problem.key !== 'documents.create.needWarehouse' ? true : undefined}
                  onChange={(event) => setToWarehouse(event.target.value)}
                >
                  <option value="">{t('documents.create.chooseWarehouse')}</option>
                  {list
                    .filter((w) => String(w.id) !== warehouse)
                    .map((w) => (
                      <option key={w.id} value={String(w.id)}>
                        {w.name}
                      </option>
                    ))}
                </select>
              </label>
            )}
          </>
        )}
        <label className="field field-wide">
          <span className="field-label">{t('documents.create.comment')}</span>
          <textarea
            data-testid="doc-new-comment"
            rows={2}
            maxLength={1000}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
          />
        </label>
        {problem && (
          <p className="error" role="alert" data-testid="doc-new-error">
            {problem.kind === 'local' ? t(problem.key) : `${t('documents.create.failed')}: ${errorMessage(t, problem.error)}`}
          </p>
        )}
        <ErrorAlert error={warehouses.status === 'error' ? warehouses.error : null} />
        <div className="form-actions">
          <button type="button" className="button" data-testid="doc-new-cancel" onClick={onClose}>
            {t('documents.create.cancel')}
          </button>
          <button type="submit" className="button-primary" data-testid="doc-new-submit" disabled={isSaving || list.length === 0}>
            {isSaving ? t('documents.create.creating') : t('documents.create.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
