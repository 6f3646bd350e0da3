import { useDocumentTitle } from '@mantine/hooks';

/** Sets the tab title to "<page> · GPUBROKER" (or just the brand on the landing page). */
export function usePageTitle(page?: string) {
  useDocumentTitle(page ? `${page} · GPUBROKER` : 'GPUBROKER — every GPU cloud, one console');
}
