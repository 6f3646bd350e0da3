import { IconHourglass } from '@tabler/icons-react';
import { MessagePage } from './message.page';
import { usePageTitle } from './page-title';

/** Placeholder for a route whose feature has not shipped yet. */
export function ComingSoonPage({ title, description }: { title: string; description: string }) {
  usePageTitle(title);
  return (
    <MessagePage
      icon={<IconHourglass size={32} stroke={1.5} />}
      eyebrow="Coming soon"
      title={title}
      description={description}
    />
  );
}
