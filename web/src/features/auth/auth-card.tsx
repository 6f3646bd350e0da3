import { Container, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export interface AuthCardProps {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** Under the card: links to the neighbouring pages (log in ↔ sign up). */
  footer?: ReactNode;
}

/** The narrow centred card every sign-in page sits in. */
export function AuthCard({ title, description, children, footer }: AuthCardProps) {
  return (
    <Container size={440} py={{ base: 32, sm: 64 }}>
      <Stack gap="lg">
        <div>
          <Title order={1} fz={{ base: 26, sm: 30 }}>
            {title}
          </Title>
          {description && (
            <Text c="dimmed" size="sm" mt={6}>
              {description}
            </Text>
          )}
        </div>
        <Paper withBorder p={{ base: 'md', sm: 'xl' }} radius="md">
          {children}
        </Paper>
        {footer && (
          <Text size="sm" ta="center" c="dimmed">
            {footer}
          </Text>
        )}
      </Stack>
    </Container>
  );
}
