import { IconBug } from '@tabler/icons-react';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { MessagePage } from '../components/message.page';
import { usePageTitle } from '../components/page-title';

/** Shown instead of a page that threw while rendering, so the user is never left with a blank tab. */
export function RouteErrorPage() {
  const error = useRouteError();
  usePageTitle('Something went wrong');
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'An unexpected error occurred.';
  return (
    <MessagePage
      icon={<IconBug size={32} stroke={1.5} />}
      eyebrow="Unexpected error"
      title="Something went wrong"
      description={`This page failed to load: ${detail} Reloading usually helps.`}
    />
  );
}
