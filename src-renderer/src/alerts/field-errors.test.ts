import { describe, expect, it } from 'vitest';
import { fieldErrors } from './field-errors';

const fields = ['name', 'productId', 'threshold', 'email'];

describe('fieldErrors', () => {
  it('puts each issue of the dispatcher details next to its field', () => {
    const result = fieldErrors(
      {
        code: 'validation',
        message: 'Неверные данные запроса alerts.rules.create: productId: выберите товар; threshold: укажите порог',
        details: [
          { path: ['productId'], message: 'выберите товар' },
          { path: ['threshold'], message: 'укажите порог' },
        ],
      },
      fields,
    );
    expect(result).toEqual({ byField: { productId: 'выберите товар', threshold: 'укажите порог' }, other: null });
  });

  it('maps nested paths to the top-level field and keeps unknown ones as other', () => {
    const result = fieldErrors(
      {
        code: 'validation',
        message: 'Неверные данные запроса alerts.settings.set: email.to.0: Invalid email address; webhook.url: Invalid URL',
        details: [
          { path: ['email', 'to', 0], message: 'Invalid email address' },
          { path: ['webhook', 'url'], message: 'Invalid URL' },
        ],
      },
      fields,
    );
    expect(result.byField).toEqual({ email: 'Invalid email address' });
    expect(result.other).toBe('webhook.url: Invalid URL');
  });

  it('prefers structured details when the host sends them', () => {
    const result = fieldErrors(
      { code: 'validation', message: 'x', details: [{ path: ['name'], message: 'укажите название правила' }] },
      fields,
    );
    expect(result).toEqual({ byField: { name: 'укажите название правила' }, other: null });
  });

  it('keeps a message that is not an issue list whole', () => {
    expect(fieldErrors({ code: 'validation', message: 'Правило не найдено' }, fields)).toEqual({ byField: {}, other: 'Правило не найдено' });
    expect(fieldErrors({ code: 'internal', message: 'boom' }, fields)).toEqual({ byField: {}, other: 'boom' });
  });
});
