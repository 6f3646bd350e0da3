import { Avatar, Badge, Button, Group, Menu, UnstyledButton } from '@mantine/core';
import {
  IconBell,
  IconChevronDown,
  IconLogout,
  IconReceipt,
  IconSettings,
  IconUser,
} from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useAuth } from '../../lib/auth';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase() || '?';
}

/**
 * Log in / Sign up when signed out; when signed in, the user menu (with the user's plan): Account,
 * Billing, Administration (pod_admin only), Log out.
 */
export function HeaderUserControls() {
  const { status, user, logout } = useAuth();
  const navigate = useNavigate();

  // Nothing while the session resumes: no flash of "Log in" for someone who is signed in.
  if (status === 'loading') return null;

  if (!user) {
    return (
      <Group gap="xs" wrap="nowrap">
        <Button component={Link} to="/login" variant="subtle" size="compact-md">
          Log in
        </Button>
        <Button component={Link} to="/register" size="compact-md" visibleFrom="xs">
          Sign up
        </Button>
      </Group>
    );
  }

  return (
    <Menu position="bottom-end" width={200} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${user.name}`} style={{ borderRadius: 999 }}>
          <Group gap={6} wrap="nowrap">
            <Avatar size={32} radius="xl" color="indigo" aria-hidden>
              {initials(user.name)}
            </Avatar>
            <IconChevronDown size={14} stroke={1.75} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Group justify="space-between" gap={4} wrap="nowrap">
            <span style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>{user.email}</span>
            <Badge size="xs" variant="light" data-testid="header-plan">
              {user.plan.toUpperCase()}
            </Badge>
          </Group>
        </Menu.Label>
        <Menu.Item component={Link} to="/account" leftSection={<IconUser size={16} />}>
          Account
        </Menu.Item>
        <Menu.Item component={Link} to="/billing" leftSection={<IconReceipt size={16} />}>
          Billing
        </Menu.Item>
        {user.role === 'pod_admin' && (
          <>
            <Menu.Item component={Link} to="/admin/config" leftSection={<IconSettings size={16} />}>
              Administration
            </Menu.Item>
            <Menu.Item component={Link} to="/admin/notifications" leftSection={<IconBell size={16} />}>
              Notifications
            </Menu.Item>
          </>
        )}
        <Menu.Item
          leftSection={<IconLogout size={16} />}
          onClick={async () => {
            // Leave first (committed synchronously), so a page that needs a session is gone before
            // the session is: otherwise it would bounce to the login page on the way out.
            await navigate('/', { flushSync: true });
            await logout();
          }}
        >
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
