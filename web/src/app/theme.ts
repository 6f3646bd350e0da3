import { createTheme } from '@mantine/core';

/** One theme for the whole console; system fonts only (the CSP allows no external font hosts). */
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  headings: { fontWeight: '700' },
  cursorType: 'pointer',
});
