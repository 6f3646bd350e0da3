import { Card, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconReceipt, IconRocket, IconTerminal2, IconWorldSearch } from '@tabler/icons-react';
import type { ComponentType } from 'react';
import classes from './home.module.css';

interface Feature {
  icon: ComponentType<{ size?: number; stroke?: number }>;
  title: string;
  text: string;
}

const FEATURES: readonly Feature[] = [
  {
    icon: IconWorldSearch,
    title: 'Find offers across 20+ clouds',
    text: 'Every GPU offer in one table, filtered and ranked by price, performance and availability.',
  },
  {
    icon: IconRocket,
    title: 'Deploy in one call',
    text: 'Pick an offer and the pod is provisioned for you, failing over to the next best one if capacity runs out.',
  },
  {
    icon: IconTerminal2,
    title: 'Connect over SSH or Jupyter',
    text: 'The moment a pod runs you get an SSH command and a Jupyter URL, by e-mail and in the console.',
  },
  {
    icon: IconReceipt,
    title: 'One monthly bill',
    text: 'Usage metered per second across every provider, on a single invoice with a clear cost breakdown.',
  },
];

export function FeatureGrid() {
  return (
    <Stack component="section" aria-labelledby="features-title" gap="lg">
      <Title id="features-title" order={2} fz={{ base: 24, sm: 30 }}>
        One broker for every GPU you need
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="lg">
        {FEATURES.map(({ icon: Icon, title, text }) => (
          <Card key={title} withBorder padding="lg" className={classes.card}>
            <ThemeIcon size={44} radius="md" variant="light" aria-hidden>
              <Icon size={24} stroke={1.75} />
            </ThemeIcon>
            <Title order={3} fz="lg" mt="md">
              {title}
            </Title>
            <Text c="dimmed" size="sm" mt={6}>
              {text}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
