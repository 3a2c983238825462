import { DocumentEditor } from './DocumentEditor';
import { DocumentList } from './DocumentList';

/** «Документы»: the list at #/documents, one document's editor at #/documents/<id>. */
export function DocumentsPage({ params }: { params: readonly string[] }) {
  const id = params[0];
  // Keyed by id: another document starts with a fresh editor (scan queue, drafts, dialogs).
  return id ? <DocumentEditor key={id} id={id} /> : <DocumentList />;
}
