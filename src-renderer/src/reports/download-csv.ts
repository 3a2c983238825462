/**
 * Saves data as a file through the browser's download (the web host) or Electron's download
 * handler: a Blob URL on a temporary link, revoked once the click has been dispatched.
 */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
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

export function downloadCsv(fileName: string, text: string): void {
  downloadBlob(fileName, new Blob([text], { type: 'text/csv;charset=utf-8' }));
}
