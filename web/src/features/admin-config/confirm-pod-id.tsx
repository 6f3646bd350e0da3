import { Code, TextInput } from '@mantine/core';

export interface ConfirmPodIdProps {
  podId: string;
  value: string;
  onChange(value: string): void;
  error?: string;
}

/** "Type the pod_id": the guard on anything that changes what a LIVE POD does. */
export function ConfirmPodId({ podId, value, onChange, error }: ConfirmPodIdProps) {
  return (
    <TextInput
      label={
        <>
          Type <Code>{podId}</Code> to confirm
        </>
      }
      aria-label={`Type ${podId} to confirm`}
      autoComplete="off"
      spellCheck={false}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error}
      data-autofocus
    />
  );
}
