import { describe, expect, it } from 'vitest';
import { formFromSettings, settingsFromForm } from './delivery-form';

describe('delivery form', () => {
  it('round-trips saved settings, splitting recipients on commas, semicolons and lines', () => {
    const form = formFromSettings({ desktop: true, email: null, webhook: { url: 'http://127.0.0.1:9/hook' } });
    const result = settingsFromForm({ ...form, isEmailOn: true, host: ' smtp.local ', from: 'shop@example.ru', toText: 'a@example.ru; b@example.ru\nc@example.ru,' });
    expect(result).toEqual({
      ok: true,
      settings: {
        desktop: true,
        email: { host: 'smtp.local', port: 587, secure: false, user: null, from: 'shop@example.ru', to: ['a@example.ru', 'b@example.ru', 'c@example.ru'] },
        webhook: { url: 'http://127.0.0.1:9/hook' },
      },
    });
  });

  it('sends null for a channel that is switched off', () => {
    const form = formFromSettings({ desktop: false, email: null, webhook: null });
    expect(settingsFromForm(form)).toEqual({ ok: true, settings: { desktop: false, email: null, webhook: null } });
  });

  it('refuses a port that is not a number', () => {
    const form = formFromSettings({ desktop: true, email: null, webhook: null });
    expect(settingsFromForm({ ...form, isEmailOn: true, portText: 'abc' })).toEqual({ ok: false, problem: 'port' });
  });
});
