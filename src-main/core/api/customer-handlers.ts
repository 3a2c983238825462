// Customer channels. PLACEHOLDER until the customers service lands (issue #8): refuses every call.
import { AppError } from '../errors/app-error';
import { type Handlers } from './dispatch';

type CustomerChannel = 'customers.list' | 'customers.get' | 'customers.create' | 'customers.update' | 'customers.conflicts.list' | 'customers.conflicts.resolve';

export function createCustomerHandlers(): Pick<Handlers, CustomerChannel> {
  const notYet = (): never => {
    throw new AppError('internal', 'Покупатели ещё не подключены.');
  };
  return {
    'customers.list': notYet,
    'customers.get': notYet,
    'customers.create': notYet,
    'customers.update': notYet,
    'customers.conflicts.list': notYet,
    'customers.conflicts.resolve': notYet,
  };
}
