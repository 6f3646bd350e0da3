import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  FileButton,
  Group,
  List,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { IconDownload, IconEye, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormProblem } from '../auth/form-problem';
import {
  CONFIG_QUERY_KEY,
  type ExportFormat,
  exportConfig,
  type ImportResult,
  importConfig,
  type PathError,
  type Pod,
} from './admin-config.api';
import { ConfirmPodId } from './confirm-pod-id';
import { pathErrors } from './path-errors';

/** Export the POD's configuration (secrets masked); import a document with a preview before applying. */
export function ImportExportTab({ pod }: { pod: Pod }) {
  return (
    <Stack gap="lg">
      <ExportCard pod={pod} />
      <ImportCard pod={pod} />
    </Stack>
  );
}

function ExportCard({ pod }: { pod: Pod }) {
  const download = useMutation({
    mutationFn: async (format: ExportFormat) => {
      const blob = await exportConfig(pod.pod_id, format);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `gpubroker-${pod.pod_id}-config.${format}`;
      link.click();
      // Revoked after the click has started the download.
      setTimeout(() => URL.revokeObjectURL(url), 1_000);
    },
  });
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="export-title">
      <Stack gap="sm">
        <Title id="export-title" order={2} fz="lg">
          Export
        </Title>
        <Text size="sm" c="dimmed">
          The POD and every parameter that is set. Secrets are masked: importing the file back keeps them as
          they are.
        </Text>
        <Group gap="sm">
          {(['json', 'yaml'] as const).map((format) => (
            <Button
              key={format}
              variant="default"
              leftSection={<IconDownload size={16} />}
              loading={download.isPending && download.variables === format}
              onClick={() => download.mutate(format)}
            >
              Download {format.toUpperCase()}
            </Button>
          ))}
        </Group>
        <FormProblem error={download.error} />
      </Stack>
    </Card>
  );
}

function ImportCard({ pod }: { pod: Pod }) {
  const queryClient = useQueryClient();
  const live = pod.mode === 'LIVE';
  const [text, setText] = useState('');
  const [confirm, setConfirm] = useState('');
  const [previewed, setPreviewed] = useState<string | null>(null);
  const preview = useMutation({
    mutationFn: (document: string) => importConfig(pod.pod_id, document, { dryRun: true }),
    onSuccess: (_result, document) => setPreviewed(document),
  });
  const apply = useMutation({
    mutationFn: (document: string) =>
      importConfig(pod.pod_id, document, { dryRun: false, confirm: needsConfirm ? confirm : undefined }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: CONFIG_QUERY_KEY });
    },
  });
  const result = preview.data;
  // The dry run goes without `confirm`: on a LIVE POD its only complaint may be that one, which
  // means "applying will need the pod_id", not that the document is wrong.
  const allErrors: PathError[] = result?.errors.length ? result.errors : pathErrors(preview.error);
  const errors = allErrors.filter((e) => e.path !== CONFIRM_PATH);
  const needsConfirm = live || allErrors.length > errors.length;
  const valid = result !== undefined && errors.length === 0;
  const upToDate = previewed !== null && previewed === text;
  const changing = result?.changes.filter((c) => c.action !== 'unchanged').length ?? 0;
  const canApply = upToDate && valid && changing > 0 && (!needsConfirm || confirm === pod.pod_id);

  const edit = (value: string) => {
    setText(value);
    apply.reset();
  };

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="import-title">
      <Stack gap="md">
        <Title id="import-title" order={2} fz="lg">
          Import
        </Title>
        <Text size="sm" c="dimmed">
          Paste or upload a JSON or YAML document in the export format. It is checked as a whole first and
          applied all or nothing; parameters it does not mention are left alone.
        </Text>
        <Textarea
          label="Document (JSON or YAML)"
          autosize
          minRows={6}
          maxRows={20}
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          value={text}
          onChange={(e) => edit(e.currentTarget.value)}
        />
        <Group gap="sm">
          <FileButton
            accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
            onChange={(file) => file && void file.text().then(edit)}
          >
            {(props) => (
              <Button {...props} variant="default" leftSection={<IconUpload size={16} />}>
                Upload a file
              </Button>
            )}
          </FileButton>
          <Button
            leftSection={<IconEye size={16} />}
            disabled={text.trim() === ''}
            loading={preview.isPending}
            onClick={() => preview.mutate(text)}
          >
            Preview changes
          </Button>
        </Group>
        {preview.isError && errors.length === 0 && <FormProblem error={preview.error} />}
        {(preview.isSuccess || errors.length > 0) && !preview.isPending && (
          <ImportPreview result={result} errors={errors} stale={!upToDate} />
        )}
        {upToDate && valid && changing > 0 && !apply.isSuccess && (
          <Stack gap="sm">
            {needsConfirm && (
              <>
                <Text size="sm" c="red">
                  <Code>{pod.pod_id}</Code> is LIVE: applying may change what customers get right now.
                </Text>
                <ConfirmPodId podId={pod.pod_id} value={confirm} onChange={setConfirm} />
              </>
            )}
            <FormProblem error={apply.error} />
            <Group>
              <Button
                color={live ? 'red' : undefined}
                disabled={!canApply}
                loading={apply.isPending}
                onClick={() => apply.mutate(text)}
              >
                Apply {changing} change{changing === 1 ? '' : 's'}
              </Button>
            </Group>
          </Stack>
        )}
        {apply.isSuccess && (
          <Alert color="teal" variant="light" role="status" title="Imported">
            {apply.data.changes.filter((c) => c.action !== 'unchanged').length} parameter(s) changed.
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

const CONFIRM_PATH = '/query/confirm';

const ACTION_COLOR = { create: 'teal', update: 'indigo', unchanged: 'gray' } as const;

function ImportPreview({
  result,
  errors,
  stale,
}: {
  result: ImportResult | undefined;
  errors: PathError[];
  stale: boolean;
}) {
  return (
    <Stack gap="sm" aria-label="Import preview" role="region">
      {stale && (
        <Text size="sm" c="orange">
          The document changed since this preview: preview it again before applying.
        </Text>
      )}
      {errors.length > 0 && (
        <Alert
          color="red"
          variant="light"
          role="alert"
          title={`${errors.length} error${errors.length === 1 ? '' : 's'}: nothing will be applied`}
        >
          <List size="sm" spacing={4} aria-label="Import errors">
            {errors.map((e) => (
              <List.Item key={`${e.path}:${e.message}`}>
                <Code>{e.path}</Code> {e.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {result && result.changes.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing={4} aria-label="Changes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Key</Table.Th>
                <Table.Th>Change</Table.Th>
                <Table.Th>Fields</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.changes.map((c) => (
                <Table.Tr key={c.key}>
                  <Table.Td>
                    <Text ff="monospace" size="sm">
                      {c.key}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={ACTION_COLOR[c.action]}>
                      {c.action}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{c.fields.join(', ') || '—'}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
