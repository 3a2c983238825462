import { describe, expect, it } from 'vitest';
import { emptySetupForm, isCertificateProblem, setupInput } from './setup-form';

describe('setup form', () => {
  it('trims what is never meant to have spaces, keeps the password exactly', () => {
    const input = setupInput({ ...emptySetupForm, url: ' https://1c/base/odata/standard.odata/ ', user: ' Кассир ', password: ' пароль ', pinSha256: ' AB:CD ' });
    expect(input).toMatchObject({ url: 'https://1c/base/odata/standard.odata/', user: 'Кассир', password: ' пароль ', pinSha256: 'AB:CD', profile: 'auto' });
  });

  it('offers the certificate only for https and a certificate refusal', () => {
    expect(isCertificateProblem('https://1c/', '1С предъявила сертификат, которому программа не доверяет')).toBe(true);
    expect(isCertificateProblem('http://1c/', '1С предъявила сертификат')).toBe(false);
    expect(isCertificateProblem('https://1c/', 'Нет связи с 1С')).toBe(false);
  });
});

describe('running the wizard again', () => {
  it('starts from the saved connection but never with a password', async () => {
    const { formFromSettings } = await import('./setup-form');
    const form = formFromSettings({
      language: 'ru',
      onecUrl: 'https://1c/base/odata/standard.odata/',
      onecUser: 'Кассир',
      onecProfile: 'unf',
      onecProfileNames: { 'products.article': 'Артикул2' },
      homeWarehouseId: 1,
      stockTtlMinutes: 15,
      syncSchedule: '*/15 * * * *',
      negativeStockPolicy: 'warn',
      onecOrganizationRef: '',
      idleLockMinutes: 10,
      onecCaPem: '',
      onecPinSha256: 'ab'.repeat(32),
      onecProxyUrl: 'http://proxy:3128',
      cmlFolder: '',
      cmlAutoImport: false,
      cmlExportEncoding: 'windows-1251',
    });
    expect(form).toEqual({ url: 'https://1c/base/odata/standard.odata/', user: 'Кассир', password: '', caPem: '', pinSha256: 'ab'.repeat(32), proxyUrl: 'http://proxy:3128', profile: 'unf', names: { 'products.article': 'Артикул2' } });
  });
});

describe('the name editor', () => {
  it('empty keeps the shipped name, "-" means not read, anything else overrides', async () => {
    const { shownName, withName } = await import('./setup-form');
    let names = withName({}, 'products.article', ' Артикул2 ');
    expect(names).toEqual({ 'products.article': 'Артикул2' });
    names = withName(names, 'units.okei', '-');
    expect(names).toEqual({ 'products.article': 'Артикул2', 'units.okei': '' });
    expect([shownName(names, 'units.okei'), shownName(names, 'products.article'), shownName(names, 'products.set')]).toEqual(['-', 'Артикул2', '']);
    expect(withName(names, 'products.article', '')).toEqual({ 'units.okei': '' });
  });
});
