import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AuthStatus, type IpcError } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { errorMessage } from '../i18n/error-message';
import { applyLanguage } from '../i18n/i18n.setup';
import { AuthContext } from './auth-context';
import { SignInScreen } from './SignInScreen';
import { useActivityTouch } from './use-activity-touch';

type Gate = { state: 'loading' } | { state: 'ready'; status: AuthStatus } | { state: 'error'; error: IpcError };

/**
 * Nothing of the app mounts until the desk session allows it: signed in, or an open PC without users.
 * Core announces sign-in, sign-out and the idle lock with `auth.changed`; the gate re-reads the status.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [gate, setGate] = useState<Gate>({ state: 'loading' });
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((n) => n + 1), []);

  useEffect(() => {
    let isCurrent = true;
    void api.invoke('auth.status', {}).then(async (result) => {
      if (!isCurrent) return;
      if (!result.ok) return setGate({ state: 'error', error: result.error });
      await applyLanguage(result.value.language);
      if (isCurrent) setGate({ state: 'ready', status: result.value });
    });
    return () => {
      isCurrent = false;
    };
  }, [version]);
  useEffect(() => api.on('auth.changed', reload), [reload]);

  const status = gate.state === 'ready' ? gate.status : null;
  const isOpen = status !== null && (status.mode === 'signedIn' || status.mode === 'open');
  useActivityTouch(status?.mode === 'signedIn');
  const control = useMemo(() => (status === null ? null : { status, reload }), [status, reload]);

  if (gate.state === 'loading') {
    return (
      <div className="app app-centered" data-app-state="loading">
        <p>{t('app.loading')}</p>
      </div>
    );
  }
  if (gate.state === 'error') {
    return (
      <div className="app app-centered" data-app-state="error">
        <div className="boot-error" role="alert">
          <h1>{t('app.loadFailed')}</h1>
          <p data-testid="app-error">{errorMessage(t, gate.error)}</p>
          <button type="button" onClick={reload}>
            {t('app.retry')}
          </button>
        </div>
      </div>
    );
  }
  if (!isOpen || control === null) return <SignInScreen status={gate.status} onSignedIn={reload} />;
  return <AuthContext.Provider value={control}>{children}</AuthContext.Provider>;
}
