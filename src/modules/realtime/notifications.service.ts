import type { Clock } from '../../platform/clock/clock.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { RealtimeBus } from './bus.port.js';
import type { SystemNotificationEvent } from './server-events.js';

export interface NotificationInput {
  level: SystemNotificationEvent['level'];
  title: string;
  message: string;
  expires_at?: string | null;
}

/** Operators' notifications on the `system` channel: every connected client, signed in or not. */
export function createNotifications(deps: {
  bus: Pick<RealtimeBus, 'publish'>;
  ids: IdGenerator;
  clock: Clock;
  logger: { info(o: object, m: string): void; warn(o: object, m: string): void };
}) {
  return {
    async send(actorId: string, input: NotificationInput) {
      const now = deps.clock.now();
      if (input.expires_at && Date.parse(input.expires_at) <= now.getTime())
        throw new AppError('validation_failed', { detail: 'expires_at must be in the future.' });
      const event: SystemNotificationEvent = {
        id: deps.ids.newId('event'),
        level: input.level,
        title: input.title,
        message: input.message,
        created_at: now.toISOString(),
        expires_at: input.expires_at ? new Date(input.expires_at).toISOString() : null,
      };
      let seq: number;
      try {
        seq = await deps.bus.publish('system', event);
      } catch (err) {
        deps.logger.warn({ err }, 'system notification not published');
        throw new AppError('service_unavailable', {
          detail: 'The notification could not be sent; try again.',
        });
      }
      deps.logger.info(
        { actor: actorId, notification: event.id, level: event.level, seq },
        'system notification sent',
      );
      return { id: event.id, channel: 'system' as const, seq, created_at: event.created_at };
    },
  };
}

export type Notifications = ReturnType<typeof createNotifications>;
