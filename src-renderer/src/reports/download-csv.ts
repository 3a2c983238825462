/**
 * Saves a text as a file through the browser's download (the web host) or Electron's download
 * handler: a Blob URL on a temporary link, revoked once the click has been dispatched.
 */
export function downloadCsv(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next task: the download has taken its own reference by then.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}
