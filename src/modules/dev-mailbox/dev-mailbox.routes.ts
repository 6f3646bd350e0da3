import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors/app-error.js';
import { Page, PageQuery, problems } from '../../platform/http/schemas.js';
import type { MailboxRepo, MailMessage } from '../../platform/mail/index.js';

const MailboxQuery = PageQuery({ to: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })) });
const CapturedMail = Type.Object({
  id: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  html: Type.String(),
  sent_at: Type.String({ format: 'date-time' }),
});
const MailboxList = Page(CapturedMail);

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
          response: { 200: MailboxList, ...problems(400, 401, 403, 404, 422) },
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
