import { describe, expect, it } from 'vitest';
import { emptyRuleForm, ruleInputFromForm } from './rule-form';

describe('ruleInputFromForm', () => {
  it('converts a threshold typed in units to thousandths when the condition needs one', () => {
    const result = ruleInputFromForm({ ...emptyRuleForm(), name: 'Молоко', product: { id: 7, name: 'Молоко' }, thresholdText: '2,5' });
    expect(result).toEqual({
      ok: true,
      input: expect.objectContaining({ scope: 'product', productId: 7, groupId: null, condition: 'below', threshold: 2500, cooldownMinutes: 240 }),
    });
  });

  it('sends no threshold for «reaches zero» and no product outside a product rule', () => {
    const result = ruleInputFromForm({ ...emptyRuleForm(), scope: 'all', product: { id: 7, name: 'x' }, condition: 'zero', thresholdText: '5' });
    expect(result).toEqual({ ok: true, input: expect.objectContaining({ productId: null, threshold: null }) });
  });

  it('leaves an empty threshold to the host, which says «укажите порог»', () => {
    const result = ruleInputFromForm({ ...emptyRuleForm(), thresholdText: '' });
    expect(result).toEqual({ ok: true, input: expect.objectContaining({ threshold: null }) });
  });

  it('reports text that is not a quantity or a whole number of minutes', () => {
    expect(ruleInputFromForm({ ...emptyRuleForm(), thresholdText: 'пять', cooldownText: '1,5' })).toEqual({
      ok: false,
      problems: ['threshold', 'cooldownMinutes'],
    });
  });
});
