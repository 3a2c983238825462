import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AlertChannel, type AlertRule, type IpcError } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useInvoke } from '../api/use-invoke';
import { useModalDialog } from '../app/use-modal-dialog';
import { createInputFormatters } from '../documents/document-format';
import { WarehouseSelect } from '../reports/WarehouseSelect';
import { channelList, conditionList, isAlertCondition, isThresholdNeeded } from './alert-text';
import { fieldErrors } from './field-errors';
import { FieldError } from './FieldError';
import { GroupSelect } from './GroupSelect';
import { ProductPicker } from './ProductPicker';
import { emptyRuleForm, formFromRule, type RuleForm, ruleInputFromForm } from './rule-form';
import { ErrorAlert } from '../app/ErrorAlert';

type Props = {
  /** null: a new rule. */
  rule: AlertRule | null;
  onSaved: (rule: AlertRule) => void;
  onClose: () => void;
};

const formFields = ['name', 'scope', 'productId', 'groupId', 'warehouseId', 'condition', 'threshold', 'cooldownMinutes', 'isActive', 'channels'] as const;
type FormField = (typeof formFields)[number];

const scopes = ['product', 'group', 'warehouse', 'all'] as const;

/** The rule editor: scope, condition, threshold in units, cooldown, active flag and channels. */
export function RuleEditorDialog({ rule, onSaved, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const dialogRef = useModalDialog();
  const inputFormat = useMemo(() => createInputFormatters(i18n.language), [i18n.language]);
  const warehouses = useInvoke('warehouses.list', {});
  const groups = useInvoke('productGroups.list', {});
  const [form, setForm] = useState<RuleForm>(() => (rule ? formFromRule(rule, inputFormat.qty) : emptyRuleForm()));
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [hostError, setHostError] = useState<IpcError | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  const update = (patch: Partial<RuleForm>): void => setForm((prev) => ({ ...prev, ...patch }));
  const describedBy = (field: FormField): string | undefined => (errors[field] ? `rule-error-${field}` : undefined);

  function toggleChannel(channel: AlertChannel, isOn: boolean): void {
    setForm((prev) => ({ ...prev, channels: isOn ? [...prev.channels, channel] : prev.channels.filter((c) => c !== channel) }));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setHostError(null);
    const built = ruleInputFromForm(form);
    if (!built.ok) {
      const local: Partial<Record<FormField, string>> = {};
      for (const problem of built.problems) local[problem] = t(`alerts.editor.invalid.${problem}`);
      return setErrors(local);
    }
    setErrors({});
    setIsSaving(true);
    const result = rule
      ? await api.invoke('alerts.rules.update', { id: rule.id, ...built.input })
      : await api.invoke('alerts.rules.create', built.input);
    setIsSaving(false);
    if (result.ok) return onSaved(result.value);
    const spread = fieldErrors(result.error, formFields);
    setErrors(spread.byField);
    // Field messages stand next to their fields; anything left (or a non-validation error) goes on top.
    if (spread.other !== null) setHostError(Object.keys(spread.byField).length > 0 ? { ...result.error, message: spread.other } : result.error);
  }

  return (
    <dialog
      ref={dialogRef}
      className="form-dialog rule-dialog"
      data-testid="rule-dialog"
      aria-labelledby="rule-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form className="form form-stack" onSubmit={(event) => void onSubmit(event)} noValidate>
        <h2 id="rule-dialog-title">{rule ? t('alerts.editor.editTitle') : t('alerts.editor.newTitle')}</h2>

        <label className="field">
          <span className="field-label">{t('alerts.editor.name')}</span>
          <input
            type="text"
            data-testid="rule-name"
            value={form.name}
            maxLength={200}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={describedBy('name')}
            onChange={(event) => update({ name: event.target.value })}
          />
          <FieldError id="rule-error-name" message={errors.name} />
        </label>

        <fieldset className="radio-row">
          <legend className="field-label">{t('alerts.editor.scope')}</legend>
          {scopes.map((scope) => (
            <label key={scope} className="radio">
              <input
                type="radio"
                name="rule-scope"
                data-testid={`rule-scope-${scope}`}
                checked={form.scope === scope}
                onChange={() => update({ scope })}
              />
              {t(`alerts.scopes.${scope}`)}
            </label>
          ))}
        </fieldset>
        {form.scope === 'group' && (
          <>
            <GroupSelect groups={groups.value} value={form.group} onChange={(group) => update({ group })} error={errors.groupId} errorId="rule-error-groupId" />
            <FieldError id="rule-error-groupId" message={errors.groupId} />
          </>
        )}

        {form.scope === 'product' && (
          <>
            <ProductPicker
              value={form.product}
              onChange={(product) => update({ product })}
              label={t('alerts.editor.product')}
              testId="rule-product"
              error={errors.productId}
              errorId="rule-error-productId"
            />
            <FieldError id="rule-error-productId" message={errors.productId} />
          </>
        )}

        <div className="field">
          <WarehouseSelect
            warehouses={warehouses.value}
            value={form.warehouseId}
            onChange={(warehouseId) => update({ warehouseId })}
            isAllAllowed={form.scope !== 'warehouse'}
            label={t('alerts.editor.warehouse')}
            testId="rule-warehouse"
          />
          <FieldError id="rule-error-warehouseId" message={errors.warehouseId} />
        </div>

        <div className="field-row">
          <label className="field">
            <span className="field-label">{t('alerts.editor.condition')}</span>
            <select
              data-testid="rule-condition"
              value={form.condition}
              onChange={(event) => {
                if (isAlertCondition(event.target.value)) update({ condition: event.target.value });
              }}
            >
              {conditionList.map((c) => (
                <option key={c} value={c}>
                  {t(`alerts.conditions.${c}`)}
                </option>
              ))}
            </select>
            <FieldError id="rule-error-condition" message={errors.condition} />
          </label>
          {isThresholdNeeded(form.condition) && (
            <label className="field">
              <span className="field-label">{t('alerts.editor.threshold')}</span>
              <input
                type="text"
                inputMode="decimal"
                data-testid="rule-threshold"
                value={form.thresholdText}
                aria-invalid={errors.threshold ? true : undefined}
                aria-describedby={describedBy('threshold')}
                onChange={(event) => update({ thresholdText: event.target.value })}
              />
              <FieldError id="rule-error-threshold" message={errors.threshold} />
            </label>
          )}
          <label className="field">
            <span className="field-label">{t('alerts.editor.cooldown')}</span>
            <input
              type="text"
              inputMode="numeric"
              data-testid="rule-cooldown"
              value={form.cooldownText}
              aria-invalid={errors.cooldownMinutes ? true : undefined}
              aria-describedby={describedBy('cooldownMinutes')}
              onChange={(event) => update({ cooldownText: event.target.value })}
            />
            <FieldError id="rule-error-cooldownMinutes" message={errors.cooldownMinutes} />
          </label>
        </div>

        <fieldset className="radio-row">
          <legend className="field-label">{t('alerts.editor.channels')}</legend>
          {channelList.map((channel) => (
            <label key={channel} className="checkbox">
              <input
                type="checkbox"
                data-testid={`rule-channel-${channel}`}
                checked={form.channels.includes(channel)}
                onChange={(event) => toggleChannel(channel, event.target.checked)}
              />
              {t(`alerts.channels.${channel}`)}
            </label>
          ))}
          <FieldError id="rule-error-channels" message={errors.channels} />
        </fieldset>
        <p className="field-hint">{t('alerts.editor.centreAlways')}</p>

        <label className="checkbox">
          <input type="checkbox" data-testid="rule-active" checked={form.isActive} onChange={(event) => update({ isActive: event.target.checked })} />
          {t('alerts.editor.active')}
        </label>

        <ErrorAlert error={hostError} testId="rule-error" />
        <div className="form-actions">
          <button type="button" className="button" data-testid="rule-cancel" onClick={onClose}>
            {t('alerts.editor.cancel')}
          </button>
          <button type="submit" className="button-primary" data-testid="rule-save" disabled={isSaving}>
            {isSaving ? t('alerts.editor.saving') : t('alerts.editor.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
