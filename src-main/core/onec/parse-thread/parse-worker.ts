// The parse worker's entry (D34): decodes bodies and cuts streamed answers into runs of whole rows
// with the scanner the in-thread splitter uses; the main thread parses the texts. Built by
// electron-vite as out/main/parse-worker.js.
import { parentPort } from 'node:worker_threads';
import { type CollectionScanner, createCollectionScanner, type RunCollector } from '../odata-stream';
import { type ParseReply, type ParseRequest, type TextBatch, workerReady } from './parse-messages';

const port = parentPort;
if (port === null) throw new Error('parse-worker: запущен не как поток (worker_threads)');

const streams = new Map<number, CollectionScanner<TextBatch>>();

function textCollector(): RunCollector<TextBatch> {
  let texts: TextBatch = [];
  let rows = 0;
  return {
    add(text, count) {
      texts.push(text);
      rows += count;
      return null;
    },
    size: () => rows,
    take() {
      const batch = texts;
      texts = [];
      rows = 0;
      return batch;
    },
  };
}

const reply = (message: ParseReply): void => port?.postMessage(message);

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const lostStream = (req: number): ParseReply => ({ req, ok: false, problem: 'not_json', detail: 'поток разбора потерял начало ответа' });

port.on('message', (message: ParseRequest) => {
  switch (message.kind) {
    case 'body':
      return reply({ req: message.req, ok: true, kind: 'body', text: asBuffer(message.bytes).toString('utf8') });
    case 'open':
      streams.set(message.stream, createCollectionScanner(message.batchSize, textCollector()));
      return undefined;
    case 'chunk': {
      const scanner = streams.get(message.stream);
      if (scanner === undefined) return reply(lostStream(message.req));
      const step = scanner.push(asBuffer(message.bytes));
      if (!step.ok) {
        streams.delete(message.stream);
        return reply({ req: message.req, ...step });
      }
      return reply({ req: message.req, ok: true, kind: 'batches', batches: step.value });
    }
    case 'end': {
      const scanner = streams.get(message.stream);
      streams.delete(message.stream);
      if (scanner === undefined) return reply(lostStream(message.req));
      const last = scanner.end();
      if (!last.ok) return reply({ req: message.req, ...last });
      return reply({ req: message.req, ok: true, kind: 'batches', batches: last.value.batches, outer: last.value.outer });
    }
    case 'drop':
      streams.delete(message.stream);
      return undefined;
  }
});

port.postMessage(workerReady);
