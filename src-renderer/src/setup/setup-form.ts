import { type InvokeInput, type Settings } from '../../../src-preload/contract';
import { type Profile } from '../settings/onec-profiles';

/** What the admin typed in the wizard; sent as is to setup.check and setup.apply. */
export type SetupForm = {
  url: string;
  user: string;
  password: string;
  caPem: string;
  pinSha256: string;
  proxyUrl: string;
  profile: Profile;
  /** Names that differ in this base, by path ('' = not read). */
  names: Readonly<Record<string, string>>;
};

export const emptySetupForm: SetupForm = { url: '', user: '', password: '', caPem: '', pinSha256: '', proxyUrl: '', profile: 'auto', names: {} };

/** The saved connection, for running the wizard again; the password is never read back. */
export function formFromSettings(settings: Settings): SetupForm {
  return {
    ...emptySetupForm,
    url: settings.onecUrl,
    user: settings.onecUser,
    caPem: settings.onecCaPem,
    pinSha256: settings.onecPinSha256,
    proxyUrl: settings.onecProxyUrl,
    profile: settings.onecProfile,
    names: settings.onecProfileNames,
  };
}

/**
 * The name editor's input for one path: empty = the shipped name; "-" = this base has no such field
 * (not read). Returns the next set of names.
 */
export function withName(names: Readonly<Record<string, string>>, path: string, typed: string): Record<string, string> {
  const next = { ...names };
  const value = typed.trim();
  if (value === '') delete next[path];
  else next[path] = value === '-' ? '' : value;
  return next;
}

/** What the editor shows for a path: the override, "-" for not read, '' for the shipped name. */
export function shownName(names: Readonly<Record<string, string>>, path: string): string {
  const value = names[path];
  return value === undefined ? '' : value === '' ? '-' : value;
}

/** Trimmed where spaces are never meant (a pasted address or fingerprint); the password exactly as typed. */
export function setupInput(form: SetupForm): InvokeInput<'setup.check'> {
  return {
    url: form.url.trim(),
    user: form.user.trim(),
    password: form.password,
    caPem: form.caPem.trim(),
    pinSha256: form.pinSha256.trim(),
    proxyUrl: form.proxyUrl.trim(),
    profile: form.profile,
    names: { ...form.names },
  };
}

/** The wizard offers the server's certificate when 1C refused because of it. */
export function isCertificateProblem(url: string, message: string): boolean {
  return url.trim().toLowerCase().startsWith('https://') && /сертификат|certificate/i.test(message);
}
