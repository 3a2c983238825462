import { type TFunction } from 'i18next';
import { type IpcError } from '../../../src-preload/contract';

/**
 * The user-facing text for an error that crossed the host boundary: an actionable sentence chosen
 * by code, plus the host's own message (1C's text is shown as 1C's text, never parsed).
 */
export function errorMessage(t: TFunction, error: IpcError): string {
  const text = t(`errors.${error.code}`);
  return error.message ? `${text} ${t('errors.details', { message: error.message })}` : text;
}
