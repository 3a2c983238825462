import { type Settings } from '../../../src-preload/contract';

export type Profile = Settings['onecProfile'];

// A record so the compiler reports a profile added to the contract but missing from the selects.
const profileOrder = { auto: 0, ut11: 1, unf: 2, retail2: 3, retail3: 4, bp30: 5 } satisfies Record<Profile, number>;
export const profiles = (Object.keys(profileOrder) as Profile[]).sort((a, b) => profileOrder[a] - profileOrder[b]);

export function isProfile(value: string): value is Profile {
  return Object.hasOwn(profileOrder, value);
}
