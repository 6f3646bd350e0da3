import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problems } from '../../platform/http/schemas.js';
import { principalOf } from '../identity/index.js';
import type { Gateway } from './gateway.js';
import type { Notifications } from './notifications.service.js';
import { MAX_CLIENT_FRAME_BYTES } from './protocol.js';

const NotificationBody = Type.Object(
  {
    level: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')], {
      default: 'info',
    }),
    title: Type.String({ minLength: 1, maxLength: 120 }),
    message: Type.String({ minLength: 1, maxLength: 2_000 }),
    expires_at: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  },
  { additionalProperties: false },
);
const NotificationSent = Type.Object({
  id: Type.String(),
  channel: Type.Literal('system'),
  seq: Type.Integer(),
  created_at: Type.String({ format: 'date-time' }),
});

/**
 * `GET /ws` (the WebSocket; authentication happens inside the protocol, so the HTTP upgrade is
 * public) and `POST /admin/notifications` (pod_admin: a message on the `system` channel).
 */
export function realtimeRoutes(deps: { gateway: Gateway; notifications: Notifications }) {
  return async function plugin(instance: FastifyInstance) {
    await instance.register(websocket, {
      options: { maxPayload: MAX_CLIENT_FRAME_BYTES, perMessageDeflate: false },
      // Shutdown: clients are told to go elsewhere (1001) and resume there; nothing waits on them.
      preClose(done) {
        deps.gateway.close().then(() => done(), done);
      },
    });
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/ws',
      {
        websocket: true,
        config: { auth: 'public' },
        schema: {
          tags: ['realtime'],
          summary: 'WebSocket: channels with per-channel seq and resume (see README § Real time)',
        },
      },
      (socket) => deps.gateway.accept(socket),
    );

    app.post(
      '/admin/notifications',
      {
        config: { auth: { roles: ['pod_admin'] } },
        schema: {
          tags: ['admin'],
          security: [{ bearer: [] }],
          summary: 'Push a notification to every connected client (system channel)',
          body: NotificationBody,
          response: { 202: NotificationSent, ...problems(400, 401, 403, 422, 503) },
        },
      },
      async (request, reply) => {
        const sent = await deps.notifications.send(principalOf(request).userId, request.body);
        return reply.code(202).send(sent);
      },
    );
  };
}
