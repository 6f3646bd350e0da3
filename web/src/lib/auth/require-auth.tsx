import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from './auth.provider';
import { loginPathFor } from './safe-next';

/** Renders `children` for a signed-in user; sends anyone else to `/login?next=<this page>`. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'loading') {
    return (
      <Center py={96} role="status" aria-label="Restoring your session">
        <Loader />
      </Center>
    );
  }
  if (status === 'anonymous') {
    return <Navigate to={loginPathFor(`${location.pathname}${location.search}`)} replace />;
  }
  return children;
}
