import { NumberInput, PasswordInput, Switch, Textarea, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ParameterType } from './admin-config.api';
import type { Draft } from './parameter-values';

export interface ValueInputProps {
  type: ParameterType;
  label: ReactNode;
  /** Accessible name when `label` is not plain text. */
  name: string;
  value: Draft;
  onChange(value: Draft): void;
  error?: string;
  /** Secrets only: a value is stored already (empty input keeps it). */
  secretSet?: boolean;
}

/** The input that fits a parameter's type: numbers, a switch, a JSON editor, a password field. */
export function ValueInput({ type, label, name, value, onChange, error, secretSet }: ValueInputProps) {
  const text = typeof value === 'string' ? value : '';
  switch (type) {
    case 'bool':
      return (
        <Switch
          label={label}
          aria-label={name}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
          error={error}
        />
      );
    case 'int':
    case 'float':
      return (
        <NumberInput
          label={label}
          aria-label={name}
          allowDecimal={type === 'float'}
          value={text}
          onChange={(v) => onChange(String(v))}
          error={error}
          placeholder="not set"
        />
      );
    case 'json':
      return (
        <Textarea
          label={label}
          aria-label={name}
          autosize
          minRows={3}
          maxRows={12}
          ff="monospace"
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
          placeholder="not set"
          spellCheck={false}
        />
      );
    case 'secret':
      return (
        <PasswordInput
          label={label}
          aria-label={name}
          description={
            secretSet ? 'Stored. Leave empty to keep it; type a new value to replace it.' : undefined
          }
          autoComplete="new-password"
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
          placeholder={secretSet ? 'unchanged' : 'not set'}
        />
      );
    default:
      return (
        <TextInput
          label={label}
          aria-label={name}
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
          placeholder="not set"
          spellCheck={false}
        />
      );
  }
}
