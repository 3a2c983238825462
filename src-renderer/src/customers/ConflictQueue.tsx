import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CustomerConflict, type CustomerVersion, type CustomerVersionField, type IpcError } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useCan } from '../auth/auth-context';
import { errorMessage } from '../i18n/error-message';
import { createStockFormatters } from '../stock/stock-format';
import { type ConflictSide, type ConflictTake, defaultTake, fieldState, isSentTo1C, takeAll } from './conflict-choice';
import { customerFieldList } from './customer-form';
import { type ConflictQueueControl } from './use-customer-conflicts';
import { ErrorAlert } from '../app/ErrorAlert';

type Props = { queue: ConflictQueueControl; onResolved: () => void };

/** Customers changed here and in 1C since they were last equal, each waiting for a decision. */
export function ConflictQueue({ queue, onResolved }: Props) {
  const { t } = useTranslation();
  if (queue.error) {
    return (
      <p className="error" role="alert" data-testid="conflicts-error">
        {errorMessage(t, queue.error)}
      </p>
    );
  }
  if (queue.conflicts === null) return <p className="empty">{t('app.loading')}</p>;
  if (queue.conflicts.length === 0) {
    return (
      <p className="empty" data-testid="conflicts-empty">
        {t('customers.conflicts.empty')}
      </p>
    );
  }
  return (
    <>
      <p className="field-hint">{t('customers.conflicts.hint')}</p>
      {queue.conflicts.map((conflict) => (
        <ConflictCard
          key={conflict.id}
          conflict={conflict}
          onResolved={() => {
            queue.reload();
            onResolved();
          }}
        />
      ))}
    </>
  );
}

function ConflictCard({ conflict, onResolved }: { conflict: CustomerConflict; onResolved: () => void }) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const canResolve = useCan('customers.resolve');
  const [take, setTake] = useState<ConflictTake>(() => defaultTake(conflict));
  const [isSaving, setIsSaving] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const hasBase = conflict.base !== null;
  const dash = t('stock.noValue');

  function shown(version: CustomerVersion, field: CustomerVersionField): string {
    if (field === 'kind') return t(`customers.kinds.${version.kind}`);
    if (field === 'country') return t(`customers.countries.${version.country}`);
    return version[field] === '' ? dash : version[field];
  }

  async function resolve(chosen: ConflictTake): Promise<void> {
    setIsSaving(true);
    setError(null);
    const result = await api.invoke('customers.conflicts.resolve', { id: conflict.id, take: chosen });
    setIsSaving(false);
    if (!result.ok) return setError(result.error);
    onResolved();
  }

  function choice(field: CustomerVersionField, side: ConflictSide, version: CustomerVersion) {
    const value = shown(version, field);
    if (!canResolve) return <span data-value={version[field]}>{value}</span>;
    return (
      <label className="radio conflict-choice">
        <input
          type="radio"
          name={`conflict-${conflict.id}-${field}`}
          data-testid={`conflict-take-${field}-${side}`}
          checked={take[field] === side}
          disabled={isSaving}
          onChange={() => setTake((prev) => ({ ...prev, [field]: side }))}
        />
        <span data-value={version[field]}>{value}</span>
      </label>
    );
  }

  const title = conflict.local.name === conflict.remote.name ? conflict.local.name : `${conflict.local.name} / ${conflict.remote.name}`;

  return (
    <section className="dash-panel conflict-card" data-testid="conflict" data-id={conflict.id} data-customer-id={conflict.customerId} aria-labelledby={`conflict-${conflict.id}-title`}>
      <div className="dash-panel-head">
        <h2 id={`conflict-${conflict.id}-title`}>{title}</h2>
        <span className="muted">{t('customers.conflicts.detectedAt', { time: format.dateTime(conflict.detectedAt) })}</span>
      </div>
      <div className="table-scroll">
        <table className="data-table conflict-table">
          <thead>
            <tr>
              <th scope="col">{t('customers.conflicts.field')}</th>
              {hasBase && <th scope="col">{t('customers.conflicts.base')}</th>}
              <th scope="col">{t('customers.conflicts.local')}</th>
              <th scope="col">{t('customers.conflicts.remote')}</th>
            </tr>
          </thead>
          <tbody>
            {customerFieldList.map((field) => {
              const state = fieldState(conflict, field);
              const isSame = state === 'same';
              return (
                <tr key={field} className={isSame ? 'is-same' : 'is-different'} data-testid={`conflict-field-${field}`} data-state={state}>
                  <th scope="row">
                    {t(`customers.fields.${field}`)}
                    {!isSame && <div className="cell-note">{t(`customers.conflicts.states.${state}`)}</div>}
                  </th>
                  {hasBase && conflict.base && <td className="muted">{shown(conflict.base, field)}</td>}
                  {isSame ? (
                    <td colSpan={2} className="muted">
                      {shown(conflict.local, field)}
                    </td>
                  ) : (
                    <>
                      <td className={take[field] === 'local' ? 'is-taken' : undefined}>{choice(field, 'local', conflict.local)}</td>
                      <td className={take[field] === 'remote' ? 'is-taken' : undefined}>{choice(field, 'remote', conflict.remote)}</td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {canResolve ? (
        <>
          <p className="muted" data-testid="conflict-outcome">
            {isSentTo1C(conflict, take) ? t('customers.conflicts.outcomeSend') : t('customers.conflicts.outcomeAs1C')}
          </p>
          <ErrorAlert error={error} testId="conflict-error" />
          <div className="form-actions">
            <button type="button" className="button" data-testid="conflict-keep-local" disabled={isSaving} onClick={() => void resolve(takeAll('local'))}>
              {t('customers.conflicts.keepLocal')}
            </button>
            <button type="button" className="button" data-testid="conflict-take-remote" disabled={isSaving} onClick={() => void resolve(takeAll('remote'))}>
              {t('customers.conflicts.takeRemote')}
            </button>
            <button type="button" className="button-primary" data-testid="conflict-apply" disabled={isSaving} onClick={() => void resolve(take)}>
              {t('customers.conflicts.apply')}
            </button>
          </div>
        </>
      ) : (
        <p className="muted">{t('customers.conflicts.noRight')}</p>
      )}
    </section>
  );
}
