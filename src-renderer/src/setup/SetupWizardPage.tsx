import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ConnectionCheck } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { CheckResult } from './CheckResult';
import { ConnectionStep } from './ConnectionStep';
import { emptySetupForm, formFromSettings, type SetupForm } from './setup-form';
import { StoreStep } from './StoreStep';

/**
 * Мастер подключения к 1С: connection (checked before anything is saved), what the publication lacks
 * with the 1C code for its admin, then — after the first sync brought the warehouses — this PC's
 * store and the schedule.
 */
export function SetupWizardPage() {
  const { t } = useTranslation();
  const [form, setForm] = useState<SetupForm>(emptySetupForm);
  const [check, setCheck] = useState<ConnectionCheck | null>(null);
  const [isApplied, setIsApplied] = useState(false);
  // Run again later (new address, proxy or certificate): it starts from what is saved, password aside.
  useEffect(() => {
    void api.invoke('settings.get', {}).then((result) => result.ok && setForm((current) => (current === emptySetupForm ? formFromSettings(result.value) : current)));
  }, []);

  return (
    <section className="page" data-testid="setup-wizard">
      <header className="page-header">
        <h1 data-testid="page-title">{t('wizard.title')}</h1>
      </header>
      <h2>{t('wizard.stepConnect')}</h2>
      <ConnectionStep
        form={form}
        isLocked={isApplied}
        onChange={(next) => {
          setForm(next);
          setCheck(null);
        }}
        onChecked={setCheck}
      />
      {check && (
        <>
          <h2>{t('wizard.stepCheck')}</h2>
          <CheckResult form={form} check={check} isApplied={isApplied} onProfile={(profile) => setForm({ ...form, profile })} onNames={(names) => setForm({ ...form, names })} onRechecked={setCheck} onApplied={() => setIsApplied(true)} />
        </>
      )}
      {isApplied && (
        <>
          <h2>{t('wizard.stepStore')}</h2>
          <StoreStep />
        </>
      )}
    </section>
  );
}
