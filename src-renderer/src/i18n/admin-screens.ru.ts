// Texts of the admin's screens (issue #7): sign-in, users, the audit log. ru.ts mounts them under
// `auth`, `users` and `audit`.

export const authRu = {
  title: 'Вход',
  chooseUser: 'Кто работает?',
  pin: 'PIN',
  signIn: 'Войти',
  signingIn: 'Проверяем…',
  locked: 'Сеанс заблокирован после простоя. Введите PIN, чтобы продолжить.',
  noUsers: 'Нет ни одного пользователя.',
  lock: 'Заблокировать',
  signOut: 'Выйти',
  openMode: 'Пользователи не созданы: вход без PIN. Создайте администратора в Настройках.',
  roles: { admin: 'администратор', manager: 'менеджер', cashier: 'кассир' },
};

export const usersRu = {
  title: 'Пользователи',
  hint: 'Каждый входит со своим PIN. Кассир сканирует, продаёт и принимает товар; менеджер ещё ведёт правила оповещений, отчёты и оборудование; администратор — настройки, пароли и пользователей.',
  idleLock: 'Блокировать после простоя, минут',
  name: 'Имя',
  role: 'Роль',
  status: 'Состояние',
  active: 'работает',
  inactive: 'отключён',
  add: 'Добавить пользователя',
  edit: 'Изменить',
  newPin: 'Новый PIN (если нужно сменить)',
  pin: 'PIN (4–8 цифр)',
  save: 'Сохранить',
  cancel: 'Отмена',
  disable: 'Отключить',
  enable: 'Включить',
  firstAdmin: 'Первым создайте администратора: после этого вход — только по PIN.',
};

export const auditRu = {
  title: 'Журнал действий',
  from: 'С',
  to: 'По',
  user: 'Пользователь',
  anyUser: 'все',
  action: 'Действие начинается с',
  text: 'Текст',
  apply: 'Показать',
  at: 'Время',
  details: 'Подробности',
  system: 'система',
  empty: 'Записей нет.',
  total: 'Всего записей: {{count}}',
};
