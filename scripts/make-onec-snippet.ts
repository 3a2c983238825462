// Regenerates resources/1c/odata-composition.bsl from the shipped profiles. Run after changing a
// profile: `npx tsx scripts/make-onec-snippet.ts` (composition-snippet-profiles.test.ts fails until then).
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { profilesSnippetFile, renderProfilesSnippetFile } from '../src-main/core/onec/composition-snippet-profiles';

const target = join(resolve(__dirname, '..'), profilesSnippetFile);
writeFileSync(target, renderProfilesSnippetFile(), 'utf8');
process.stdout.write(`${target}\n`);
