import { createContext, useContext } from 'react';
import { type AuthStatus, type Permission } from '../../../src-preload/contract';

export type AuthControl = { status: AuthStatus; reload: () => void };

export const AuthContext = createContext<AuthControl | null>(null);

/** The desk session as AuthGate loaded it; only used below AuthGate. */
export function useAuth(): AuthControl {
  const control = useContext(AuthContext);
  if (control === null) throw new Error('useAuth outside AuthGate');
  return control;
}

/** Hides what core would refuse anyway (core checks every call; this is only courtesy). */
export function useCan(permission: Permission): boolean {
  return useAuth().status.permissions.includes(permission);
}
