import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { MessagePage } from '../../components/message.page';
import { usePageTitle } from '../../components/page-title';
import { useAuth } from '../../lib/auth';

/** Use inside `RequireAuth`: renders `children` for a pod_admin, a 403 page for anyone else. */
export function RequirePodAdmin({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  if (user?.role !== 'pod_admin') return <ForbiddenPage />;
  return children;
}

function ForbiddenPage() {
  usePageTitle('Administrators only');
  return (
    <MessagePage
      icon={<IconLock size={32} stroke={1.5} />}
      eyebrow="Error 403"
      title="Administrators only"
      description="This page is for POD administrators. Your account does not have that role; ask an administrator if you need access."
    />
  );
}
