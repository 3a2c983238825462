import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CustomerDetail, type CustomerRow, type CustomerVersionField, type IpcError } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useEvent } from '../api/use-event';
import { useInvoke } from '../api/use-invoke';
import { fieldErrors } from '../alerts/field-errors';
import { FieldError } from '../alerts/FieldError';
import { hrefFor } from '../app/app-routes';
import { useModalDialog } from '../app/use-modal-dialog';
import { useCan } from '../auth/auth-context';
import { isDocumentKind } from '../documents/document-kinds';
import { errorMessage } from '../i18n/error-message';
import { createStockFormatters } from '../stock/stock-format';
import {
  customerCountryList,
  customerFieldList,
  type CustomerForm,
  customerInputFromForm,
  customerKindList,
  emptyCustomerForm,
  existingCustomerId,
  formFromCustomer,
  isKppShown,
  taxIdName,
} from './customer-form';
import { CustomerSyncBadge } from './CustomerSyncBadge';

type Props = {
  /** null: a new customer registered at the counter. */
  id: string | null;
  onClose: () => void;
  onSaved: (customer: CustomerRow) => void;
  /** A duplicate was refused: open the customer that already has this INN, e-mail or phone. */
  onOpenExisting: (id: string) => void;
};

/** The customer card: create or edit, 1C's refusal, an open conflict, and the customer's documents. */
export function CustomerDialog({ id, onClose, onSaved, onOpenExisting }: Props) {
  const { t } = useTranslation();
  const dialogRef = useModalDialog();
  return (
    <dialog
      ref={dialogRef}
      className="form-dialog customer-dialog"
      data-testid="customer-dialog"
      aria-labelledby="customer-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {id === null ? (
        <CustomerCard detail={null} onClose={onClose} onSaved={onSaved} onOpenExisting={onOpenExisting} />
      ) : (
        <ExistingCustomer id={id} onClose={onClose} onSaved={onSaved} onOpenExisting={onOpenExisting} closeLabel={t('customers.card.close')} />
      )}
    </dialog>
  );
}

function ExistingCustomer({ id, closeLabel, ...rest }: Omit<Props, 'id'> & { id: string; closeLabel: string }) {
  const { t } = useTranslation();
  const detail = useInvoke('customers.get', { id });
  const { reload } = detail;
  // The outbox sends it, 1C refuses it, a pull finds a conflict: the card follows while it is open.
  useEvent('customers.changed', (event) => {
    if (event.id === id) reload();
  });
  if (detail.value) return <CustomerCard detail={detail.value} {...rest} />;
  return (
    <div className="form form-stack">
      <h2 id="customer-dialog-title">{t('customers.card.title')}</h2>
      {detail.status === 'error' ? (
        <p className="error" role="alert" data-testid="customer-load-error">
          {errorMessage(t, detail.error)}
        </p>
      ) : (
        <p className="empty">{t('app.loading')}</p>
      )}
      <div className="form-actions">
        <button type="button" className="button" data-testid="customer-cancel" onClick={rest.onClose}>
          {closeLabel}
        </button>
      </div>
    </div>
  );
}

type CardProps = Omit<Props, 'id'> & { detail: CustomerDetail | null };

type Problem = { kind: 'host'; error: IpcError } | { kind: 'duplicate'; error: IpcError; existingId: string };

