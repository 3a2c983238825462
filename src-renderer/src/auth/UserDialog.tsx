import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type IpcError, type Role, type UserView } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useModalDialog } from '../app/use-modal-dialog';
import { ErrorAlert } from '../app/ErrorAlert';

// A record so the compiler reports a role added to the contract but missing from the choice.
const roleOrder = { cashier: 0, manager: 1, admin: 2 } satisfies Record<Role, number>;
const roles = (Object.keys(roleOrder) as Role[]).sort((a, b) => roleOrder[a] - roleOrder[b]);

type Props = {
  /** null: a new user. */
  user: UserView | null;
  /** The very first user must be the admin (core refuses anything else). */
  isFirst: boolean;
  onDone: (saved: UserView | null) => void;
};

/** Add a user, or change one's name, role, state or PIN. The PIN is never shown, only replaced. */
export function UserDialog({ user, isFirst, onDone }: Props) {
  const { t } = useTranslation();
  const ref = useModalDialog();
  const [name, setName] = useState(user?.name ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? (isFirst ? 'admin' : 'cashier'));
  const [pin, setPin] = useState('');
  const [error, setError] = useState<IpcError | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function onSubmit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setIsBusy(true);
    const result =
      user === null
        ? await api.invoke('users.create', { name, role, pin })
        : await api.invoke('users.update', { id: user.id, name, role, ...(pin === '' ? {} : { pin }) });
    setIsBusy(false);
    if (!result.ok) return setError(result.error);
    onDone(result.value);
  }

  return (
    <dialog ref={ref} className="confirm-dialog" data-testid="user-dialog" onCancel={() => onDone(null)}>
      <form className="form" onSubmit={(event) => void onSubmit(event)}>
        <h2>{user === null ? t('users.add') : t('users.edit')}</h2>
        {isFirst && <p className="note">{t('users.firstAdmin')}</p>}
        <label className="field">
          <span className="field-label">{t('users.name')}</span>
          <input value={name} onChange={(event) => setName(event.target.value)} data-testid="user-name" autoFocus />
        </label>
        <label className="field">
          <span className="field-label">{t('users.role')}</span>
          <select value={role} disabled={isFirst} onChange={(event) => setRole(event.target.value as Role)} data-testid="user-role">
            {roles.map((value) => (
              <option key={value} value={value}>
                {t(`auth.roles.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{user === null ? t('users.pin') : t('users.newPin')}</span>
          <input type="password" inputMode="numeric" autoComplete="new-password" maxLength={8} value={pin} onChange={(event) => setPin(event.target.value.replace(/\D/g, ''))} data-testid="user-pin" />
        </label>
        <ErrorAlert error={error} testId="user-error" />
        <div className="form-actions">
          <button type="button" className="button" onClick={() => onDone(null)}>
            {t('users.cancel')}
          </button>
          <button type="submit" className="button-primary" disabled={isBusy} data-testid="user-save">
            {t('users.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
