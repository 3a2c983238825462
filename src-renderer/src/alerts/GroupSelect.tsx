import { useTranslation } from 'react-i18next';
import { type ProductGroup } from '../../../src-preload/contract';

type Props = {
  groups: readonly ProductGroup[] | undefined;
  value: { id: number; name: string } | null;
  onChange: (group: { id: number; name: string } | null) => void;
  error: string | undefined;
  errorId: string;
};

/** A product group with its path («Молочные продукты / Сыры»); a rule on a group covers its subgroups. */
export function GroupSelect({ groups, value, onChange, error, errorId }: Props) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span className="field-label">{t('alerts.editor.group')}</span>
      <select
        data-testid="rule-group-select"
        value={value === null ? '' : String(value.id)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => {
          const group = groups?.find((g) => String(g.id) === event.target.value);
          onChange(group ? { id: group.id, name: group.name } : null);
        }}
      >
        <option value="">{t('alerts.editor.chooseGroup')}</option>
        {groups?.map((g) => (
          <option key={g.id} value={String(g.id)}>
            {g.path}
          </option>
        ))}
      </select>
    </label>
  );
}
