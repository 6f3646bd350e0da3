import type { PodStatus } from './pods.api';

export const STATUS_LABEL: Record<PodStatus, string> = {
  pending: 'Pending',
  provisioning: 'Provisioning',
  ready: 'Ready',
  running: 'Running',
  stopped: 'Stopped',
  terminated: 'Terminated',
  failed: 'Failed',
};

export const STATUS_COLOR: Record<PodStatus, string> = {
  pending: 'gray',
  provisioning: 'blue',
  ready: 'cyan',
  running: 'teal',
  stopped: 'yellow',
  terminated: 'dark',
  failed: 'red',
};

/** What each status means for the owner, under the badge. */
export const STATUS_HINT: Record<PodStatus, string> = {
  pending: 'Waiting for the provisioning worker.',
  provisioning: 'Asking the provider for an instance.',
  ready: 'The instance is up. Open the activation link we e-mailed you to start it.',
  running: 'Running and billed by the hour.',
  stopped: 'Stopped: start it again to reconnect.',
  terminated: 'Terminated: the instance is gone and billing has stopped.',
  failed: 'Provisioning failed.',
};

const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'UTC',
});

/** `28 Nov 2026, 16:21:32 UTC`. */
export function formatDateTime(iso: string): string {
  return `${dateTime.format(new Date(iso))} UTC`;
}

/** `pod.deploy` → `Deploy`, `pod.terminate` → `Terminate`: the verb of an activity row. */
export function activityLabel(action: string): string {
  const verb = action.split('.').at(-1) ?? action;
  return verb.charAt(0).toUpperCase() + verb.slice(1).replaceAll('_', ' ');
}

/** `22, 8888` from a port list; an empty list reads as "none". */
export function formatPorts(ports: readonly number[]): string {
  return ports.length > 0 ? ports.join(', ') : 'none';
}

/** `8888, 22` typed by the user → `[8888, 22]`; anything not a port is dropped (the server validates the rest). */
export function parsePorts(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n));
}
