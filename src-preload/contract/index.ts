import { type z } from 'zod';
import { alertsContract, alertsEvents } from './alerts';
import { appContract, appEvents } from './app';
import { authContract, authEvents } from './auth';
import { commercemlContract, commercemlEvents } from './commerceml';
import { customersContract, customersEvents } from './customers';
import { devicesContract, devicesEvents } from './devices';
import { diagnosticsContract } from './diagnostics';
import { documentsContract, documentsEvents } from './documents';
import { inventoryContract } from './inventory';
import { type IpcResult } from './result';
import { reportsContract } from './reports';
import { secretsContract } from './secrets';
import { settingsContract } from './settings';
import { setupContract } from './setup';
import { syncContract, syncEvents } from './sync';

/** THE list of invoke channels. Hosts register exactly these; nothing else crosses the boundary. */
export const invokeContract = {
  ...appContract,
  ...authContract,
  ...settingsContract,
  ...inventoryContract,
  ...syncContract,
  ...documentsContract,
  ...devicesContract,
  ...alertsContract,
  ...reportsContract,
  ...secretsContract,
  ...setupContract,
  ...diagnosticsContract,
  ...customersContract,
  ...commercemlContract,
} as const;

/** THE list of events pushed from main to the renderer. */
export const eventContract = {
  ...appEvents,
  ...authEvents,
  ...syncEvents,
  ...documentsEvents,
  ...devicesEvents,
  ...alertsEvents,
  ...customersEvents,
  ...commercemlEvents,
} as const;

export type InvokeChannel = keyof typeof invokeContract;
export type EventName = keyof typeof eventContract;
/** What the caller passes (defaults may be omitted). */
export type InvokeInput<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['input']>;
/** What the handler receives after zod applied defaults. */
export type HandlerInput<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['input']>;
export type InvokeOutput<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof eventContract)[E]>;

export const invokeChannels = Object.keys(invokeContract) as InvokeChannel[];
export const eventNames = Object.keys(eventContract) as EventName[];

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.hasOwn(invokeContract, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(eventContract, name);
}

/** The API the renderer sees as window.api (Electron) or through the web transport. */
export type PrilavokApi = {
  invoke<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<IpcResult<InvokeOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export * from './alerts';
export * from './app';
export * from './auth';
export * from './commerceml';
export * from './customers';
export * from './devices';
export * from './diagnostics';
export * from './documents';
export * from './inventory';
export * from './reports';
export * from './result';
export * from './secrets';
export * from './settings';
export * from './setup';
export * from './sync';
