import { useTranslation } from 'react-i18next';
import { type IpcError } from '../../../src-preload/contract';
import { errorMessage } from '../i18n/error-message';

type Props = {
  /** Nothing is shown while there is no error. */
  error: IpcError | null | undefined;
  testId?: string;
};

/** A host error in words (errorMessage), announced to screen readers as an alert. */
export function ErrorAlert({ error, testId }: Props) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p className="error" role="alert" data-testid={testId}>
      {errorMessage(t, error)}
    </p>
  );
}
