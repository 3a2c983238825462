import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compositionSnippet } from './composition-snippet';
import { profileCompositionSets, profilesSnippetFile, renderProfilesSnippetFile } from './composition-snippet-profiles';
import { onecProfileIds } from './onec';
import { onecProfiles } from './profiles';

const repoRoot = resolve(__dirname, '../../..');

describe('profileCompositionSets', () => {
  it('maps every set of every shipped profile to one object of the right collection', () => {
    const collections: Record<string, string> = { Catalog: 'Справочники', Document: 'Документы', InformationRegister: 'РегистрыСведений', AccumulationRegister: 'РегистрыНакопления' };
    for (const id of onecProfileIds) {
      const sets = profileCompositionSets(onecProfiles[id]);
      const snippet = compositionSnippet(sets);
      expect(snippet.unrecognized, id).toEqual([]);
      expect(snippet.notComposition, id).toEqual([]);
      expect(snippet.objects, id).toHaveLength(sets.length);
      for (const set of sets) {
        const [prefix, ...rest] = set.split('_');
        expect(snippet.code, `${id}: ${set}`).toContain(`Метаданные.${collections[prefix ?? '']}.Найти("${rest.join('_')}")`);
      }
    }
  });
  it('covers catalogs, registers and the document kinds a profile sends', () => {
    expect(profileCompositionSets(onecProfiles.unf)).toEqual(expect.arrayContaining(['Catalog_СтруктурныеЕдиницы', 'InformationRegister_ЦеныНоменклатуры', 'AccumulationRegister_ЗапасыНаСкладах', 'Document_ИнвентаризацияЗапасов']));
    // БП 3.0: no characteristics, no supplier order, and the stock placeholder is not published.
    const bp30 = profileCompositionSets(onecProfiles.bp30);
    expect(bp30).not.toContain('AccountingRegister_Хозрасчетный');
    expect(bp30).not.toContain('Catalog_ХарактеристикиНоменклатуры');
    expect(bp30).toContain('Document_ИнвентаризацияТоваровНаСкладе');
  });
});

describe(profilesSnippetFile, () => {
  it('is what scripts/make-onec-snippet.ts produces from the current profiles (run it after changing a profile)', () => {
    // A Windows checkout may have turned LF into CR LF; the content is what matters.
    const committed = readFileSync(join(repoRoot, profilesSnippetFile), 'utf8').replace(/\r\n/g, '\n');
    expect(committed).toBe(renderProfilesSnippetFile());
  });
  it('has one block per shipped profile', () => {
    const text = renderProfilesSnippetFile();
    for (const id of onecProfileIds) expect(text).toContain(`(профиль «${id}»)`);
    expect(text.match(/УстановитьСоставСтандартногоИнтерфейсаOData\(Состав\);/g)).toHaveLength(onecProfileIds.length);
  });
});
