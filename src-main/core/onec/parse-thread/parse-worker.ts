// The parse worker's entry (D34): the same splitter and envelope parser the client uses in-thread,
// with the rows sent back as wires. Built by electron-vite as out/main/parse-worker.js.
import { parentPort } from 'node:worker_threads';
import { type OnecRow } from '../onec';
import { type CollectionSplitter, createCollectionSplitter } from '../odata-stream';
import { parseBodyInThread } from './body-parser';
import { type ParseReply, type ParseRequest, workerReady } from './parse-messages';
import { type WireRows, encodeRows, wireTransferList } from './row-wire';

const port = parentPort;
if (port === null) throw new Error('parse-worker: запущен не как поток (worker_threads)');

const streams = new Map<number, CollectionSplitter>();

function reply(message: ParseReply): void {
  const transfer = message.ok ? message.wires.flatMap(wireTransferList) : [];
  port?.postMessage(message, transfer);
}

const wiresOf = (batches: OnecRow[][]): WireRows[] => batches.map(encodeRows);

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const lostStream = (req: number): ParseReply => ({ req, ok: false, problem: 'not_json', detail: 'поток разбора потерял начало ответа' });

port.on('message', (message: ParseRequest) => {
  switch (message.kind) {
    case 'body': {
      const parsed = parseBodyInThread(asBuffer(message.bytes));
      if (!parsed.ok) return reply({ req: message.req, ...parsed });
      const { rows, count } = parsed.value;
      return reply(count === undefined ? { req: message.req, ok: true, wires: [encodeRows(rows)] } : { req: message.req, ok: true, wires: [encodeRows(rows)], count });
    }
    case 'open':
      streams.set(message.stream, createCollectionSplitter(message.batchSize));
      return undefined;
    case 'chunk': {
      const splitter = streams.get(message.stream);
      if (splitter === undefined) return reply(lostStream(message.req));
      const step = splitter.push(asBuffer(message.bytes));
      if (!step.ok) {
        streams.delete(message.stream);
        return reply({ req: message.req, ...step });
      }
      return reply({ req: message.req, ok: true, wires: wiresOf(step.value) });
    }
    case 'end': {
      const splitter = streams.get(message.stream);
      streams.delete(message.stream);
      if (splitter === undefined) return reply(lostStream(message.req));
      const last = splitter.end();
      if (!last.ok) return reply({ req: message.req, ...last });
      const { batches, count } = last.value;
      return reply(count === undefined ? { req: message.req, ok: true, wires: wiresOf(batches) } : { req: message.req, ok: true, wires: wiresOf(batches), count });
    }
    case 'drop':
      streams.delete(message.stream);
      return undefined;
  }
});

port.postMessage(workerReady);
