import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AuthStatus, type IpcError } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { ErrorAlert } from '../app/ErrorAlert';

type Props = { status: AuthStatus; onSignedIn: () => void };

/** Choose yourself, type the PIN. A locked session preselects the user who locked it. */
export function SignInScreen({ status, onSignedIn }: Props) {
  const { t } = useTranslation();
  const [userId, setUserId] = useState(status.user?.id ?? status.users[0]?.id ?? '');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<IpcError | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function onSubmit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setIsBusy(true);
    setError(null);
    const result = await api.invoke('auth.signIn', { userId, pin });
    setIsBusy(false);
    setPin('');
    if (!result.ok) return setError(result.error);
    onSignedIn();
  }

  return (
    <div className="app app-centered" data-app-state="sign-in" data-auth-mode={status.mode}>
      <form className="form sign-in" data-testid="sign-in-form" onSubmit={(event) => void onSubmit(event)}>
        <h1>{t('auth.title')}</h1>
        {status.mode === 'locked' && <p className="note" data-testid="sign-in-locked">{t('auth.locked')}</p>}
        {status.users.length === 0 ? (
          <p>{t('auth.noUsers')}</p>
        ) : (
          <fieldset className="sign-in-users">
            <legend>{t('auth.chooseUser')}</legend>
            {status.users.map((user) => (
              <label key={user.id} className="sign-in-user">
                <input type="radio" name="user" value={user.id} checked={user.id === userId} onChange={() => setUserId(user.id)} data-testid={`sign-in-user-${user.name}`} />
                {user.name} <span className="muted">({t(`auth.roles.${user.role}`)})</span>
              </label>
            ))}
          </fieldset>
        )}
        <label className="field">
          <span className="field-label">{t('auth.pin')}</span>
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            maxLength={8}
            value={pin}
            onChange={(event) => setPin(event.target.value.replace(/\D/g, ''))}
            data-testid="sign-in-pin"
          />
        </label>
        <ErrorAlert error={error} testId="sign-in-error" />
        <button type="submit" className="button-primary" disabled={isBusy || userId === '' || pin.length < 4} data-testid="sign-in-submit">
          {isBusy ? t('auth.signingIn') : t('auth.signIn')}
        </button>
      </form>
    </div>
  );
}
