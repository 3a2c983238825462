import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DocumentView, type IpcError, type IpcResult, type ProductRow, type ScanResult } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { ConfirmDialog } from '../app/ConfirmDialog';
import { hrefFor } from '../app/app-routes';
import { errorMessage } from '../i18n/error-message';
import { PriceTagsDialog } from '../labels/PriceTagsDialog';
import { type CapturedScan, useScanConsumer } from '../scan-capture/scan-capture-context';
import { createStockFormatters } from '../stock/stock-format';
import { CheckPanel } from './CheckPanel';
import { DocumentLinesTable, type LinePatch } from './DocumentLinesTable';
import { DocumentStatusChip } from './DocumentStatusChip';
import { ExpectedFrom1CForm } from './ExpectedFrom1CForm';
import { type HeaderPatch, HeaderFields } from './HeaderFields';
import { ProductSearch } from './ProductSearch';
import { ScanField, type ScanOutcome } from './ScanField';
import { useOpenDocument } from './use-open-document';
import { useScanQueue } from './use-scan-queue';

/** How often a queued or sending document is re-read in case an event was lost while the stream reconnected. */
const fallbackPollMs = 5_000;

/** One piece: the quantity an addition by name starts with (thousandths). */
const onePiece = 1000;

/** Errors whose host text is meant for the clerk as is (an unknown code, a refused value). */
function isHostWorded(error: IpcError): boolean {
  return error.message !== '' && error.code !== 'internal' && error.code !== 'unauthorized';
}

