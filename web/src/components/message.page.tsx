import { Button, Container, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

export interface MessagePageProps {
  icon: ReactNode;
  eyebrow: string;
  title: string;
  description: ReactNode;
  /** Extra actions after "Back to home". */
  actions?: ReactNode;
}

/** A centred one-message page: placeholders, not-found and error screens share it. */
export function MessagePage({ icon, eyebrow, title, description, actions }: MessagePageProps) {
  return (
    <Container size="sm" py={{ base: 48, sm: 96 }}>
      <Stack align="center" ta="center" gap="md">
        <ThemeIcon size={64} radius="xl" variant="light" aria-hidden>
          {icon}
        </ThemeIcon>
        <Text c="dimmed" tt="uppercase" fw={700} fz="xs" lts="0.08em">
          {eyebrow}
        </Text>
        <Title order={1} fz={{ base: 28, sm: 36 }}>
          {title}
        </Title>
        <Text c="dimmed" maw={520}>
          {description}
        </Text>
        <Group justify="center" mt="sm">
          <Button component={Link} to="/" variant="default" leftSection={<IconArrowLeft size={16} />}>
            Back to home
          </Button>
          {actions}
        </Group>
      </Stack>
    </Container>
  );
}
