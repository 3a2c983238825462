import { useTranslation } from 'react-i18next';

type SaveActionsProps = { isSaving: boolean; isSaved: boolean; saveTestId: string; savedTestId: string };

/** A settings form's «Сохранить» button and, after a save, «Сохранено». */
export function SettingsSaveActions({ isSaving, isSaved, saveTestId, savedTestId }: SaveActionsProps) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <button type="submit" className="button-primary" data-testid={saveTestId} disabled={isSaving}>
        {isSaving ? t('settings.saving') : t('settings.save')}
      </button>
      {isSaved && (
        <span className="saved" role="status" data-testid={savedTestId}>
          {t('settings.saved')}
        </span>
      )}
    </div>
  );
}

/** «Не удалось сохранить: …» under a settings form. */
export function SettingsSaveError({ message, testId }: { message: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <p className="error" role="alert" data-testid={testId}>
      {t('settings.saveFailed')}: {message}
    </p>
  );
}
