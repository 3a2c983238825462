import { useTranslation } from 'react-i18next';
import { ProductSearch } from '../documents/ProductSearch';

type Picked = { id: number; name: string };

type Props = {
  value: Picked | null;
  onChange: (product: Picked | null) => void;
  label: string;
  testId: string;
  /** An error shown under the field (e.g. «выберите товар»). */
  error?: string;
  errorId?: string;
};

/** A product chosen by search (products.list); once chosen, its name and «Изменить». */
export function ProductPicker({ value, onChange, label, testId, error, errorId }: Props) {
  const { t } = useTranslation();
  if (value) {
    return (
      <div className="field">
        <span className="field-label">{label}</span>
        <span className="picked" data-testid={`${testId}-picked`} data-id={value.id}>
          {value.name}{' '}
          <button type="button" className="button button-small" data-testid={`${testId}-clear`} onClick={() => onChange(null)}>
            {t('alerts.editor.changeProduct')}
          </button>
        </span>
      </div>
    );
  }
  return (
    <div aria-describedby={error ? errorId : undefined}>
      <ProductSearch
        isDisabled={false}
        label={label}
        placeholder={t('alerts.editor.productPlaceholder')}
        testId={testId}
        onPick={(product) => {
          onChange({ id: product.id, name: product.name });
          return Promise.resolve(true);
        }}
      />
    </div>
  );
}
