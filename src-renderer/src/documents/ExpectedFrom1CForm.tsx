import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type InvokeOutput, type IpcError } from '../../../src-preload/contract';

type Loaded = InvokeOutput<'documents.expectedFrom1C'>;

type Props = {
  /** Loads the expected quantities; resolves with the host's answer. */
  onLoad: (number: string) => Promise<{ ok: true; value: Loaded } | { ok: false; error: IpcError }>;
  /** The text for an error the host did not word for the clerk. */
  describeError: (error: IpcError) => string;
};

/**
 * Expected quantities from a document 1C already has (the office's receipt, the sending store's
 * transfer), found by its number; "123" finds "ТД00-000123".
 */
export function ExpectedFrom1CForm({ onLoad, describeError }: Props) {
  const { t } = useTranslation();
  const [number, setNumber] = useState('');
  const [isLoading, setIsLoading] = useState(false);
  const [outcome, setOutcome] = useState<{ isOk: true; value: Loaded } | { isOk: false; message: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const typed = number.trim();
    if (typed === '' || isLoading) return;
    setIsLoading(true);
    setOutcome(null);
    const result = await onLoad(typed);
    setIsLoading(false);
    setOutcome(result.ok ? { isOk: true, value: result.value } : { isOk: false, message: describeError(result.error) });
  }

  return (
    <form className="side-panel expected-form" data-testid="expected-from-1c" onSubmit={(event) => void onSubmit(event)} noValidate>
      <h2>{t('documents.editor.expectedFrom1c.title')}</h2>
      <div className="expected-form-row">
        <input
          type="text"
          data-testid="expected-from-1c-number"
          aria-label={t('documents.editor.expectedFrom1c.number')}
          placeholder={t('documents.editor.expectedFrom1c.numberShort')}
          value={number}
          onChange={(event) => setNumber(event.target.value)}
          autoComplete="off"
          spellCheck={false}
          maxLength={50}
        />
        <button type="submit" className="button" data-testid="expected-from-1c-load" disabled={isLoading || number.trim() === ''}>
          {isLoading ? t('documents.editor.expectedFrom1c.loading') : t('documents.editor.expectedFrom1c.load')}
        </button>
      </div>
      {outcome?.isOk === true && (
        <p className="expected-form-result" role="status" data-testid="expected-from-1c-result" data-lines={outcome.value.lines}>
          {t('documents.editor.expectedFrom1c.loaded', { number: outcome.value.number1c, lines: outcome.value.lines })}
          {outcome.value.unknownProducts > 0 &&
            ` ${t('documents.editor.expectedFrom1c.unknown', { count: outcome.value.unknownProducts })}`}
        </p>
      )}
      {outcome?.isOk === false && (
        <p className="error" role="alert" data-testid="expected-from-1c-error">
          {outcome.message}
        </p>
      )}
      <p className="field-hint">{t('documents.editor.expectedFrom1c.hint')}</p>
    </form>
  );
}
