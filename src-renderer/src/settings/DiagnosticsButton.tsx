import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type IpcError } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { downloadBlob } from '../reports/download-csv';
import { ErrorAlert } from '../app/ErrorAlert';

/** «Экспорт диагностики»: a zip for support, with passwords and tokens removed by core. */
export function DiagnosticsButton() {
  const { t } = useTranslation();
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  async function onClick(): Promise<void> {
    setIsBusy(true);
    setError(null);
    const result = await api.invoke('diagnostics.export', {});
    setIsBusy(false);
    if (!result.ok) return setError(result.error);
    const bytes = Uint8Array.from(atob(result.value.base64), (char) => char.charCodeAt(0));
    downloadBlob(result.value.fileName, new Blob([bytes], { type: 'application/zip' }));
  }

  return (
    <div className="form">
      <p className="note">{t('diagnostics.hint')}</p>
      <button type="button" className="button" disabled={isBusy} onClick={() => void onClick()} data-testid="diagnostics-export">
        {isBusy ? t('diagnostics.exporting') : t('diagnostics.export')}
      </button>
      <ErrorAlert error={error} />
    </div>
  );
}
