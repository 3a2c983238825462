// English texts of the admin's screens; the same keys as admin-screens.ru.ts.
import { type auditRu, type authRu, type usersRu } from './admin-screens.ru';

export const authEn: typeof authRu = {
  title: 'Sign in',
  chooseUser: 'Who is working?',
  pin: 'PIN',
  signIn: 'Sign in',
  signingIn: 'Checking…',
  locked: 'The session locked after idle time. Enter your PIN to continue.',
  noUsers: 'There are no users.',
  lock: 'Lock',
  signOut: 'Sign out',
  openMode: 'No users yet: no PIN is asked. Create an admin in Settings.',
  roles: { admin: 'admin', manager: 'manager', cashier: 'cashier' },
};

export const usersEn: typeof usersRu = {
  title: 'Users',
  hint: 'Everyone signs in with their own PIN. A cashier scans, sells and receives; a manager also runs alert rules, reports and devices; an admin also settings, passwords and users.',
  idleLock: 'Lock after idle, minutes',
  name: 'Name',
  role: 'Role',
  status: 'Status',
  active: 'active',
  inactive: 'disabled',
  add: 'Add user',
  edit: 'Edit',
  newPin: 'New PIN (to change it)',
  pin: 'PIN (4–8 digits)',
  save: 'Save',
  cancel: 'Cancel',
  disable: 'Disable',
  enable: 'Enable',
  firstAdmin: 'Create the admin first: after that, sign-in needs a PIN.',
};

export const auditEn: typeof auditRu = {
  title: 'Audit log',
  from: 'From',
  to: 'To',
  user: 'User',
  anyUser: 'all',
  action: 'Action starts with',
  text: 'Text',
  apply: 'Show',
  at: 'Time',
  details: 'Details',
  system: 'system',
  empty: 'No records.',
  total: 'Records: {{count}}',
};
