import { Button, Group } from '@mantine/core';
import { FormProblem } from '../features/auth/form-problem';

/** What a TanStack infinite query says about its next page. */
export interface NextPageQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage(): Promise<unknown>;
}

/** "Load more" under a keyset-paged list, with the error of a next page that failed to load. */
export function LoadMore({
  query,
  justify = 'center',
}: {
  query: NextPageQuery;
  justify?: 'center' | 'flex-start';
}) {
  return (
    <>
      {query.isFetchNextPageError && <FormProblem error={query.error} title="Could not load more" />}
      {query.hasNextPage && (
        <Group justify={justify} mt="sm">
          <Button
            variant="default"
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          >
            Load more
          </Button>
        </Group>
      )}
    </>
  );
}
