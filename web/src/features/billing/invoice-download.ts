import { useMutation } from '@tanstack/react-query';
import { invoiceHtml } from './billing.api';

/** Saves `text` as a file named `filename` through a short-lived Blob URL. */
function saveAs(text: string, filename: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the Blob to the download; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Downloads an invoice's HTML document as `invoice-<number>.html`. */
export function useDownloadInvoice() {
  return useMutation({
    mutationFn: async ({ id, number }: { id: string; number: string }) => {
      saveAs(await invoiceHtml(id), `invoice-${number}.html`, 'text/html;charset=utf-8');
    },
  });
}
