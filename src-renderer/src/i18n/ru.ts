// Russian is the default language of the app: stores work in Russian, English is for support staff.
// en.ts must have exactly the same keys (its type is derived from this object).
export const ru = {
  app: {
    title: 'Прилавок',
    loading: 'Загрузка…',
    loadFailed: 'Не удалось запустить приложение',
    retry: 'Повторить',
    version: 'Версия {{version}}',
  },
  nav: {
    label: 'Разделы',
    stock: 'Остатки',
    documents: 'Документы',
    scan: 'Касса/Сканирование',
    alerts: 'Оповещения',
    sync: 'Синхронизация',
    devices: 'Устройства',
    settings: 'Настройки',
  },
  placeholder: {
    text: 'Этот раздел будет в следующих версиях.',
  },
  stock: {
    warehouse: 'Склад',
    allWarehouses: 'Все склады',
    search: 'Поиск',
    searchPlaceholder: 'Название, артикул, код или штрихкод',
    inStockOnly: 'Только в наличии',
    total: 'Найдено: {{formatted}}',
    empty: 'Ничего не найдено',
    rowLoading: 'Загрузка…',
    noValue: '—',
    columns: {
      code: 'Код',
      article: 'Артикул',
      name: 'Наименование',
      unit: 'Ед.',
      barcode: 'Штрихкод',
      qty: 'Остаток',
      price: 'Цена, ₽',
      asOf: 'На дату',
    },
  },
  settings: {
    language: 'Язык интерфейса',
    languages: {
      ru: 'Русский',
      en: 'English',
    },
    saveFailed: 'Не удалось сохранить настройку',
    about: 'О программе',
    database: 'База данных',
    schemaVersion: 'Версия схемы',
    products: 'Товаров',
    warehouses: 'Складов',
  },
  errors: {
    validation: 'Неверные данные запроса. Проверьте введённые значения.',
    not_found: 'Запись не найдена. Возможно, её удалили — обновите список.',
    conflict: 'Данные изменились в другом месте. Обновите и повторите.',
    erp: 'Ошибка 1С. Проверьте подключение к 1С и повторите позже.',
    device: 'Ошибка устройства. Проверьте подключение сканера или принтера.',
    db_from_future:
      'База данных создана более новой версией Прилавка. Обновите программу.',
    migration: 'Не удалось обновить базу данных. Обратитесь к администратору.',
    secret_unavailable: 'Хранилище паролей недоступно. Введите пароль 1С заново.',
    unauthorized: 'Нет доступа. Откройте приложение заново по ссылке с токеном.',
    internal: 'Внутренняя ошибка или нет связи с приложением. Повторите попытку.',
    details: 'Подробности: {{message}}',
  },
};

/** The shape every language file must fill: the same keys, any strings. */
export type Messages = typeof ru;
