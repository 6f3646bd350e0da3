import Fastify from 'fastify';
import { createPasswordHasher } from '../../src/modules/identity/index.js';

// Baseline: a bare Fastify hello-world, same framework and machine, nothing of ours — plus, for
// the login figure, a route doing only what dominates a login: one argon2id verify with our
// parameters. The ratio then shows what sessions, tokens, limits and the audit log add.
const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ status: 'ok' }));
const hasher = createPasswordHasher();
const hash = await hasher.hash('bench password 42');
app.post('/login', async (request, reply) => {
  const { password } = request.body as { password: string };
  if (!(await hasher.verify(hash, password))) return reply.code(401).send({ ok: false });
  return { ok: true };
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(
  `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
