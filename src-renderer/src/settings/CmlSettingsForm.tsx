import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type IpcError, type Settings } from '../../../src-preload/contract';
import { fieldErrors } from '../alerts/field-errors';
import { FieldError } from '../alerts/FieldError';
import { errorMessage } from '../i18n/error-message';
import { SettingsSaveActions, SettingsSaveError } from './SettingsFormStatus';
import { useSettingsDraft } from './use-settings-draft';

type Encoding = Settings['cmlExportEncoding'];
// A record so the compiler reports an encoding added to the contract but missing from the choice.
const encodingOrder = { 'windows-1251': 0, 'utf-8-bom': 1 } satisfies Record<Encoding, number>;
const encodings = (Object.keys(encodingOrder) as Encoding[]).sort((a, b) => encodingOrder[a] - encodingOrder[b]);

type Draft = Pick<Settings, 'cmlFolder' | 'cmlAutoImport' | 'cmlExportEncoding'>;

function toDraft(settings: Settings): Draft {
  return { cmlFolder: settings.cmlFolder, cmlAutoImport: settings.cmlAutoImport, cmlExportEncoding: settings.cmlExportEncoding };
}

type Props = { settings: Settings; onChange: (settings: Settings) => void };

/** Настройки → «Обмен CommerceML»: the exchange folder, automatic import, the orders file's encoding. */
export function CmlSettingsForm({ settings, onChange }: Props) {
  const { t } = useTranslation();
  const { draft, edit, isSaving, isSaved, setIsSaved, save } = useSettingsDraft(settings, toDraft, onChange);
  const [folderError, setFolderError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<IpcError | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setIsSaved(false);
    setError(null);
    setFolderError(undefined);
    const result = await save({ ...draft, cmlFolder: draft.cmlFolder.trim() });
    if (!result.ok) {
      // The path rule is the contract's: its words stand under the field.
      const spread = fieldErrors(result.error, ['cmlFolder']);
      setFolderError(spread.byField.cmlFolder);
      if (spread.other !== null) setError(Object.keys(spread.byField).length > 0 ? { ...result.error, message: spread.other } : result.error);
    }
  }

  return (
    <form className="form" data-testid="cml-settings-form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <label className="field field-wide">
        <span className="field-label">{t('exchange.settings.folder')}</span>
        <input
          type="text"
          className="mono"
          data-testid="cml-folder-input"
          value={draft.cmlFolder}
          maxLength={1000}
          aria-invalid={folderError ? true : undefined}
          aria-describedby={folderError ? 'cml-folder-error' : 'cml-folder-hint'}
          onChange={(event) => edit({ cmlFolder: event.target.value })}
          autoComplete="off"
          spellCheck={false}
        />
        <span className="field-hint" id="cml-folder-hint">
          {t('exchange.settings.folderHint')}
        </span>
        <FieldError id="cml-folder-error" message={folderError} />
      </label>
      <label className="checkbox">
        <input type="checkbox" data-testid="cml-auto-import" checked={draft.cmlAutoImport} onChange={(event) => edit({ cmlAutoImport: event.target.checked })} />
        {t('exchange.settings.autoImport')}
      </label>
      <fieldset className="field radio-group" data-testid="cml-export-encoding">
        <legend className="field-label">{t('exchange.settings.encoding')}</legend>
        <div className="radio-row">
          {encodings.map((encoding) => (
            <label key={encoding} className="radio">
              <input
                type="radio"
                name="cml-export-encoding"
                value={encoding}
                data-testid={`cml-encoding-${encoding}`}
                checked={draft.cmlExportEncoding === encoding}
                onChange={() => edit({ cmlExportEncoding: encoding })}
              />
              {t(`exchange.settings.encodings.${encoding}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <SettingsSaveActions isSaving={isSaving} isSaved={isSaved} saveTestId="cml-settings-save" savedTestId="cml-settings-saved" />
      {error && <SettingsSaveError testId="cml-settings-error" message={errorMessage(t, error)} />}
    </form>
  );
}
