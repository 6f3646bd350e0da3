import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors/app-error.js';
import type { MailboxRepo, MailMessage } from '../../platform/mail/index.js';

const Problem = { $ref: 'Problem#' } as const;
const MailboxQuery = Type.Object(
  {
    to: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  },
  { additionalProperties: false },
);
const CapturedMail = Type.Object({
  id: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  html: Type.String(),
  sent_at: Type.String({ format: 'date-time' }),
});
const MailboxList = Type.Object({
  items: Type.Array(CapturedMail),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

const toView = (m: MailMessage) => ({
  id: m.id,
  to: m.to,
  subject: m.subject,
  text: m.text,
  html: m.html,
  sent_at: m.createdAt.toISOString(),
});

export interface DevMailboxRouteDeps {
  mailbox: Pick<MailboxRepo, 'list'>;
  /** Whether the POD captures mail instead of delivering it; read on every request. */
  enabled: () => boolean;
}

/** `/dev/mailbox`: captured e-mails, for pod_admin only, and only where mail is captured. */
export function devMailboxRoutes(deps: DevMailboxRouteDeps) {
  return async function plugin(instance: FastifyInstance) {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/dev/mailbox',
      {
        config: { auth: { roles: ['pod_admin'] } },
        schema: {
          tags: ['admin'],
          security: [{ bearer: [] }],
          summary: 'SANDBOX only: e-mails captured instead of sent, newest first',
          querystring: MailboxQuery,
          response: {
            200: MailboxList,
            400: Problem,
            401: Problem,
            403: Problem,
            404: Problem,
            422: Problem,
          },
        },
      },
      async (request) => {
        // Where mail is really delivered, mail_messages is the delivery log of real users'
        // mail: it is not a dev mailbox, so the route does not exist there.
        if (!deps.enabled()) throw new AppError('not_found', { detail: 'There is no dev mailbox here.' });
        const { to, limit, cursor } = request.query;
        const page = await deps.mailbox.list({ to, limit, cursor });
        return { items: page.items.map(toView), next_cursor: page.nextCursor };
      },
    );
  };
}
