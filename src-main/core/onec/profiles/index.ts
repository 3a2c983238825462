// The shipped profiles (architecture §5): data, one file per configuration.
import { type OnecProfile, type OnecProfileId } from '../onec';
import { bp30Profile } from './bp30.profile';
import { retail2Profile } from './retail2.profile';
import { retail3Profile } from './retail3.profile';
import { unfProfile } from './unf.profile';
import { ut11Profile } from './ut11.profile';

export { applyProfileOverrides, parseProfileOverrides, type DeepPartial, type OnecProfileOverrides } from './profile-overrides';

/** In detection's tie-break order: a base that fits УНФ and Розница 3 equally is taken as УНФ. */
export const onecProfiles: Readonly<Record<OnecProfileId, OnecProfile>> = deepFreeze({
  ut11: ut11Profile,
  unf: unfProfile,
  retail2: retail2Profile,
  retail3: retail3Profile,
  bp30: bp30Profile,
});

/** A copy, so a caller's edits never leak into the shipped profile. */
export function getProfile(id: OnecProfileId): OnecProfile {
  return structuredClone(onecProfiles[id]);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
