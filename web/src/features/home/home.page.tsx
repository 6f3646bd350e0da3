import { Container, Stack } from '@mantine/core';
import { usePageTitle } from '../../components/page-title';
import { ClosingCallToAction } from './closing-cta';
import { FeatureGrid } from './feature-grid';
import { Hero } from './hero';
import { LivePricesSection } from './live-prices.section';
import { ProvidersStrip } from './providers-strip';

/** The landing page: what GPUBROKER is, live prices, the providers, and where to start. */
export function HomePage() {
  usePageTitle();
  return (
    <Container size="lg">
      <Stack gap={64} pb="xl">
        <Hero />
        <LivePricesSection />
        <FeatureGrid />
        <ProvidersStrip />
        <ClosingCallToAction />
      </Stack>
    </Container>
  );
}
