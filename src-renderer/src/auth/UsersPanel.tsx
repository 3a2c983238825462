import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type IpcError, type Settings, type UserView } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useAuth } from './auth-context';
import { UserDialog } from './UserDialog';
import { ErrorAlert } from '../app/ErrorAlert';

type Props = { settings: Settings; onChange: (settings: Settings) => void };

/** Настройки → Пользователи (admins only): the people of this PC, their roles, and the idle lock. */
export function UsersPanel({ settings, onChange }: Props) {
  const { t } = useTranslation();
  const auth = useAuth();
  const [users, setUsers] = useState<UserView[]>([]);
  const [editing, setEditing] = useState<UserView | 'new' | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [idle, setIdle] = useState(String(settings.idleLockMinutes));

  const reload = useCallback(() => {
    void api.invoke('users.list', {}).then((result) => (result.ok ? setUsers(result.value.items) : setError(result.error)));
  }, []);
  useEffect(reload, [reload]);

  async function toggle(user: UserView): Promise<void> {
    const result = await api.invoke('users.update', { id: user.id, isActive: !user.isActive });
    if (!result.ok) return setError(result.error);
    setError(null);
    reload();
  }
  async function saveIdle(): Promise<void> {
    const minutes = Number(idle);
    const result = await api.invoke('settings.set', { idleLockMinutes: minutes });
    if (!result.ok) return setError(result.error);
    setError(null);
    onChange(result.value);
  }

  return (
    <div className="form" data-testid="users-panel">
      <p className="note">{t('users.hint')}</p>
      {users.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="users-table">
            <thead>
              <tr>
                <th>{t('users.name')}</th>
                <th>{t('users.role')}</th>
                <th>{t('users.status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id} data-testid={`user-row-${user.name}`}>
                  <td>{user.name}</td>
                  <td>{t(`auth.roles.${user.role}`)}</td>
                  <td>{user.isActive ? t('users.active') : t('users.inactive')}</td>
                  <td>
                    <button type="button" className="button" onClick={() => setEditing(user)}>
                      {t('users.edit')}
                    </button>{' '}
                    <button type="button" className="button" onClick={() => void toggle(user)}>
                      {user.isActive ? t('users.disable') : t('users.enable')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <button type="button" className="button" onClick={() => setEditing('new')} data-testid="user-add">
        {t('users.add')}
      </button>
      <label className="field">
        <span className="field-label">{t('users.idleLock')}</span>
        <input type="number" min={1} max={240} value={idle} onChange={(event) => setIdle(event.target.value)} onBlur={() => void saveIdle()} data-testid="idle-lock-minutes" />
      </label>
      <ErrorAlert error={error} testId="users-error" />
      {editing !== null && (
        <UserDialog
          user={editing === 'new' ? null : editing}
          isFirst={editing === 'new' && !users.some((user) => user.isActive)}
          onDone={(saved) => {
            setEditing(null);
            if (saved === null) return;
            reload();
            // The first admin signs its creator in: the nav then shows who is working.
            auth.reload();
          }}
        />
      )}
    </div>
  );
}
