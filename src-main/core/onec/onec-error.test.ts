import { describe, expect, it } from 'vitest';
import { classifyHttpFailure, classifyTransportError, createOnecError, isOnecError, objectOfRequest } from './onec-error';

const context = { baseUrl: 'http://1c.local/ut/odata/standard.odata/', user: 'Кладовщик', password: 'Секрет-42' };

describe('classifyHttpFailure', () => {
  it.each([
    [401, '20', 'rights', false],
    [401, null, 'auth', false],
    [403, null, 'rights', false],
    [404, '8', 'not_found', false],
    [404, '9', 'not_found', false],
    [400, '14', 'bad_request', false],
    [400, '6', 'bad_request', false],
    [500, '-1', 'business', false],
    [500, 'read-1', 'server', true],
    [500, null, 'server', true],
    [502, null, 'server', true],
    [503, null, 'server', true],
    [408, null, 'server', true],
    [429, null, 'server', true],
    [501, null, 'bad_request', false],
    [302, null, 'bad_response', false],
  ] as const)('HTTP %i with code %s is %s (retryable: %s)', (status, code, kind, isRetryable) => {
    // 'read-1' stands for code -1 on a GET.
    const isRead = code === 'read-1';
    expect(classifyHttpFailure(status, isRead ? '-1' : code, isRead ? 'read' : 'write')).toEqual({ kind, isRetryable });
  });
});

describe('classifyTransportError', () => {
  it('calls header/body timeouts timeout and connection failures network', () => {
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' })).kind).toBe('timeout');
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).kind).toBe('network');
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 'UND_ERR_CONNECT_TIMEOUT' })).kind).toBe('network');
    expect(classifyTransportError(new Error('x')).isRetryable).toBe(true);
  });
});

describe('createOnecError', () => {
  const base = { status: null, onecCode: null, onecMessage: null, request: 'Catalog_%D0%A1%D0%BA%D0%BB%D0%B0%D0%B4%D1%8B?$format=json' };

  it('builds an erp AppError recognised by isOnecError, with the details as given', () => {
    const error = createOnecError({ ...base, kind: 'server', isRetryable: true, status: 503, retryAfterMs: 5000 }, context);
    expect(error.code).toBe('erp');
    expect(isOnecError(error)).toBe(true);
    expect(error.details).toMatchObject({ kind: 'server', status: 503, retryAfterMs: 5000 });
    expect(isOnecError(new Error('x'))).toBe(false);
  });

  it('writes actionable Russian messages naming the object and user, never the password', () => {
    const messages = {
      network: createOnecError({ ...base, kind: 'network', isRetryable: true }, { ...context, reason: 'ECONNREFUSED' }).message,
      auth: createOnecError({ ...base, kind: 'auth', isRetryable: false, status: 401 }, context).message,
      rights: createOnecError({ ...base, kind: 'rights', isRetryable: false, status: 401, onecCode: '20' }, context).message,
      notPublished: createOnecError({ ...base, kind: 'not_found', isRetryable: false, status: 404, onecCode: '8' }, context).message,
      business: createOnecError({ ...base, kind: 'business', isRetryable: false, status: 500, onecCode: '-1', onecMessage: 'Недостаточно остатка' }, context).message,
    };
    expect(messages.network).toContain('Нет связи с 1С по адресу http://1c.local/ut/odata/standard.odata/');
    expect(messages.auth).toContain('1С отклонила логин или пароль пользователя «Кладовщик»');
    expect(messages.rights).toContain('нет прав на «Catalog_Склады»');
    expect(messages.notPublished).toContain('Объект «Catalog_Склады» не опубликован в OData 1С');
    expect(messages.notPublished).toContain('УстановитьСоставСтандартногоИнтерфейсаOData');
    expect(messages.business).toBe('1С отказала: Недостаточно остатка');
    for (const message of Object.values(messages)) expect(message).not.toContain(context.password);
  });

  it('scrubs the password if 1C ever echoes it', () => {
    const error = createOnecError({ ...base, kind: 'bad_request', isRetryable: false, status: 400, onecMessage: 'Поле Секрет-42 не найдено', request: 'X?$filter=Секрет-42' }, context);
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('Секрет-42');
  });
});

describe('objectOfRequest', () => {
  it('names the set of a request, decoding Cyrillic', () => {
    expect(objectOfRequest("AccumulationRegister_%D0%90/Balance(Dimensions='x')?$format=json")).toBe('AccumulationRegister_А');
    expect(objectOfRequest('$metadata')).toBe('$metadata');
  });
});
