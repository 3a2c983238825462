import { useTranslation } from 'react-i18next';
import { hrefFor } from '../app/app-routes';

/** First run: until 1C is connected, admins see the way to the wizard on every screen. */
export function SetupBanner() {
  const { t } = useTranslation();
  return (
    <div className="setup-banner" role="status" data-testid="setup-banner">
      {t('wizard.banner')}{' '}
      <a href={hrefFor('setup')} data-testid="setup-banner-open">
        {t('wizard.open')}
      </a>
    </div>
  );
}
