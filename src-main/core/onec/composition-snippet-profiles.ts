// The generic snippet shipped as resources/1c/odata-composition.bsl: one block per shipped profile
// with every set that profile reads or writes. scripts/make-onec-snippet.ts writes it; a test keeps
// the committed file equal to this output.
import { onecDocumentKinds, onecProfileIds, type OnecProfile } from './onec';
import { compositionSnippet } from './composition-snippet';
import { onecProfiles } from './profiles';

/** Where the generated file lives, relative to the repository root. */
export const profilesSnippetFile = 'resources/1c/odata-composition.bsl';

/** Every entity set the profile uses, in the order a reader expects: catalogs, registers, documents, counterparties. */
export function profileCompositionSets(profile: OnecProfile): string[] {
  const sets = [profile.products.set, profile.warehouses.set, profile.units.set, profile.characteristics?.set, profile.priceTypes.set, profile.barcodes?.set, profile.prices?.set];
  // БП 3.0's stock register is a placeholder Prilavok never reads (profiles/bp30.profile.ts): publishing
  // the whole accounting register for nothing is not asked of the administrator.
  if (profile.id !== 'bp30') sets.push(profile.stock.register);
  for (const kind of onecDocumentKinds) sets.push(profile.documents[kind]?.set);
  sets.push(profile.customers?.set);
  return [...new Set(sets.filter((set): set is string => set !== undefined))];
}

export function renderProfilesSnippetFile(): string {
  const header = [
    '// Prilavok — состав стандартного интерфейса OData для каждой поддерживаемой конфигурации.',
    '// Файл создан scripts/make-onec-snippet.ts из профилей программы; не правьте его вручную.',
    '// Выполните ОДИН блок — для вашей конфигурации — целиком, на сервере, под пользователем с полными',
    '// правами (см. README.ru.md рядом). Блок только добавляет объекты к уже опубликованным.',
  ];
  const blocks = onecProfileIds.map((id) => {
    const profile = onecProfiles[id];
    const { code } = compositionSnippet(profileCompositionSets(profile));
    const rule = `// ${'='.repeat(96)}`;
    const note = id === 'bp30' ? ['// Остатки БП 3.0 (РегистрБухгалтерии.Хозрасчетный) Prilavok пока не загружает: регистр не добавляется.'] : [];
    return [rule, `// ${profile.title} (профиль «${id}»)`, ...note, rule, code.trimEnd()].join('\n');
  });
  return `${[header.join('\n'), ...blocks].join('\n\n')}\n`;
}
