import { describe, expect, it } from 'vitest';
import { compositionSnippet } from './composition-snippet';
import { findMissing, type OnecMetadata } from './metadata';
import { onecProfiles } from './profiles';

function metadata(entitySets: string[], properties: Record<string, string[]> = {}, boundFunctions: Record<string, string[]> = {}): OnecMetadata {
  return {
    entitySets: new Set(entitySets),
    properties: new Map(Object.entries(properties).map(([name, members]) => [name, new Set(members)])),
    boundFunctions: new Map(Object.entries(boundFunctions).map(([name, functions]) => [name, new Set(functions)])),
    hash: 'test',
  };
}

/** The statements that look an object up, without comments: what 1C will actually execute. */
function lookups(code: string): string[] {
  return [...code.matchAll(/Метаданные\.(\p{L}+)\.Найти\("([^"]+)"\)/gu)].map((m) => `${m[1]}.${m[2]}`);
}

describe('compositionSnippet', () => {
  it('adds every set an empty УТ 11 publication lacks, keeping the composition and calling the platform once', () => {
    const missing = findMissing(onecProfiles.ut11, metadata([])).map((m) => m.set);
    const snippet = compositionSnippet(missing);
    expect(snippet.objects).toEqual([
      'Справочник.Номенклатура',
      'Справочник.Склады',
      'Справочник.УпаковкиЕдиницыИзмерения',
      'Справочник.ХарактеристикиНоменклатуры',
      'Справочник.ВидыЦен',
      'РегистрСведений.ШтрихкодыНоменклатуры',
      'РегистрСведений.ЦеныНоменклатуры',
      'РегистрНакопления.ТоварыНаСкладах',
      'Справочник.Контрагенты',
    ]);
    expect(snippet.notComposition).toEqual([]);
    expect(snippet.unrecognized).toEqual([]);
    expect(lookups(snippet.code)).toContain('РегистрыНакопления.ТоварыНаСкладах');
    expect(snippet.code).toContain('Для Каждого Объект Из ПолучитьСоставСтандартногоИнтерфейсаOData() Цикл');
    expect(snippet.code.match(/УстановитьСоставСтандартногоИнтерфейсаOData\(Состав\);/g)).toHaveLength(1);
  });

  it('reduces record types, virtual tables and fields to their object, once', () => {
    const snippet = compositionSnippet([
      'InformationRegister_ЦеныНоменклатуры',
      'InformationRegister_ЦеныНоменклатуры_RecordType',
      'InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast',
      'InformationRegister_ЦеныНоменклатуры_RecordType/Цена',
      'AccumulationRegister_ТоварыНаСкладах',
      'AccumulationRegister_ТоварыНаСкладах/Balance',
      'AccumulationRegister_ТоварыНаСкладах_Balance/ВНаличииBalance',
      'InformationRegister_ЦеныНоменклатуры',
    ]);
    expect(snippet.objects).toEqual(['РегистрСведений.ЦеныНоменклатуры', 'РегистрНакопления.ТоварыНаСкладах']);
    expect(snippet.notComposition).toEqual([]);
    expect(lookups(snippet.code)).toEqual(['РегистрыСведений.ЦеныНоменклатуры', 'РегистрыНакопления.ТоварыНаСкладах']);
  });

  it('returns what a published set lacks (fields, functions, record types) apart, with no code', () => {
    // Everything УТ 11 reads is published, but the product catalog has no Артикул, the stock register
    // no Balance, and the price register is not recorder-subordinate here.
    const ut11 = onecProfiles.ut11;
    const sets = ['Catalog_Номенклатура', 'Catalog_Склады', 'Catalog_УпаковкиЕдиницыИзмерения', 'Catalog_ХарактеристикиНоменклатуры', 'Catalog_ВидыЦен', 'InformationRegister_ШтрихкодыНоменклатуры', 'InformationRegister_ЦеныНоменклатуры', 'AccumulationRegister_ТоварыНаСкладах', 'Catalog_Контрагенты'];
    const missing = findMissing(ut11, metadata(sets, { Catalog_Номенклатура: ['Code', 'Description', 'Parent_Key', 'IsFolder', 'ЕдиницаИзмерения_Key', 'ВесИспользовать'] }, { InformationRegister_ЦеныНоменклатуры: ['SliceLast'] })).map((m) => m.set);
    const snippet = compositionSnippet(missing);
    expect(snippet.objects).toEqual([]);
    expect(snippet.code).toBe('');
    expect(snippet.notComposition).toEqual([
      'Catalog_Номенклатура/Артикул',
      'InformationRegister_ЦеныНоменклатуры_RecordType',
      'InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast',
      'AccumulationRegister_ТоварыНаСкладах/Balance',
    ]);
  });

  it('mixes both: adds the missing object and keeps the misnamed field of a published one apart', () => {
    const snippet = compositionSnippet(['Catalog_Номенклатура/Артикул', 'InformationRegister_ШтрихкодыНоменклатуры']);
    expect(snippet.objects).toEqual(['РегистрСведений.ШтрихкодыНоменклатуры']);
    expect(snippet.notComposition).toEqual(['Catalog_Номенклатура/Артикул']);
    expect(lookups(snippet.code)).toEqual(['РегистрыСведений.ШтрихкодыНоменклатуры']);
  });

  it('maps every OData prefix to its Метаданные collection and full name', () => {
    const cases: Array<[string, string, string]> = [
      ['Catalog_Склады', 'Справочник.Склады', 'Справочники.Склады'],
      ['Document_ПересчетТоваров', 'Документ.ПересчетТоваров', 'Документы.ПересчетТоваров'],
      ['DocumentJournal_СкладскиеДокументы', 'ЖурналДокументов.СкладскиеДокументы', 'ЖурналыДокументов.СкладскиеДокументы'],
      ['Constant_ВалютаУчета', 'Константа.ВалютаУчета', 'Константы.ВалютаУчета'],
      ['Enum_ТипыСкладов', 'Перечисление.ТипыСкладов', 'Перечисления.ТипыСкладов'],
      ['ExchangePlan_ОбменССайтом', 'ПланОбмена.ОбменССайтом', 'ПланыОбмена.ОбменССайтом'],
      ['ChartOfAccounts_Хозрасчетный', 'ПланСчетов.Хозрасчетный', 'ПланыСчетов.Хозрасчетный'],
      ['ChartOfCalculationTypes_Начисления', 'ПланВидовРасчета.Начисления', 'ПланыВидовРасчета.Начисления'],
      ['ChartOfCharacteristicTypes_ВидыСубконтоХозрасчетные', 'ПланВидовХарактеристик.ВидыСубконтоХозрасчетные', 'ПланыВидовХарактеристик.ВидыСубконтоХозрасчетные'],
      ['InformationRegister_ЦеныНоменклатуры25', 'РегистрСведений.ЦеныНоменклатуры25', 'РегистрыСведений.ЦеныНоменклатуры25'],
      ['AccumulationRegister_ЗапасыНаСкладах', 'РегистрНакопления.ЗапасыНаСкладах', 'РегистрыНакопления.ЗапасыНаСкладах'],
      ['CalculationRegister_Начисления', 'РегистрРасчета.Начисления', 'РегистрыРасчета.Начисления'],
      ['AccountingRegister_Хозрасчетный', 'РегистрБухгалтерии.Хозрасчетный', 'РегистрыБухгалтерии.Хозрасчетный'],
      ['BusinessProcess_Задание', 'БизнесПроцесс.Задание', 'БизнесПроцессы.Задание'],
      ['Task_ЗадачаИсполнителя', 'Задача.ЗадачаИсполнителя', 'Задачи.ЗадачаИсполнителя'],
    ];
    for (const [set, fullName, lookup] of cases) {
      const snippet = compositionSnippet([set]);
      expect(snippet.objects, set).toEqual([fullName]);
      expect(lookups(snippet.code), set).toEqual([lookup]);
    }
  });

  it('gives a tabular section to its owner when the owner is in the list', () => {
    const snippet = compositionSnippet(['Document_ПриобретениеТоваровУслуг_Товары', 'Document_ПриобретениеТоваровУслуг', 'Document_ПриобретениеТоваровУслуг_Товары/Количество']);
    expect(snippet.objects).toEqual(['Документ.ПриобретениеТоваровУслуг']);
    expect(snippet.notComposition).toEqual([]);
    expect(lookups(snippet.code)).toEqual(['Документы.ПриобретениеТоваровУслуг']);
  });

  it('without the owner, tries the whole name first and then each owner left of an underscore', () => {
    const snippet = compositionSnippet(['Document_Удалить_ПеремещениеТоваров_Товары']);
    expect(snippet.objects).toEqual(['Документ.Удалить_ПеремещениеТоваров_Товары']);
    expect(lookups(snippet.code)).toEqual(['Документы.Удалить_ПеремещениеТоваров_Товары', 'Документы.Удалить_ПеремещениеТоваров', 'Документы.Удалить']);
    // Registers have no tabular sections: their underscores are part of the name.
    expect(lookups(compositionSnippet(['InformationRegister_Удалить_Цены']).code)).toEqual(['РегистрыСведений.Удалить_Цены']);
  });

  it('turns unknown prefixes and unsafe names into a comment line, never into code', () => {
    const snippet = compositionSnippet(['Catalogue_Номенклатура', 'Справочник_Склады', 'Catalog_Bad name', 'Catalog_X"); УдалитьОбъекты(', 'Catalog_A\nУстановитьСоставСтандартногоИнтерфейсаOData(Новый Массив)', 'Catalog_Склады']);
    expect(snippet.objects).toEqual(['Справочник.Склады']);
    expect(snippet.unrecognized).toHaveLength(5);
    expect(lookups(snippet.code)).toEqual(['Справочники.Склады']);
    expect(snippet.code).toMatch(/^\/\/ Не добавлено: «Catalogue_Номенклатура» — не имя объекта OData/m);
    // The injected newline is flattened inside the comment: the only executable call stays ours.
    const executable = snippet.code.split('\n').filter((line) => !line.trimStart().startsWith('//'));
    expect(executable.filter((line) => line.includes('УстановитьСоставСтандартногоИнтерфейсаOData('))).toEqual(['\tУстановитьСоставСтандартногоИнтерфейсаOData(Состав);']);
    expect(executable.join('\n')).not.toContain('УдалитьОбъекты');
  });

  it('is empty for an empty or blank list, and still explains a list of only unknown names', () => {
    expect(compositionSnippet([])).toEqual({ code: '', objects: [], notComposition: [], unrecognized: [] });
    expect(compositionSnippet(['  ', '']).code).toBe('');
    const onlyUnknown = compositionSnippet(['Foo_Bar']);
    expect(onlyUnknown.unrecognized).toEqual(['Foo_Bar']);
    expect(onlyUnknown.code).toContain('«Foo_Bar»');
    expect(lookups(onlyUnknown.code)).toEqual([]);
  });

  it('puts the title in the header as a comment', () => {
    expect(compositionSnippet(['Catalog_Склады'], { title: 'Магазин на Ленина\nвторая строка' }).code).toMatch(/^\/\/ Магазин на Ленина вторая строка$/m);
  });
});
