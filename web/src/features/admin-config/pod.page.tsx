import { Anchor, Container, Stack, Tabs, Text } from '@mantine/core';
import { IconArrowLeft, IconFileExport, IconHistory, IconListDetails } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { NotFoundPage } from '../../components/not-found.page';
import { usePageTitle } from '../../components/page-title';
import { FormProblem, hasCode } from '../auth/form-problem';
import { getPod, podKey } from './admin-config.api';
import { AuditTab } from './audit.tab';
import { ImportExportTab } from './import-export.tab';
import { ParametersTab } from './parameters.tab';
import { PodHeader } from './pod-header';

const TABS = ['parameters', 'audit', 'import-export'] as const;
type Tab = (typeof TABS)[number];

/** `/admin/config/:podId`: the POD's mode and flags, its parameters, audit history and import/export. */
export function PodPage() {
  const { podId = '' } = useParams();
  usePageTitle(`POD ${podId}`);
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((t) => t === params.get('tab')) ?? 'parameters';
  const pod = useQuery({ queryKey: podKey(podId), queryFn: () => getPod(podId) });

  if (hasCode(pod.error, 'not_found')) return <NotFoundPage />;

  return (
    <Container size="xl" py="xl">
      <Stack gap="lg">
        <Anchor component={Link} to="/admin/config" size="sm">
          <IconArrowLeft size={14} style={{ verticalAlign: 'middle' }} aria-hidden /> All PODs
        </Anchor>
        {pod.isPending ? (
          <Text size="sm" c="dimmed" role="status">
            Loading the POD…
          </Text>
        ) : pod.isError ? (
          <FormProblem error={pod.error} />
        ) : (
          <>
            <PodHeader pod={pod.data} />
            <Tabs
              value={tab}
              onChange={(value) =>
                setParams(value && value !== 'parameters' ? { tab: value } : {}, { replace: true })
              }
              keepMounted={false}
            >
              <Tabs.List>
                <Tabs.Tab value="parameters" leftSection={<IconListDetails size={16} />}>
                  Parameters
                </Tabs.Tab>
                <Tabs.Tab value="audit" leftSection={<IconHistory size={16} />}>
                  Audit history
                </Tabs.Tab>
                <Tabs.Tab value="import-export" leftSection={<IconFileExport size={16} />}>
                  Import / export
                </Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="parameters" pt="md">
                <ParametersTab pod={pod.data} />
              </Tabs.Panel>
              <Tabs.Panel value="audit" pt="md">
                <AuditTab podId={pod.data.pod_id} />
              </Tabs.Panel>
              <Tabs.Panel value="import-export" pt="md">
                <ImportExportTab pod={pod.data} />
              </Tabs.Panel>
            </Tabs>
          </>
        )}
      </Stack>
    </Container>
  );
}
