import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AlertChannel } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { errorMessage } from '../i18n/error-message';

type Outcome = { isDelivered: boolean; message: string };

/** «Проверить»: sends a test alert through one channel with the saved settings and says what happened. */
export function DeliveryTestButton({ channel, isDisabled }: { channel: AlertChannel; isDisabled: boolean }) {
  const { t } = useTranslation();
  const [isTesting, setIsTesting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  return (
    <span className="delivery-test">
      <button
        type="button"
        className="button"
        data-testid={`delivery-test-${channel}`}
        aria-label={t('alerts.delivery.testFor', { channel: t(`alerts.channels.${channel}`) })}
        disabled={isDisabled || isTesting}
        onClick={() => {
          setIsTesting(true);
          setOutcome(null);
          void api.invoke('alerts.testDelivery', { channel }).then((result) => {
            setIsTesting(false);
            setOutcome(result.ok ? result.value : { isDelivered: false, message: errorMessage(t, result.error) });
          });
        }}
      >
        {isTesting ? t('alerts.delivery.testing') : t('alerts.delivery.test')}
      </button>
      {outcome && (
        <span
          role="status"
          className={outcome.isDelivered ? 'success' : 'error'}
          data-testid={`delivery-test-result-${channel}`}
          data-delivered={outcome.isDelivered}
        >
          {outcome.isDelivered ? t('alerts.delivery.delivered') : t('alerts.delivery.notDelivered')} {outcome.message}
        </span>
      )}
    </span>
  );
}
