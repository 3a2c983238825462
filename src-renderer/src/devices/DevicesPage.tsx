import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/error-message';
import { PriceTagBatch } from '../labels/PriceTagBatch';
import { KeyboardWedgeSection } from './KeyboardWedgeSection';
import { PrintersSection } from './PrintersSection';
import { SerialScannersSection } from './SerialScannersSection';
import { useDeviceSettings } from './use-device-settings';
import { DeviceSection } from './DeviceSection';

/** «Устройства»: the keyboard-wedge scanner (thresholds, calibration, check), serial scanners, label printers, price tags for changed prices. */
export function DevicesPage() {
  const { t } = useTranslation();
  const control = useDeviceSettings();
  const settings = control.settings;

  return (
    <section className="page page-devices" data-testid="devices-page">
      <header className="page-header">
        <h1 data-testid="page-title">{t('nav.devices')}</h1>
      </header>
      {control.loadError && (
        <p className="error" role="alert" data-testid="devices-load-error">
          {t('devices.loadFailed')}: {errorMessage(t, control.loadError)}
        </p>
      )}
      {!settings && !control.loadError && <p className="muted">{t('app.loading')}</p>}
      {settings && (
        <>
          <KeyboardWedgeSection control={control} keyboard={settings.keyboard} />
          <SerialScannersSection control={control} settings={settings} />
          <PrintersSection control={control} settings={settings} />
        </>
      )}
      <DeviceSection name="price-changes" title={t('labels.priceChangesTitle')} intro={t('labels.priceChangesIntro')}>
        <PriceTagBatch source={{ source: 'priceChanges' }} isLoadedAtOnce={false} testId="price-changes" />
      </DeviceSection>
    </section>
  );
}
