import { Anchor, AppShell, Container, Group, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { SystemBanner } from '../features/notifications/system-banner';
import { AppHeader } from './app.header';
import classes from './app.layout.module.css';
import { NAV_ITEMS } from './nav-items';

const HEADER_HEIGHT = 60;

/** The shell around every page: header, phone navigation drawer, main landmark and footer. */
export function AppLayout() {
  const [navOpened, nav] = useDisclosure(false);
  const { pathname } = useLocation();

  // A navigation on a phone should not leave the drawer covering the page it opened.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on route change only
  useEffect(() => nav.close(), [pathname]);

  return (
    <AppShell
      header={{ height: HEADER_HEIGHT }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !navOpened, desktop: true } }}
      padding="md"
    >
      <a href="#main-content" className={classes.skipLink}>
        Skip to content
      </a>
      <AppShell.Header>
        <AppHeader navOpened={navOpened} onToggleNav={nav.toggle} />
      </AppShell.Header>
      <AppShell.Navbar
        id="mobile-navigation"
        p="md"
        hiddenFrom="sm"
        aria-label="Main (mobile)"
        // Off-screen when closed: keep its links out of the tab order and the accessibility tree.
        inert={!navOpened}
      >
        <Stack gap={4}>
          {NAV_ITEMS.map((item) => (
            <NavLink key={item.to} to={item.to} end={item.end} className={classes.mobileLink}>
              {item.label}
            </NavLink>
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main-content" className={classes.main}>
        <SystemBanner />
        <div className={classes.content}>
          <Outlet />
        </div>
        <Container size="lg" w="100%" component="footer" className={classes.footer}>
          <Group justify="space-between" gap="xs">
            <span>© GPUBROKER</span>
            <Group gap="md">
              <Anchor href="/api/docs" inherit>
                API reference
              </Anchor>
              <Anchor component={Link} to="/status" inherit>
                Platform status
              </Anchor>
            </Group>
          </Group>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
