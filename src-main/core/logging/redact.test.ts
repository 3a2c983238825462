import { describe, expect, it } from 'vitest';
import { createRedactor, knownSecretMark, redact, secretForms } from './redact';

describe('redact', () => {
  it('hides Authorization header values', () => {
    const line = redact('GET /odata Authorization: Basic YWRtaW46c2VjcmV0 host=1c');
    expect(line).not.toContain('YWRtaW46c2VjcmV0');
    expect(line).toContain('host=1c');
  });
  it('hides passwords inside URLs', () => {
    expect(redact('http://admin:Pa55word@1c.local/base')).toBe('http://admin:[скрыто]@1c.local/base');
  });
  it('hides key=value secrets in Russian and English', () => {
    const line = redact('password=qwerty token: abc123 пароль=секрет user=Иван');
    expect(line).not.toMatch(/qwerty|abc123|секрет/);
    expect(line).toContain('user=Иван');
  });
  it('hides the Authorization header written as JSON, util.inspect and raw header arrays', () => {
    const lines = [
      '{"authorization":"Basic YWRtaW46c2VjcmV0","host":"1c"}',
      "headers: { authorization: [ 'Basic YWRtaW46c2VjcmV0' ], host: '1c' }",
      "rawHeaders: [ 'Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc' ]",
      'Proxy-Authorization: NTLM TlRMTVNTUAABAAAAB4IIog==',
    ];
    for (const line of lines) expect(redact(line)).not.toMatch(/YWRtaW46c2VjcmV0|eyJhbGciOiJIUzI1NiJ9|TlRMTVNTUAAB/);
    expect(redact(lines[0] ?? '')).toBe('{"authorization":"Basic [скрыто]","host":"1c"}');
  });
  it('hides Basic and Bearer credentials without the header name but keeps auth-params', () => {
    expect(redact('curl -H "X: Bearer abc.def-ghi_123" then Basic dXNlcjpwYXNz=')).toBe('curl -H "X: Bearer [скрыто]" then Basic [скрыто]');
    expect(redact('WWW-Authenticate: Basic realm="1C"')).toBe('WWW-Authenticate: Basic realm="1C"');
  });
  it('changes nothing the second time, and leaves a known secret mark to show', () => {
    const lines = [
      'Authorization: Basic YWRtaW46c2VjcmV0',
      '{"authorization":"Bearer abc.def","url":"http://u:p@h/x"}',
      'password=qwerty Basic dXNlcjpwYXNz',
      'Authorization: Basic ***',
    ];
    for (const line of lines) expect(redact(redact(line))).toBe(redact(line));
    expect(redact('Authorization: Basic ***')).toBe('Authorization: Basic ***');
  });
  it('stops a URL password at a double quote, keeping JSON and CSV whole', () => {
    const text = '{"url":"http://u:p","mail":"me@x.ru"}';
    expect(JSON.parse(redact(text))).toEqual(JSON.parse(text));
  });
  it('hides a URL password that holds a slash', () => {
    expect(redact('GET https://админ:a/b/c@1c.local/base')).toBe('GET https://админ:[скрыто]@1c.local/base');
  });
});

describe('createRedactor', () => {
  const secret = 'Пароль "с" пробелом\\1';
  const user = 'Иван';
  const redactor = createRedactor([{ secret, users: [user] }]);

  it('replaces the secret in every written form with its own mark', () => {
    for (const form of secretForms({ secret, users: [user] })) {
      const out = redactor(`до ${form} после`);
      expect(out).toContain(knownSecretMark);
      expect(out).not.toContain(form);
      expect(out).toContain('до ');
    }
  });

  it('finds the Basic form of user:password and the base64 of the password inside longer base64', () => {
    const basic = Buffer.from(`${user}:${secret}`, 'utf8').toString('base64');
    expect(redactor(`x ${basic} y`)).toBe(`x ${knownSecretMark} y`);
    for (const prefix of ['a', 'ab', 'abc', 'Длинный префикс:']) {
      const embedded = Buffer.from(`${prefix}${secret}!tail`, 'utf8').toString('base64');
      const core = Buffer.from(secret, 'utf8').toString('base64').slice(2, -4);
      expect(redactor(embedded)).not.toContain(core);
      expect(redactor(embedded)).toContain(knownSecretMark);
    }
  });

  it('does not cut a secret in two when a pattern sees part of it first', () => {
    const spaced = createRedactor([{ secret: 'my long pass', users: [] }]);
    // redact() alone leaves ' long pass!' behind: it stops the value at the first space.
    expect(redact('password=my long pass!')).toContain('long pass');
    expect(spaced('password=my long pass! ok')).toBe('password=[скрыто] ok');
  });

  it('leaves a password under 4 characters in plain text but removes its Basic form', () => {
    const short = createRedactor([{ secret: 'abc', users: ['user'] }]);
    const basic = Buffer.from('user:abc', 'utf8').toString('base64');
    expect(short(`abc ${basic} z`)).toBe(`abc ${knownSecretMark} z`);
  });

  it('is plain redact() without secrets, and ignores empty ones', () => {
    expect(createRedactor([])).toBe(redact);
    expect(createRedactor([{ secret: '', users: ['u'] }])('u: a b')).toBe('u: a b');
  });
});