export function DocumentEditor({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const { document: doc, loadError, reload, mutate, settle } = useOpenDocument(id);
  const scanRef = useRef<HTMLInputElement>(null);
  const [actionError, setActionError] = useState<IpcError | null>(null);
  const [lastLineNo, setLastLineNo] = useState<number | null>(null);
  const [warnings, setWarnings] = useState<string[] | null>(null);
  const [isConfirmingCancel, setIsConfirmingCancel] = useState(false);
  const [isSending, setIsSending] = useState(false);
  const [isPrintingLabels, setIsPrintingLabels] = useState(false);
  const scans = useScanQueue();

  const focusScan = useCallback(() => scanRef.current?.focus(), []);

  const status = doc?.status;
  useEffect(() => {
    if (status !== 'queued' && status !== 'sending') return;
    const timer = window.setInterval(reload, fallbackPollMs);
    return () => window.clearInterval(timer);
  }, [status, reload]);

  function scanned(scan: ScanResult): ScanOutcome {
    const product = scan.product;
    if (scan.kind !== 'product' || product === null) {
      return { isOk: false, message: scan.error ?? t(scan.kind === 'invalid' ? 'scan.invalidTitle' : 'scan.unknownTitle') };
    }
    if (scan.addedTo) setLastLineNo(scan.addedTo.lineNo);
    return {
      isOk: true,
      message: scan.addedTo
        ? t('documents.editor.scannedLine', { name: product.name, lineNo: scan.addedTo.lineNo, qty: format.qty(product.qty), unit: product.unit })
        : t('documents.editor.scanned', { name: product.name }),
    };
  }

  /** A keyboard-wedge scan (decoded, GS intact) or a serial scan (resolved in main) for this document. */
  async function addCaptured(captured: CapturedScan): Promise<ScanOutcome> {
    if (captured.source === 'serial') {
      const event = captured.event;
      const product = event.product;
      if (event.kind !== 'product' || product === null) return scanned(event);
      const result = await mutate(
        () => api.invoke('documents.addProduct', { id, productId: product.id, characteristicId: product.characteristicId, qty: product.qty }),
        (value) => value,
      );
      if (!result.ok) return { isOk: false, message: isHostWorded(result.error) ? result.error.message : errorMessage(t, result.error) };
      const line = result.value.lines.findLast((l) => l.productId === product.id && l.characteristicId === product.characteristicId);
      return scanned({ ...event, addedTo: line ? { documentId: id, lineNo: line.lineNo } : null });
    }
    // Resolved and added by the host in one call, then the document read back, as one tracked edit
    // (so «Отправить» waits for it like for any other edit).
    const result = await mutate(
      async (): Promise<IpcResult<{ scan: ScanResult; document: DocumentView }>> => {
        const resolved = await api.invoke('scans.resolve', { text: captured.text, device: captured.device, documentId: id });
        if (!resolved.ok) return resolved;
        const view = await api.invoke('documents.get', { id });
        if (!view.ok) return view;
        return { ok: true, value: { scan: resolved.value, document: view.value } };
      },
      (value) => value.document,
    );
    if (!result.ok) return { isOk: false, message: isHostWorded(result.error) ? result.error.message : errorMessage(t, result.error) };
    return scanned(result.value.scan);
  }

  // Scans captured anywhere on this screen (a scanner fired while a quantity had focus, a serial
  // scanner) are added here; while the document loads the host decides whether it may change.
  useScanConsumer((captured) => scans.enqueue(() => addCaptured(captured)), { isEnabled: doc?.isEditable !== false });

  async function scan(code: string): Promise<ScanOutcome> {
    const result = await mutate(() => api.invoke('documents.scan', { id, code }), (value) => value.document);
    if (!result.ok) return { isOk: false, message: isHostWorded(result.error) ? result.error.message : errorMessage(t, result.error) };
    setLastLineNo(result.value.lineNo);
    return { isOk: true, message: t('documents.editor.scanned', { name: result.value.productName }) };
  }

  async function addProduct(product: ProductRow): Promise<boolean> {
    setActionError(null);
    const result = await mutate(
      () => api.invoke('documents.addProduct', { id, productId: product.id, qty: onePiece }),
      (value) => value,
    );
    if (!result.ok) {
      setActionError(result.error);
      return false;
    }
    const line = result.value.lines.findLast((l) => l.productId === product.id);
    setLastLineNo(line?.lineNo ?? null);
    focusScan();
    return true;
  }

  async function setLine(lineNo: number, patch: LinePatch): Promise<boolean> {
    setActionError(null);
    const result = await mutate(() => api.invoke('documents.setLine', { id, lineNo, ...patch }), (value) => value);
    if (!result.ok) setActionError(result.error);
    return result.ok;
  }

  async function removeLine(lineNo: number): Promise<void> {
    setActionError(null);
    const result = await mutate(() => api.invoke('documents.removeLine', { id, lineNo }), (value) => value);
    if (!result.ok) setActionError(result.error);
    setLastLineNo(null);
    focusScan();
  }

  async function updateHeader(patch: HeaderPatch): Promise<boolean> {
    setActionError(null);
    const result = await mutate(() => api.invoke('documents.updateHeader', { id, ...patch }), (value) => value);
    if (!result.ok) setActionError(result.error);
    return result.ok;
  }

  async function send(allowNegative: boolean): Promise<void> {
    setActionError(null);
    setIsSending(true);
    // A quantity typed just before the click is saved (on blur) in parallel: send what is on screen.
    await settle();
    const result = await mutate(() => api.invoke('documents.send', { id, allowNegative }), (value) => value.document);
    setIsSending(false);
    if (!result.ok) return setActionError(result.error);
    // Nothing was queued: the host asks first (policy "warn") when stock would go below zero.
    if (result.value.warnings.length > 0) setWarnings(result.value.warnings);
  }

  async function loadExpected(number: string) {
    const result = await mutate(() => api.invoke('documents.expectedFrom1C', { id, number }), (value) => value.document);
    // Next comes scanning the delivery.
    if (result.ok) focusScan();
    return result;
  }

  async function cancelDocument(): Promise<void> {
    setIsConfirmingCancel(false);
    setActionError(null);
    const result = await mutate(() => api.invoke('documents.cancel', { id }), (value) => value);
    if (!result.ok) setActionError(result.error);
  }

  if (!doc) {
    return (
      <section className="page page-document">
        <a className="back-link" href={hrefFor('documents')} data-testid="doc-back">
          {t('documents.editor.back')}
        </a>
        {loadError ? (
          <p className="error" role="alert" data-testid="doc-load-error">
            {t('documents.editor.loadFailed')}: {errorMessage(t, loadError)}
          </p>
        ) : (
          <p className="empty">{t('documents.editor.loading')}</p>
        )}
      </section>
    );
  }

  const kindName = t(`documents.kinds.${doc.kind}`);
  const isEditable = doc.isEditable;
  const isCancellable = doc.status === 'draft' || doc.status === 'rejected' || doc.status === 'queued';

  return (
    <section className="page page-document" data-testid="doc-editor" data-id={doc.id} data-status={doc.status} data-kind={doc.kind}>
      <a className="back-link" href={hrefFor('documents')} data-testid="doc-back">
        {t('documents.editor.back')}
      </a>
      <header className="page-header page-header-row">
        <h1 data-testid="page-title">
          {kindName} {doc.localNumber}
        </h1>
        <DocumentStatusChip status={doc.status} kind={doc.kind} />
      </header>

      {doc.status === 'posted' && (
        <p className="success doc-banner" role="status" data-testid="doc-posted">
          {doc.postedAt === null
            ? t('documents.editor.posted', { number: doc.number1c ?? t('stock.noValue') })
            : t('documents.editor.postedAt', { number: doc.number1c ?? t('stock.noValue'), time: format.dateTime(doc.postedAt) })}
        </p>
      )}
      {doc.status === 'queued' && (
        <p className="notice doc-banner" role="status" data-testid="doc-queued">
          {t('documents.editor.queued')}
        </p>
      )}
      {doc.status === 'sending' && (
        <p className="notice doc-banner" role="status" data-testid="doc-sending">
          {t('documents.editor.sending')}
        </p>
      )}
      {doc.status === 'cancelled' && (
        <p className="notice doc-banner is-muted" role="status" data-testid="doc-cancelled">
          {t('documents.editor.cancelled')}
        </p>
      )}
      {doc.status === 'rejected' && (
        <div className="doc-rejected" role="alert" data-testid="doc-rejected">
          <p className="doc-rejected-message" data-testid="doc-rejected-message">
            {doc.last1cMessage
              ? t('documents.editor.rejected', { message: doc.last1cMessage })
              : t('documents.editor.rejectedNoMessage')}
          </p>
          <p className="doc-rejected-hint">{t('documents.editor.rejectedHint')}</p>
          <button
            type="button"
            className="button-danger"
            data-testid="doc-resend"
            disabled={isSending}
            onClick={() => void send(false)}
          >
            {isSending ? t('documents.editor.sendingNow') : t('documents.editor.fixAndResend')}
          </button>
        </div>
      )}

      <HeaderFields document={doc} onUpdate={updateHeader} />

      {isEditable && (
        <div className="doc-inputs">
          <ScanField inputRef={scanRef} isDisabled={!isEditable} onSubmit={(code) => scans.enqueue(() => scan(code))} feedback={scans.feedback} />
          <ProductSearch warehouseId={doc.warehouseId} isDisabled={!isEditable} onPick={addProduct} />
        </div>
      )}

      {actionError && (
        <p className="error" role="alert" data-testid="doc-action-error">
          {t('documents.editor.actionFailed')}: {errorMessage(t, actionError)}
        </p>
      )}

      <div className="doc-body">
        <div className="doc-main">
          <DocumentLinesTable
            document={doc}
            lastLineNo={lastLineNo}
            onSetLine={setLine}
            onRemoveLine={(lineNo) => void removeLine(lineNo)}
            onDone={focusScan}
          />
        </div>
        <div className="doc-side">
          <CheckPanel check={doc.check} />
          {isEditable && (
            <ExpectedFrom1CForm
              onLoad={loadExpected}
              describeError={(error) => (isHostWorded(error) ? error.message : errorMessage(t, error))}
            />
          )}
          <div className="doc-actions">
            {doc.status === 'draft' && (
              <button
                type="button"
                className="button-primary"
                data-testid="doc-send"
                disabled={isSending || doc.lines.length === 0}
                onClick={() => void send(false)}
              >
                {isSending ? t('documents.editor.sendingNow') : t('documents.editor.send')}
              </button>
            )}
            {isCancellable && (
              <button type="button" className="button" data-testid="doc-cancel" onClick={() => setIsConfirmingCancel(true)}>
                {t('documents.editor.cancel')}
              </button>
            )}
            {doc.lines.length > 0 && (
              <button type="button" className="button" data-testid="doc-print-labels" onClick={() => setIsPrintingLabels(true)}>
                {t('documents.editor.printLabels')}
              </button>
            )}
          </div>
        </div>
      </div>

      {warnings && (
        <ConfirmDialog
          testId="doc-warnings"
          title={t('documents.editor.warningsTitle')}
          confirmLabel={t('documents.editor.sendAnyway')}
          cancelLabel={t('documents.editor.backToDocument')}
          isDanger
          onCancel={() => setWarnings(null)}
          onConfirm={() => {
            setWarnings(null);
            void send(true);
          }}
        >
          <p>{t('documents.editor.warningsText')}</p>
          <ul className="warning-list">
            {warnings.map((warning) => (
              <li key={warning} data-testid="doc-warning">
                {warning}
              </li>
            ))}
          </ul>
        </ConfirmDialog>
      )}
      {isPrintingLabels && (
        <PriceTagsDialog
          source={{ source: 'document', documentId: doc.id }}
          title={t('labels.documentTitle', { kind: kindName, number: doc.localNumber })}
          onClose={() => setIsPrintingLabels(false)}
        />
      )}
      {isConfirmingCancel && (
        <ConfirmDialog
          testId="doc-cancel-confirm"
          title={t('documents.editor.cancelTitle')}
          confirmLabel={t('documents.editor.cancelConfirm')}
          cancelLabel={t('documents.editor.cancelKeep')}
          isDanger
          onCancel={() => setIsConfirmingCancel(false)}
          onConfirm={() => void cancelDocument()}
        >
          <p>{t('documents.editor.cancelText', { number: doc.localNumber })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
