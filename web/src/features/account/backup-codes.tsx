import { Alert, Button, CopyButton, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload } from '@tabler/icons-react';
import { useEffect, useMemo } from 'react';

/** The one-time backup codes, right after MFA is turned on: the only time they are ever shown. */
export function BackupCodes({ codes, onDone }: { codes: string[]; onDone(): void }) {
  const text = codes.join('\n');
  const href = useMemo(
    () =>
      URL.createObjectURL(
        new Blob([`GPUBROKER backup codes (each works once)\n\n${text}\n`], { type: 'text/plain' }),
      ),
    [text],
  );
  useEffect(() => () => URL.revokeObjectURL(href), [href]);

  return (
    <Stack gap="md">
      <Alert color="orange" variant="light" role="alert" title="Save your backup codes now">
        Each code signs you in once if you lose your authenticator. They are shown only this time: copy or
        download them and keep them somewhere safe.
      </Alert>
      <SimpleGrid
        component="ul"
        aria-label="Backup codes"
        cols={{ base: 2, xs: 3 }}
        spacing="xs"
        style={{
          listStyle: 'none',
          padding: 0,
          margin: 0,
          fontFamily: 'var(--mantine-font-family-monospace)',
        }}
      >
        {codes.map((code) => (
          <Text component="li" key={code} size="sm">
            {code}
          </Text>
        ))}
      </SimpleGrid>
      <Group gap="sm">
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Button
              variant="default"
              onClick={copy}
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            >
              {copied ? 'Copied' : 'Copy codes'}
            </Button>
          )}
        </CopyButton>
        <Button
          component="a"
          href={href}
          download="gpubroker-backup-codes.txt"
          variant="default"
          leftSection={<IconDownload size={16} />}
        >
          Download
        </Button>
        <Button onClick={onDone}>I have saved them</Button>
      </Group>
    </Stack>
  );
}
