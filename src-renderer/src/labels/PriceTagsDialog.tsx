import { useTranslation } from 'react-i18next';
import { useModalDialog } from '../app/use-modal-dialog';
import { type BatchSource, PriceTagBatch } from './PriceTagBatch';

type Props = { source: BatchSource; title: string; onClose: () => void };

/** «Печать ценников» from a document: the batch in a modal (Esc closes it, focus returns to the opener). */
export function PriceTagsDialog({ source, title, onClose }: Props) {
  const { t } = useTranslation();
  // Modal for the component's lifetime; focus goes back to the opener (the component is removed, not closed).
  const dialogRef = useModalDialog();


  return (
    <dialog
      ref={dialogRef}
      className="form-dialog price-tags-dialog"
      data-testid="price-tags-dialog"
      aria-labelledby="price-tags-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id="price-tags-dialog-title">{title}</h2>
      <PriceTagBatch source={source} isLoadedAtOnce testId="doc-labels" />
      <div className="form-actions confirm-actions">
        <button type="button" className="button" data-testid="price-tags-close" onClick={onClose}>
          {t('labels.close')}
        </button>
      </div>
    </dialog>
  );
}
