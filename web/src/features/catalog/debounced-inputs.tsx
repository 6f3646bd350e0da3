import { NumberInput, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useState } from 'react';

/** Typing settles for this long before a filter is applied (and a request goes out). */
export const FILTER_DEBOUNCE_MS = 400;

interface DebouncedNumberProps {
  label: string;
  value: number | undefined;
  onCommit(value: number | undefined): void;
  min?: number;
  step?: number;
  decimalScale?: number;
  prefix?: string;
  placeholder?: string;
}

/** A number filter that keeps its own text while typing and commits once typing pauses. */
export function DebouncedNumberInput({ value, onCommit, ...props }: DebouncedNumberProps) {
  const [draft, setDraft] = useState<string | number>(value ?? '');
  // A reset or a URL change from elsewhere replaces what is shown.
  useEffect(() => setDraft(value ?? ''), [value]);
  const commit = useDebouncedCallback((next: string | number) => {
    const n = typeof next === 'number' ? next : next.trim() === '' ? undefined : Number(next);
    onCommit(n === undefined || !Number.isFinite(n) ? undefined : n);
  }, FILTER_DEBOUNCE_MS);
  return (
    <NumberInput
      {...props}
      min={props.min ?? 0}
      allowNegative={false}
      value={draft}
      onChange={(next) => {
        setDraft(next);
        commit(next);
      }}
    />
  );
}

interface DebouncedTextProps {
  label: string;
  value: string | undefined;
  onCommit(value: string | undefined): void;
  placeholder?: string;
  /** Commit only values this accepts (others wait for more typing); empty always commits. */
  accept?(value: string): boolean;
  transform?(value: string): string;
  maxLength?: number;
  description?: string;
}

/** A text filter that commits once typing pauses. */
export function DebouncedTextInput({ value, onCommit, accept, transform, ...props }: DebouncedTextProps) {
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  const commit = useDebouncedCallback((next: string) => {
    const trimmed = next.trim();
    if (trimmed === '') onCommit(undefined);
    else if (!accept || accept(trimmed)) onCommit(trimmed);
  }, FILTER_DEBOUNCE_MS);
  return (
    <TextInput
      {...props}
      value={draft}
      onChange={(event) => {
        const next = transform ? transform(event.currentTarget.value) : event.currentTarget.value;
        setDraft(next);
        commit(next);
      }}
    />
  );
}
