import { Code } from '@mantine/core';
import { IconMapPinOff } from '@tabler/icons-react';
import { useLocation } from 'react-router';
import { MessagePage } from './message.page';
import { usePageTitle } from './page-title';

export function NotFoundPage() {
  const { pathname } = useLocation();
  usePageTitle('Page not found');
  return (
    <MessagePage
      icon={<IconMapPinOff size={32} stroke={1.5} />}
      eyebrow="Error 404"
      title="Page not found"
      description={
        <>
          There is no page at <Code>{pathname}</Code>. Check the address, or head back to the console.
        </>
      }
    />
  );
}
