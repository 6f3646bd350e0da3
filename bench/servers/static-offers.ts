import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { OfferSchema } from '../../src/modules/catalog/index.js';

// Baseline for the offers figure: bare Fastify returning the same 50-offer page as a static
// value, serialized through the same response schema (fast-json-stringify) as ours.
const page = JSON.parse(readFileSync(process.env.BENCH_STATIC_PAGE as string, 'utf8'));
const app = Fastify({ logger: false });
app.get(
  '/offers',
  {
    schema: {
      response: {
        200: Type.Object({
          items: Type.Array(OfferSchema),
          next_cursor: Type.Union([Type.String(), Type.Null()]),
        }),
      },
    },
  },
  async () => page,
);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(
  `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