function CustomerCard({ detail, onClose, onSaved, onOpenExisting }: CardProps) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const canEdit = useCan('customers');
  const canResolve = useCan('customers.resolve');
  // The form starts from the card as it was opened; later changes of the state (sent, refused) show
  // in the banners without overwriting what the user types.
  const [form, setForm] = useState<CustomerForm>(() => (detail ? formFromCustomer(detail) : emptyCustomerForm()));
  const [errors, setErrors] = useState<Partial<Record<CustomerVersionField, string>>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const isReadOnly = !canEdit;

  const update = (patch: Partial<CustomerForm>): void => setForm((prev) => ({ ...prev, ...patch }));

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (isReadOnly) return;
    setProblem(null);
    setIsSaving(true);
    const fields = customerInputFromForm(form);
    const result = detail ? await api.invoke('customers.update', { id: detail.id, fields }) : await api.invoke('customers.create', fields);
    setIsSaving(false);
    if (result.ok) return onSaved(result.value);
    const existingId = existingCustomerId(result.error);
    if (existingId !== null && existingId !== detail?.id) {
      setErrors({});
      return setProblem({ kind: 'duplicate', error: result.error, existingId });
    }
    const spread = fieldErrors(result.error, customerFieldList);
    setErrors(spread.byField);
    // Field messages stand next to their fields; anything left (or a non-validation error) goes on top.
    if (spread.other !== null) setProblem({ kind: 'host', error: Object.keys(spread.byField).length > 0 ? { ...result.error, message: spread.other } : result.error });
  }

  const describedBy = (field: CustomerVersionField): string | undefined => (errors[field] ? `customer-error-${field}` : undefined);

  function textField(field: 'name' | 'inn' | 'kpp' | 'phone' | 'email', label: string, extra: { inputMode?: 'numeric' | 'tel' | 'email'; maxLength: number; hint?: string }): ReactNode {
    return (
      <label className={field === 'name' ? 'field field-wide' : 'field'}>
        <span className="field-label">{label}</span>
        <input
          type="text"
          inputMode={extra.inputMode}
          data-testid={`customer-${field}`}
          value={form[field]}
          maxLength={extra.maxLength}
          readOnly={isReadOnly}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={errors[field] ? true : undefined}
          aria-describedby={describedBy(field)}
          onChange={(event) => {
            update({ [field]: event.target.value });
            // A corrected field loses its old message; the host checks again on save.
            if (errors[field]) setErrors((prev) => ({ ...prev, [field]: undefined }));
          }}
        />
        {extra.hint && <span className="field-hint">{extra.hint}</span>}
        <FieldError id={`customer-error-${field}`} message={errors[field]} />
      </label>
    );
  }

  const title = detail ? detail.name : t('customers.card.newTitle');
  const taxId = taxIdName(form);

  return (
    <form className="form form-stack" onSubmit={(event) => void onSubmit(event)} noValidate data-id={detail?.id}>
      <div className="page-header-row">
        <h2 id="customer-dialog-title">{title}</h2>
        {detail && <CustomerSyncBadge state={detail.syncState} />}
      </div>

      {detail?.syncState === 'rejected' && (
        <div className="doc-rejected" role="alert" data-testid="customer-rejected">
          <p className="doc-rejected-message" data-testid="customer-rejected-message">
            {detail.last1cMessage ? t('customers.card.rejected', { message: detail.last1cMessage }) : t('customers.card.rejectedNoMessage')}
          </p>
          <p className="doc-rejected-hint">{t('customers.card.rejectedHint')}</p>
        </div>
      )}
      {detail?.syncState === 'queued' && (
        <p className="notice" role="status" data-testid="customer-queued">
          {t('customers.card.queued')}
        </p>
      )}
      {detail?.openConflictId && (
        <p className="notice" role="status" data-testid="customer-conflict">
          {t('customers.card.inConflict')}{' '}
          {canResolve && (
            <a href={hrefFor('customers', 'conflicts')} data-testid="customer-open-conflicts">
              {t('customers.card.openConflicts')}
            </a>
          )}
        </p>
      )}

      <div className="field-row">
        <fieldset className="radio-row">
          <legend className="field-label">{t('customers.card.kind')}</legend>
          {customerKindList.map((kind) => (
            <label key={kind} className="radio">
              <input type="radio" name="customer-kind" data-testid={`customer-kind-${kind}`} checked={form.kind === kind} disabled={isReadOnly} onChange={() => update({ kind })} />
              {t(`customers.kinds.${kind}`)}
            </label>
          ))}
          <FieldError id="customer-error-kind" message={errors.kind} />
        </fieldset>
        <fieldset className="radio-row">
          <legend className="field-label">{t('customers.card.country')}</legend>
          {customerCountryList.map((country) => (
            <label key={country} className="radio">
              <input type="radio" name="customer-country" data-testid={`customer-country-${country}`} checked={form.country === country} disabled={isReadOnly} onChange={() => update({ country })} />
              {t(`customers.countries.${country}`)}
            </label>
          ))}
          <FieldError id="customer-error-country" message={errors.country} />
        </fieldset>
      </div>

      {textField('name', t(form.kind === 'company' ? 'customers.card.companyName' : 'customers.card.personName'), { maxLength: 150 })}
      <div className="field-row">
        {textField('inn', t(`customers.taxIds.${taxId}`), { inputMode: 'numeric', maxLength: 20, hint: t(`customers.taxIdHints.${taxId}`) })}
        {isKppShown(form) && textField('kpp', t('customers.card.kpp'), { inputMode: 'numeric', maxLength: 20 })}
      </div>
      <div className="field-row">
        {textField('phone', t('customers.card.phone'), { inputMode: 'tel', maxLength: 40 })}
        {textField('email', t('customers.card.email'), { inputMode: 'email', maxLength: 100 })}
      </div>

      {problem?.kind === 'duplicate' && (
        <div className="notice" role="alert" data-testid="customer-duplicate">
          <p>{t('customers.card.duplicate', { message: problem.error.message })}</p>
          <button type="button" className="button" data-testid="customer-open-existing" onClick={() => onOpenExisting(problem.existingId)}>
            {t('customers.card.openExisting')}
          </button>
        </div>
      )}
      {problem?.kind === 'host' && (
        <p className="error" role="alert" data-testid="customer-error">
          {t('customers.card.saveFailed')}: {errorMessage(t, problem.error)}
        </p>
      )}

      <div className="form-actions">
        <button type="button" className="button" data-testid="customer-cancel" onClick={onClose}>
          {isReadOnly ? t('customers.card.close') : t('customers.card.cancel')}
        </button>
        {!isReadOnly && (
          <button type="submit" className="button-primary" data-testid="customer-save" disabled={isSaving}>
            {isSaving ? t('customers.card.saving') : t('customers.card.save')}
          </button>
        )}
      </div>

      {detail && (
        <section className="customer-documents" aria-labelledby="customer-documents-title">
          <h3 id="customer-documents-title">{t('customers.card.documents')}</h3>
          {detail.documents.length === 0 ? (
            <p className="muted" data-testid="customer-documents-empty">
              {t('customers.card.noDocuments')}
            </p>
          ) : (
            <table className="data-table" data-testid="customer-documents">
              <thead>
                <tr>
                  <th scope="col">{t('documents.columns.kind')}</th>
                  <th scope="col">{t('documents.columns.number')}</th>
                  <th scope="col">{t('documents.columns.date')}</th>
                  <th scope="col">{t('documents.columns.status')}</th>
                </tr>
              </thead>
              <tbody>
                {detail.documents.map((doc) => (
                  <tr key={doc.id} data-testid="customer-document" data-id={doc.id}>
                    <td>{isDocumentKind(doc.kind) ? t(`documents.kinds.${doc.kind}`) : doc.kind}</td>
                    <td>
                      <a href={hrefFor('documents', doc.id)}>{doc.localNumber}</a>
                    </td>
                    <td>{format.dateTime(doc.date)}</td>
                    <td>{i18n.exists(`documents.statuses.${doc.status}`) ? t(`documents.statuses.${doc.status}`) : doc.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </form>
  );
}
