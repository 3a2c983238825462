import { useState } from 'react';
import { type SecretsStatus } from '../../../src-preload/contract';
import { useInvoke } from '../api/use-invoke';

/** Whether the passwords are in the keychain; `set` takes the status a save answered with. */
export function useSecretsStatus(): { status: SecretsStatus | undefined; set: (status: SecretsStatus) => void } {
  const loaded = useInvoke('secrets.status', {});
  const [saved, setSaved] = useState<SecretsStatus | undefined>(undefined);
  return { status: saved ?? loaded.value, set: setSaved };
}
