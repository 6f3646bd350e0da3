import { Badge, Button, Container, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  IconAdjustmentsHorizontal,
  IconChevronLeft,
  IconChevronRight,
  IconZoomExclamation,
} from '@tabler/icons-react';
import { useState } from 'react';
import { usePageTitle } from '../../components/page-title';
import { useAuth } from '../../lib/auth';
import { LiveIndicator } from '../../lib/realtime';
import { FormProblem } from '../auth/form-problem';
import { activeFilterCount, offersQuery, SORT_OPTIONS } from './browse-filters';
import { BrowseFiltersPanel } from './browse-filters.panel';
import { type OfferSort, useOffers, useProviderIndex } from './catalog.api';
import { OffersCards } from './offers.cards';
import { OffersTable, OffersTableSkeleton } from './offers.table';
import { useBrowseState } from './use-browse-state';
import { useLiveFeed, useLivePrices } from './use-live-prices';
import { ValueWeights } from './value-weights';

/** Every offer from every provider: filters, sorts, best-value weights and cursor paging. */
export function BrowsePage() {
  usePageTitle('Browse GPU offers');
  const state = useBrowseState();
  const { filters } = state;
  const signedIn = useAuth().status === 'authenticated';
  // Signed in, prices stream over the real-time connection; the 60 s re-poll is the fallback.
  const offers = useOffers(offersQuery(filters, state.cursor), { live: useLiveFeed() });
  const providers = useProviderIndex();
  const wide = useMediaQuery('(min-width: 48em)', undefined, { getInitialValueInEffect: false });
  const tableFits = useMediaQuery('(min-width: 75em)', undefined, { getInitialValueInEffect: false });
  // Filters start open on tablets and up, folded on phones; the button overrides either way.
  const [filtersToggled, setFiltersToggled] = useState<boolean | null>(null);
  const filtersOpen = filtersToggled ?? wide;
  const active = activeFilterCount(filters);
  const page = offers.data;
  // A table on desktops; cards on tablets and phones, where eleven columns cannot fit.
  const Results = tableFits ? OffersTable : OffersCards;
  const items = page?.items ?? [];
  const updated = useLivePrices(items);

  return (
    <Container size="xl">
      <Stack gap="lg" py="lg">
        <Stack gap={4}>
          <Group justify="space-between" gap="xs">
            <Title order={1} fz={{ base: 28, sm: 34 }}>
              Browse GPU offers
            </Title>
            {signedIn && <LiveIndicator />}
          </Group>
          <Text c="dimmed">
            Every offer from every provider in one table. Prices are per hour for the whole offer and include
            your plan's markup; the provider's own price is shown below it.
          </Text>
        </Stack>

        <Paper withBorder p="md" component="section" aria-labelledby="filters-title" role="search">
          <Group justify="space-between" gap="xs">
            <Group gap="xs">
              <IconAdjustmentsHorizontal size={18} aria-hidden />
              <Text id="filters-title" fw={600}>
                Filters
              </Text>
              {active > 0 && (
                <Badge size="sm" variant="light" aria-label={`${active} active`}>
                  {active}
                </Badge>
              )}
            </Group>
            <Group gap="xs">
              {active > 0 && (
                <Button variant="subtle" size="compact-sm" onClick={state.resetFilters}>
                  Clear filters
                </Button>
              )}
              <Button
                variant="default"
                size="compact-sm"
                onClick={() => setFiltersToggled(!filtersOpen)}
                aria-expanded={filtersOpen}
                aria-controls="offer-filters"
              >
                {filtersOpen ? 'Hide filters' : 'Show filters'}
              </Button>
            </Group>
          </Group>
          <div id="offer-filters" hidden={!filtersOpen} style={{ paddingTop: 'var(--mantine-spacing-md)' }}>
            {filtersOpen && <BrowseFiltersPanel filters={filters} onChange={state.setFilters} />}
          </div>
        </Paper>

        <Group justify="space-between" align="flex-end" gap="sm">
          <Select
            label="Sort by"
            data={SORT_OPTIONS.map((o) => ({ ...o }))}
            value={filters.sort}
            onChange={(sort) => sort && state.setFilters({ sort: sort as OfferSort })}
            allowDeselect={false}
            w={220}
          />
          <Text size="sm" c="dimmed" role="status" aria-live="polite">
            {offers.isPending
              ? 'Loading offers…'
              : page
                ? `Page ${state.page} · ${items.length} offer${items.length === 1 ? '' : 's'}`
                : ''}
          </Text>
        </Group>

        {filters.sort === 'value' && (
          <ValueWeights weights={filters.weights} onChange={(weights) => state.setFilters({ weights })} />
        )}

        {offers.isError ? (
          <Stack gap="sm" align="flex-start">
            <FormProblem error={offers.error} title="Could not load offers" />
            <Button variant="default" onClick={() => void offers.refetch()}>
              Retry
            </Button>
          </Stack>
        ) : offers.isPending ? (
          <OffersTableSkeleton />
        ) : items.length === 0 ? (
          <Paper withBorder p="xl">
            <Stack align="center" gap="xs" ta="center">
              <IconZoomExclamation size={36} stroke={1.5} aria-hidden />
              <Title order={2} fz="lg">
                No offers match these filters
              </Title>
              <Text c="dimmed" size="sm">
                Widen the price range, drop a GPU model or provider, or turn off "Available only".
              </Text>
              {active > 0 && (
                <Button variant="default" onClick={state.resetFilters}>
                  Clear filters
                </Button>
              )}
            </Stack>
          </Paper>
        ) : (
          <Results offers={items} providers={providers} stale={offers.isPlaceholderData} updated={updated} />
        )}

        {!offers.isError && (state.page > 1 || page?.next_cursor) && (
          <Group justify="space-between" component="nav" aria-label="Pages" wrap="nowrap" gap="xs">
            <Button
              variant="default"
              leftSection={<IconChevronLeft size={16} />}
              disabled={state.page === 1 || offers.isPlaceholderData}
              onClick={state.previousPage}
              aria-label="Previous page"
            >
              Previous
            </Button>
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              Page {state.page}
            </Text>
            <Button
              variant="default"
              rightSection={<IconChevronRight size={16} />}
              disabled={!page?.next_cursor || offers.isPlaceholderData}
              onClick={() => page?.next_cursor && state.nextPage(page.next_cursor)}
              aria-label="Next page"
            >
              Next
            </Button>
          </Group>
        )}
      </Stack>
    </Container>
  );
}
