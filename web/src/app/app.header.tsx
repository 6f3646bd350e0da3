import { Burger, Group } from '@mantine/core';
import { IconCpu } from '@tabler/icons-react';
import { Link, NavLink } from 'react-router';
import { HeaderUserControls } from '../features/auth/header-user-controls';
import classes from './app.layout.module.css';
import { ColorSchemeToggle } from './color-scheme-toggle';
import { NAV_ITEMS } from './nav-items';

export interface AppHeaderProps {
  navOpened: boolean;
  onToggleNav(): void;
}

/** Brand, the desktop navigation and the colour-scheme toggle; a burger replaces the links on phones. */
export function AppHeader({ navOpened, onToggleNav }: AppHeaderProps) {
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Burger
          opened={navOpened}
          onClick={onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label={navOpened ? 'Close navigation' : 'Open navigation'}
          aria-controls="mobile-navigation"
          aria-expanded={navOpened}
        />
        <Link to="/" className={classes.brand} aria-label="GPUBROKER home">
          <IconCpu size={26} stroke={1.75} color="var(--mantine-primary-color-filled)" aria-hidden />
          GPUBROKER
        </Link>
      </Group>
      <Group component="nav" aria-label="Main" gap={4} visibleFrom="sm" wrap="nowrap">
        {NAV_ITEMS.map((item) => (
          <NavLink key={item.to} to={item.to} end={item.end} className={classes.link}>
            {item.label}
          </NavLink>
        ))}
      </Group>
      <Group gap="xs" wrap="nowrap">
        <HeaderUserControls />
        <ColorSchemeToggle />
      </Group>
    </Group>
  );
}
