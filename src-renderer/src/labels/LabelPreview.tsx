import { useTranslation } from 'react-i18next';
import { useInvoke } from '../api/use-invoke';
import { errorMessage } from '../i18n/error-message';

type Props = {
  productId: number;
  characteristicId?: number | null;
  /** The printer whose language, size and dpi shape the label; the default printer when omitted. */
  printerId?: string;
  name: string;
  testId?: string;
};

/**
 * The label as the printer gets it: labels.preview renders the same layout to PNG. Shown as a data:
 * image, which the renderer's CSP allows (img-src 'self' data:).
 */
export function LabelPreview({ productId, characteristicId, printerId, name, testId = 'label-preview' }: Props) {
  const { t } = useTranslation();
  const preview = useInvoke('labels.preview', {
    productId,
    ...(characteristicId !== undefined && { characteristicId }),
    ...(printerId !== undefined && printerId !== '' && { printerId }),
  });

  if (preview.status === 'error') {
    return (
      <p className="error" role="alert" data-testid={`${testId}-error`}>
        {t('labels.previewFailed')}: {errorMessage(t, preview.error)}
      </p>
    );
  }
  if (!preview.value) return <p className="muted">{t('labels.previewLoading')}</p>;
  const { pngBase64, widthDots, heightDots } = preview.value;
  return (
    <figure className="label-preview">
      <img
        src={`data:image/png;base64,${pngBase64}`}
        alt={t('labels.previewAlt', { name })}
        data-testid={testId}
        data-product-id={productId}
        data-width-dots={widthDots}
        data-height-dots={heightDots}
        width={widthDots}
        height={heightDots}
      />
      <figcaption className="muted">{t('labels.previewSize', { width: widthDots, height: heightDots })}</figcaption>
    </figure>
  );
}
