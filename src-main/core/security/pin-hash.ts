// PINs are short (4–8 digits), so the hash must be slow: scrypt with a per-user salt. A stolen
// database file then costs an attacker scrypt work per guess instead of a table lookup; the sign-in
// throttle (desk-session.ts) limits guesses at the desk itself.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const params = { N: 16_384, r: 8, p: 1 } as const;
const keyLength = 32;

/** `scrypt$N$r$p$<salt b64>$<hash b64>`: the parameters travel with the hash so they can be raised later. */
export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, keyLength, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export function verifyPin(pin: string, stored: string): boolean {
  const [kind, nText, rText, pText, saltText, hashText] = stored.split('$');
  if (kind !== 'scrypt' || saltText === undefined || hashText === undefined) return false;
  const [N, r, p] = [nText, rText, pText].map(Number);
  const salt = Buffer.from(saltText, 'base64');
  const expected = Buffer.from(hashText, 'base64');
  if (!N || !r || !p || expected.length !== keyLength) return false;
  const actual = scryptSync(pin, salt, keyLength, { N, r, p });
  return timingSafeEqual(actual, expected);
}
