import { localStorageColorSchemeManager, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { theme } from './theme';

/** The key `public/color-scheme.js` reads before the first paint; keep the two in step. */
export const COLOR_SCHEME_STORAGE_KEY = 'mantine-color-scheme-value';

const colorSchemeManager = localStorageColorSchemeManager({ key: COLOR_SCHEME_STORAGE_KEY });

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // One retry hides a blip; more would keep an error state from showing for many seconds.
        retry: 1,
        staleTime: 5_000,
        refetchOnWindowFocus: true,
      },
    },
  });
}

export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}
