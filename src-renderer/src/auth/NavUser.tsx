import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import { useAuth } from './auth-context';

/** Who is signed in, and the two ways to leave the desk: lock (same person back) or sign out. */
export function NavUser() {
  const { t } = useTranslation();
  const { status, reload } = useAuth();
  if (status.mode === 'open') {
    return (
      <p className="nav-user note" data-testid="nav-open-mode">
        {t('auth.openMode')}
      </p>
    );
  }
  const leave = (channel: 'auth.lock' | 'auth.signOut'): void => void api.invoke(channel, {}).then(reload);
  return (
    <div className="nav-user" data-testid="nav-user">
      <span data-testid="nav-user-name">{status.user?.name}</span>
      <span className="muted"> ({t(`auth.roles.${status.user?.role ?? 'cashier'}`)})</span>
      <div className="nav-user-actions">
        <button type="button" className="button-link" onClick={() => leave('auth.lock')} data-testid="nav-lock">
          {t('auth.lock')}
        </button>
        <button type="button" className="button-link" onClick={() => leave('auth.signOut')} data-testid="nav-sign-out">
          {t('auth.signOut')}
        </button>
      </div>
    </div>
  );
}
