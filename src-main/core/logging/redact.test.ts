import { describe, expect, it } from 'vitest';
import { redact } from './redact';

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
});
