import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle, IconPlugOff } from '@tabler/icons-react';
import { type ApiProblem, isApiProblem } from '../../api/client';

/** The problem document behind a failed call, or null for anything else (a bug, not an answer). */
export function problemOf(error: unknown): ApiProblem | null {
  return isApiProblem(error) ? error : null;
}

/** True when `error` is the API answering with `code`. */
export function hasCode(error: unknown, code: string): boolean {
  return problemOf(error)?.code === code;
}

/**
 * Field messages from a 422's `errors[]`, keyed by the last segment of each JSON pointer
 * (`/body/email` → `email`), so a form can put each under its own input.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problemOf(error)?.errors ?? []) {
    const field = e.path.split('/').filter(Boolean).at(-1);
    if (field && !(field in out)) out[field] = e.message;
  }
  return out;
}

/** The sentence to show for a failed call: the problem's `detail`, else its title. */
export function problemMessage(error: unknown): string {
  const problem = problemOf(error);
  if (!problem) return error instanceof Error ? error.message : 'Something went wrong.';
  if (problem.unreachable) return 'The server could not be reached. Check your connection and try again.';
  if (problem.code === 'rate_limited') {
    return `${problem.detail ?? 'Too many attempts.'} Wait a little before trying again.`;
  }
  return problem.detail ?? problem.title;
}

/** A form's error banner (role=alert, so screen readers announce it when it appears). */
export function FormProblem({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const unreachable = problemOf(error)?.unreachable ?? false;
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title={title ?? (unreachable ? 'Server unreachable' : undefined)}
      icon={unreachable ? <IconPlugOff /> : <IconAlertTriangle />}
    >
      <Text size="sm">{problemMessage(error)}</Text>
    </Alert>
  );
}
