import type { Mailer } from '../../platform/mail/index.js';
import type { PodRow } from './pods.repo.js';

/**
 * The e-mails of a pod's owner: the activation link once it is ready, the connection details once
 * it runs. A mail the transport refuses is recorded as failed by the mailer (and the owner can ask
 * for a new activation link); an owner who no longer exists gets nothing.
 */
export function createPodMail(deps: {
  mailer: Mailer;
  contactOf(userId: string): Promise<{ email: string; name: string } | null>;
  appBaseUrl: string;
  logger: { warn(o: object, m: string): void };
}) {
  async function toOwner(pod: PodRow, send: (to: { email: string; name: string }) => Promise<unknown>) {
    const to = await deps.contactOf(pod.userId);
    if (!to) return deps.logger.warn({ pod_id: pod.id }, 'pod owner not found: no e-mail sent');
    await send(to);
  }
  return {
    activation: (pod: PodRow, token: string, expiresAt: Date) =>
      toOwner(pod, (to) =>
        deps.mailer.send(
          'pod-ready-activate',
          to.email,
          {
            name: to.name,
            podName: pod.name,
            link: `${deps.appBaseUrl}/pods/activate?token=${encodeURIComponent(token)}`,
            expiresAt,
          },
          { pod_id: pod.id },
        ),
      ),
    connection: (pod: PodRow) =>
      toOwner(pod, (to) =>
        deps.mailer.send(
          'pod-connection',
          to.email,
          {
            name: to.name,
            podName: pod.name,
            sshCommand: pod.connection?.ssh.command ?? '',
            jupyterUrl: pod.connection?.jupyter?.url ?? `${deps.appBaseUrl}/pods/${pod.id}`,
          },
          { pod_id: pod.id },
        ),
      ),
  };
}
