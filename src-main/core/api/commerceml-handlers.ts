// CommerceML channels. PLACEHOLDER until the exchange service lands (issue #8): refuses every call.
import { AppError } from '../errors/app-error';
import { type Handlers } from './dispatch';

type CmlChannel = 'cml.folder.list' | 'cml.import.start' | 'cml.import.status' | 'cml.export.orders';

export function createCommercemlHandlers(): Pick<Handlers, CmlChannel> {
  const notYet = (): never => {
    throw new AppError('internal', 'Обмен CommerceML ещё не подключён.');
  };
  return { 'cml.folder.list': notYet, 'cml.import.start': notYet, 'cml.import.status': notYet, 'cml.export.orders': notYet };
}
