import { Container, Stack } from '@mantine/core';
import { usePageTitle } from '../../components/page-title';
import { ClosingCallToAction } from './closing-cta';
import { FeatureGrid } from './feature-grid';
import { Hero } from './hero';

/** The landing page: what GPUBROKER is, what it does, and where to start. */
export function HomePage() {
  usePageTitle();
  return (
    <Container size="lg">
      <Stack gap={64} pb="xl">
        <Hero />
        <FeatureGrid />
        <ClosingCallToAction />
      </Stack>
    </Container>
  );
}
