import { Card, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export interface AccountSectionProps {
  /** Heading id: the card is a region named by its heading. */
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}

/** One titled card on the account page. */
export function AccountSection({ id, title, description, children }: AccountSectionProps) {
  return (
    <Card component="section" aria-labelledby={id} withBorder padding="lg">
      <Stack gap="md">
        <div>
          <Title id={id} order={2} fz="lg">
            {title}
          </Title>
          {description && (
            <Text c="dimmed" size="sm" mt={4}>
              {description}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Card>
  );
}
