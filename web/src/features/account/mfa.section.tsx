import { Alert, Badge, Button, Code, CopyButton, Group, Image, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconCopy, IconShieldCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { type User, useAuth } from '../../lib/auth';
import { FormProblem } from '../auth/form-problem';
import { normaliseCode } from '../auth/mfa-code.form';
import {
  disableMfa,
  enableTotp,
  fetchMe,
  regenerateBackupCodes,
  setupTotp,
  type TotpSetup,
} from './account.api';
import { AccountSection } from './account-section';
import { BackupCodes } from './backup-codes';

/** Two-factor authentication: enrol (QR code + secret, confirm with a code), backup codes, turn off. */
export function MfaSection({ user }: { user: User }) {
  const { setUser } = useAuth();
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null);
  const reloadUser = async () => setUser(await fetchMe());

  return (
    <AccountSection
      id="account-security"
      title="Two-factor authentication"
      description="A code from an authenticator app (Google Authenticator, 1Password, Authy…) on top of your password."
    >
      {backupCodes ? (
        <BackupCodes codes={backupCodes} onDone={() => setBackupCodes(null)} />
      ) : user.mfa_enabled ? (
        <Stack gap="lg">
          <Alert
            color="teal"
            variant="light"
            icon={<IconShieldCheck />}
            title="Two-factor authentication is on"
          >
            Logging in asks for a code from your authenticator app, or one of your backup codes.
          </Alert>
          <SecondFactorForm
            label="Replace backup codes"
            description="Lost them, or used most? New codes replace all old ones. Confirm with a current code."
            submit="Get new backup codes"
            action={regenerateBackupCodes}
            onDone={(result) => setBackupCodes(result.backup_codes)}
          />
          <SecondFactorForm
            label="Turn off two-factor authentication"
            description="Confirm with a code from your app or a backup code."
            submit="Turn off"
            danger
            action={disableMfa}
            onDone={() => void reloadUser()}
          />
        </Stack>
      ) : (
        <EnrolMfa
          onEnabled={(codes) => {
            setBackupCodes(codes);
            void reloadUser();
          }}
        />
      )}
    </AccountSection>
  );
}

function EnrolMfa({ onEnabled }: { onEnabled(codes: string[]): void }) {
  const setup = useMutation({ mutationFn: setupTotp });
  const enable = useMutation({
    mutationFn: enableTotp,
    onSuccess: (result) => onEnabled(result.backup_codes),
  });
  const [code, setCode] = useState('');

  if (!setup.data) {
    return (
      <Stack gap="sm" align="flex-start">
        <Group gap="xs">
          <Badge color="gray" variant="light">
            Off
          </Badge>
          <Text size="sm">Two-factor authentication is off.</Text>
        </Group>
        <FormProblem error={setup.error} />
        <Button onClick={() => setup.mutate()} loading={setup.isPending}>
          Set up two-factor authentication
        </Button>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Text size="sm">1. Scan this QR code with your authenticator app, or enter the key by hand.</Text>
      <TotpQrCode setup={setup.data} />
      <form
        aria-label="Turn on two-factor authentication"
        onSubmit={(event) => {
          event.preventDefault();
          enable.mutate(normaliseCode(code));
        }}
      >
        <Stack gap="sm">
          <Text size="sm">2. Enter the 6-digit code the app shows to finish.</Text>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label="Code from your app"
              autoComplete="one-time-code"
              inputMode="numeric"
              required
              maxLength={10}
              value={code}
              onChange={(event) => setCode(event.currentTarget.value)}
              style={{ flex: '1 1 200px' }}
            />
            <Button type="submit" loading={enable.isPending}>
              Turn on
            </Button>
          </Group>
          <FormProblem error={enable.error} />
        </Stack>
      </form>
    </Stack>
  );
}

function TotpQrCode({ setup }: { setup: TotpSetup }) {
  const [dataUrl, setDataUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Drawn here, in the browser: the secret never goes to a QR-code service.
    QRCode.toDataURL(setup.otpauth_url, { margin: 1, width: 200 }).then(
      (url) => live && setDataUrl(url),
      () => live && setDataUrl(null),
    );
    return () => {
      live = false;
    };
  }, [setup.otpauth_url]);

  return (
    <Group align="center" gap="lg" wrap="wrap">
      {dataUrl && (
        <Image
          src={dataUrl}
          w={200}
          h={200}
          radius="sm"
          alt="QR code to add GPUBROKER to your authenticator app"
          style={{ background: 'white' }}
        />
      )}
      <Stack gap={4} style={{ minWidth: 0, flex: '1 1 200px' }}>
        <Text size="sm" c="dimmed">
          Key for manual entry
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Code data-testid="totp-secret" style={{ overflowWrap: 'anywhere' }}>
            {setup.secret}
          </Code>
          <CopyButton value={setup.secret}>
            {({ copied, copy }) => (
              <Button
                size="compact-sm"
                variant="subtle"
                onClick={copy}
                aria-label="Copy key"
                leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              >
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Group>
  );
}

interface SecondFactorFormProps<T> {
  /** The form's accessible name and its heading. */
  label: string;
  description: string;
  submit: string;
  danger?: boolean;
  action(code: string): Promise<T>;
  onDone(result: T): void;
}

/** A change to MFA that needs a current TOTP or backup code: new backup codes, turning it off. */
function SecondFactorForm<T>({
  label,
  description,
  submit,
  danger,
  action,
  onDone,
}: SecondFactorFormProps<T>) {
  const [code, setCode] = useState('');
  const run = useMutation({ mutationFn: action, onSuccess: onDone });
  return (
    <form
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        run.mutate(normaliseCode(code));
      }}
    >
      <Stack gap="sm">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={label}
            description={description}
            placeholder="123456 or abcd-1234"
            autoComplete="one-time-code"
            required
            maxLength={20}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            style={{ flex: '1 1 240px' }}
          />
          <Button type="submit" color={danger ? 'red' : undefined} variant="light" loading={run.isPending}>
            {submit}
          </Button>
        </Group>
        <FormProblem error={run.error} />
      </Stack>
    </form>
  );
}
