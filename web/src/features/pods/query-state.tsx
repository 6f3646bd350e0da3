import { Button, Group, Skeleton, Stack } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { FormProblem } from '../auth/form-problem';

/**
 * The three states of a page's main query: skeleton blocks while loading (announced as
 * `loadingLabel`), the problem when it failed (`errorTitle`) with a Retry, else `children` with
 * the data.
 */
export function QueryState<T>({
  query,
  loadingLabel,
  skeletons,
  errorTitle,
  children,
}: {
  query: UseQueryResult<T>;
  loadingLabel: string;
  /** Heights of the placeholder blocks, px. */
  skeletons: number[];
  errorTitle: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending)
    return (
      <Stack gap="md" role="status" aria-label={loadingLabel}>
        {skeletons.map((height, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed placeholders, never reordered
          <Skeleton key={i} height={height} />
        ))}
      </Stack>
    );
  if (query.isError)
    return (
      <Stack gap="xs">
        <FormProblem error={query.error} title={errorTitle} />
        <Group>
          <Button
            variant="default"
            size="compact-sm"
            leftSection={<IconRefresh size={14} />}
            loading={query.isFetching}
            onClick={() => void query.refetch()}
          >
            Retry
          </Button>
        </Group>
      </Stack>
    );
  return <>{children(query.data as T)}</>;
}
