// Runs before the app so the first paint already uses the saved colour scheme (no light flash in
// dark mode). Mirrors Mantine's localStorageColorSchemeManager: same key, 'auto' follows the OS.
(() => {
  try {
    const saved = window.localStorage.getItem('mantine-color-scheme-value');
    const scheme =
      saved === 'light' || saved === 'dark'
        ? saved
        : window.matchMedia('(prefers-color-scheme: dark)').matches
          ? 'dark'
          : 'light';
    document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
  } catch {
    // Storage blocked (privacy mode): Mantine falls back to its default on mount.
  }
})();
