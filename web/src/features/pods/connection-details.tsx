import { ActionIcon, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconEye, IconEyeOff } from '@tabler/icons-react';
import { useState } from 'react';
import type { PodConnection } from './pods.api';

function Copy({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : label} withArrow>
          <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={label}>
            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

/** A value on its own line that wraps anywhere (long hosts and URLs must not widen a phone screen). */
function Value({ children, testId }: { children: string; testId: string }) {
  return (
    <Code
      block
      data-testid={testId}
      style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
    >
      {children}
    </Code>
  );
}

/** How to reach a running pod: the SSH command and, when the image has one, Jupyter (token hidden until asked). */
export function ConnectionDetails({ connection }: { connection: PodConnection }) {
  const [showToken, setShowToken] = useState(false);
  const { ssh, jupyter } = connection;
  return (
    <Stack gap="sm">
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          SSH
        </Text>
        <Group gap="xs" wrap="nowrap" align="center">
          <Value testId="ssh-command">{ssh.command}</Value>
          <Copy value={ssh.command} label="Copy SSH command" />
        </Group>
        <Text size="xs" c="dimmed">
          {ssh.user}@{ssh.host}, port {ssh.port}
        </Text>
      </Stack>
      {jupyter && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Jupyter
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Value testId="jupyter-url">{jupyter.url}</Value>
            <Copy value={jupyter.url} label="Copy Jupyter URL" />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Value testId="jupyter-token">{showToken ? jupyter.token : '•'.repeat(16)}</Value>
            <Tooltip label={showToken ? 'Hide token' : 'Reveal token'} withArrow>
              <ActionIcon
                variant="subtle"
                color="gray"
                onClick={() => setShowToken((v) => !v)}
                aria-label={showToken ? 'Hide Jupyter token' : 'Reveal Jupyter token'}
                aria-pressed={showToken}
              >
                {showToken ? <IconEyeOff size={16} /> : <IconEye size={16} />}
              </ActionIcon>
            </Tooltip>
            <Copy value={jupyter.token} label="Copy Jupyter token" />
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
