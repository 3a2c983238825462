import { type z } from 'zod';
import {
  type HandlerInput,
  type InvokeChannel,
  type InvokeOutput,
  type IpcError,
  type IpcResult,
  invokeContract,
  isInvokeChannel,
} from '../../../src-preload/contract';
import { isAppError, toLogFormat } from '../errors/app-error';
import { type Logger } from '../logging/logger';

/** A handler parses nothing itself: it gets zod's output and calls one service. */
export type Handlers = {
  [C in InvokeChannel]: (input: HandlerInput<C>) => InvokeOutput<C> | Promise<InvokeOutput<C>>;
};

export type Dispatch = (channel: unknown, input: unknown) => Promise<IpcResult<unknown>>;

export type DispatchOptions = {
  logger: Logger;
  /** Parse every output against the contract too (tests and development): catches drift early. */
  isOutputChecked?: boolean;
  /**
   * Who may call this channel now (desk-session.ts): an error refuses the call before its input is
   * even parsed. Absent: everything is allowed (tools and tests of other parts).
   */
  authorize?: (channel: InvokeChannel) => IpcError | null;
  /** Called after validation, just before the handler: lets tests prove validation came first. */
  onHandlerStart?: (channel: InvokeChannel) => void;
};

/**
 * The one gate every host calls: unknown channel → `validation`; a call the desk session refuses →
 * `unauthenticated`/`forbidden`; invalid input → `validation`; all before any handler runs; every throw becomes an `IpcResult` error (hosts always return, never reject).
 */
export function createDispatch(handlers: Handlers, options: DispatchOptions): Dispatch {
  return async (channel, input) => {
    if (!isInvokeChannel(channel)) {
      return fail({ code: 'validation', message: `Неизвестный канал: ${describe(channel)}` });
    }
    const refusal = options.authorize?.(channel) ?? null;
    if (refusal !== null) return fail(refusal);
    const spec = invokeContract[channel];
    // An omitted input means "no arguments"; null or any other value must pass the schema itself.
    const parsed = spec.input.safeParse(input === undefined ? {} : input);
    if (!parsed.success) {
      // details: the issues with their paths, so a form can put each message next to its field.
      return fail({ code: 'validation', message: `Неверные данные запроса ${channel}: ${summarize(parsed.error)}`, details: issueList(parsed.error) });
    }
    try {
      options.onHandlerStart?.(channel);
      const handler = handlers[channel] as (value: unknown) => unknown;
      const value = await handler(parsed.data);
      if (options.isOutputChecked) {
        const out = (spec.output as z.ZodType).safeParse(value);
        if (!out.success) {
          options.logger.error(`${channel}: output breaks the contract: ${summarize(out.error)}`);
          return fail({ code: 'internal', message: 'Внутренняя ошибка: ответ не соответствует контракту' });
        }
      }
      return { ok: true, value };
    } catch (err) {
      return fail(toIpcError(err, channel, options.logger));
    }
  };
}

/**
 * AppErrors keep their code and user-safe message; anything else is logged and shown generically.
 * Details cross only for `validation` (the issues per field, so a form puts each message next to its
 * field, as for schema failures) and `conflict` (what it conflicts with, e.g. the existing customer):
 * other details (1C requests, device paths) stay in the log.
 */
export function toIpcError(err: unknown, channel: string, logger: Logger): IpcError {
  if (isAppError(err)) {
    logger.warn(`${channel} failed: ${err.code}: ${toLogFormat(err)}`);
    const hasPublicDetails = (err.code === 'validation' || err.code === 'conflict') && err.details !== undefined;
    return hasPublicDetails ? { code: err.code, message: err.message, details: err.details } : { code: err.code, message: err.message };
  }
  logger.error(`${channel} failed: ${toLogFormat(err)}`);
  return { code: 'internal', message: 'Внутренняя ошибка. Подробности записаны в журнал.' };
}

function fail(error: IpcError): IpcResult<never> {
  return { ok: false, error };
}

function issueList(error: z.ZodError): { path: (string | number)[]; message: string }[] {
  return error.issues.slice(0, 20).map((issue) => ({ path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)), message: issue.message }));
}

function summarize(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(вход)'}: ${issue.message}`)
    .join('; ');
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : typeof value;
}
