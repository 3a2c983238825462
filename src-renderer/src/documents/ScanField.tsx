import { type KeyboardEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export type ScanOutcome = { isOk: true; message: string } | { isOk: false; message: string };

type Feedback = ScanOutcome & { seq: number };

type Props = {
  inputRef: RefObject<HTMLInputElement | null>;
  isDisabled: boolean;
  onScan: (code: string) => Promise<ScanOutcome>;
};

/**
 * The field a USB scanner types into (keyboard wedge: the code, then Enter). It takes focus when the
 * editor opens and takes it back whenever focus falls to nothing, so the next scan is never lost.
 * Codes are sent one after another: a scanner can send the next code before the host answered the
 * previous one, and two parallel scans of one product must add up, not race.
 */
export function ScanField({ inputRef, isDisabled, onScan }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const seq = useRef(0);

  useEffect(() => {
    if (!isDisabled) inputRef.current?.focus();
  }, [inputRef, isDisabled]);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const code = text.trim();
    if (code === '') return;
    setText('');
    queue.current = queue.current.then(async () => {
      const outcome = await onScan(code);
      seq.current += 1;
      setFeedback({ ...outcome, seq: seq.current });
    });
  }

  function onBlur(): void {
    // After the blur settles: only when focus went nowhere (a click on plain text or empty space),
    // not when the user moved to a quantity, the search or a button.
    window.setTimeout(() => {
      const input = inputRef.current;
      if (!input || input.disabled || !input.isConnected) return;
      const active = document.activeElement;
      if (active === null || active === document.body) input.focus();
    }, 0);
  }

  return (
    <div className="scan-block">
      <label className="field scan-field">
        <span className="field-label">{t('documents.editor.scan')}</span>
        <input
          ref={inputRef}
          type="text"
          className="scan-input mono"
          data-testid="scan-input"
          value={text}
          disabled={isDisabled}
          placeholder={isDisabled ? t('documents.editor.scanNotEditable') : t('documents.editor.scanPlaceholder')}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={onBlur}
          autoComplete="off"
          spellCheck={false}
          enterKeyHint="done"
          aria-describedby="scan-feedback"
        />
      </label>
      {/* data-answers counts answered scans, so a test knows this scan's answer has arrived. */}
      <div id="scan-feedback" className="scan-feedback-slot" data-testid="scan-answers" data-answers={feedback?.seq ?? 0}>
        {feedback &&
          (feedback.isOk ? (
            <span key={feedback.seq} className="scan-feedback is-ok" role="status" data-testid="scan-feedback">
              {feedback.message}
            </span>
          ) : (
            <span key={feedback.seq} className="scan-feedback is-error" role="alert" data-testid="scan-error">
              {feedback.message}
            </span>
          ))}
      </div>
    </div>
  );
}
