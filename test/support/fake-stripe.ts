import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { invalidRequest, type StripeErrorBody, StripeFault } from './fake-stripe/errors.js';
import { type FormObject, Params, parseForm } from './fake-stripe/form.js';
import { route } from './fake-stripe/routes.js';
import { type FakeProduct, FakeStripeStore, type Interval, newId } from './fake-stripe/store.js';

export type { FakeStripeStore } from './fake-stripe/store.js';

export interface FakeStripeRequest {
  method: string;
  path: string;
  /** The parsed query string (GET parameters). */
  query: FormObject;
  /** The parsed form body (POST parameters). */
  body: FormObject;
  headers: IncomingHttpHeaders;
  /** The status answered. */
  status: number;
}

export interface FakePlanInput {
  /** `metadata.plan` of the product; null = a product without it. */
  plan: string | null;
  /** Null: a one-time price. */
  interval: Interval | null;
  unitAmountCents: number;
  productName: string;
  features?: string[];
  intervalCount?: number;
  productActive?: boolean;
  priceActive?: boolean;
}

export interface FakeTestCard {
  brand: string;
  last4: string;
  expMonth?: number;
  expYear?: number;
  /** A decline code (`card_declined`, `insufficient_funds`, `expired_card`…) every charge fails with. */
  failCharges?: string;
}

export interface FakeStripe {
  /** The API origin, for the SDK's `host`/`port`/`protocol`. */
  url: string;
  /** The only secret key accepted (`Authorization: Bearer …`). */
  secretKey: string;
  /** Everything Stripe would hold, for assertions. */
  store: FakeStripeStore;
  requests: FakeStripeRequest[];
  /** A product with `metadata.plan` and its price. */
  addPlan(input: FakePlanInput): { priceId: string; productId: string };
  /**
   * A card as Stripe Elements leaves it after confirming a SetupIntent: attached to the customer
   * (or to nobody with null). Returns its `pm_…`.
   */
  attachTestCard(customerId: string | null, card: FakeTestCard): string;
  /** The next request (after authentication) is answered with this error instead. */
  failNext(status: number, error: StripeErrorBody): void;
  close(): Promise<void>;
}

interface Remembered {
  fingerprint: string;
  status: number;
  body: unknown;
}

/**
 * Stripe's API cannot run here: this speaks its wire format for the calls the billing adapter
 * makes (form-encoded requests with `a[b][0][c]` keys, JSON answers, errors as `{ error: { type,
 * code, decline_code, message, param } }` with Stripe's statuses). It checks what Stripe checks:
 * the secret key (401), a `Stripe-Version`, required and unknown parameters (400), objects that
 * exist and belong together, and idempotency keys (same key and body: the stored answer replayed
 * with `Idempotent-Replayed: true`; same key, other request: 400 `idempotency_error`).
 */
export async function startFakeStripe(
  opts: { secretKey?: string; now?: () => Date } = {},
): Promise<FakeStripe> {
  const secretKey = opts.secretKey ?? `sk_test_${randomBytes(12).toString('hex')}`;
  const clock = opts.now ?? (() => new Date());
  const store = new FakeStripeStore(() => Math.floor(clock().getTime() / 1000));
  const requests: FakeStripeRequest[] = [];
  const remembered = new Map<string, Remembered>();
  let injected: StripeFault | null = null;
  let baseUrl = '';

  function authenticate(header: string | undefined) {
    const key = /^Bearer (.+)$/.exec(header ?? '')?.[1];
    if (key === secretKey && key.startsWith('sk_test_')) return;
    const message = key
      ? `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`
      : 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.';
    throw new StripeFault(401, { type: 'invalid_request_error', message });
  }

  type Answer = { status: number; body: unknown; replayed?: boolean };
  function answer(req: IncomingMessage, entry: FakeStripeRequest, raw: string): Answer {
    authenticate(req.headers.authorization);
    if (!req.headers['stripe-version']) throw invalidRequest('The fake requires a Stripe-Version header.');
    const fault = injected;
    injected = null;
    if (fault) throw fault;
    if (
      entry.method === 'POST' &&
      !req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')
    )
      throw invalidRequest('Request bodies must be application/x-www-form-urlencoded.');
    const url = new URL(req.url ?? '/', 'http://stripe.invalid');
    entry.query = parseForm(url.search.slice(1));
    entry.body = entry.method === 'POST' ? parseForm(raw) : {};
    const { route: r, id } = route(entry.method, entry.path);
    const key = entry.method === 'POST' ? req.headers['idempotency-key'] : undefined;
    const fingerprint = createHash('sha256').update(`${entry.method} ${entry.path}\n${raw}`).digest('hex');
    const seen = typeof key === 'string' ? remembered.get(key) : undefined;
    if (seen && seen.fingerprint !== fingerprint)
      throw new StripeFault(400, {
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    if (seen) return { status: seen.status, body: seen.body, replayed: true };
    const params = new Params(entry.method === 'POST' ? entry.body : entry.query);
    try {
      const result = { status: 200, body: r.handle({ store, params, id, baseUrl }) as unknown };
      if (typeof key === 'string') remembered.set(key, { fingerprint, ...result });
      return result;
    } catch (err) {
      // Stripe stores the outcome once the endpoint ran (a decline included), not a refused request.
      if (typeof key === 'string' && err instanceof StripeFault && err.status === 402)
        remembered.set(key, { fingerprint, status: 402, body: { error: err.error } });
      throw err;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://stripe.invalid');
    const entry: FakeStripeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: {},
      body: {},
      headers: req.headers,
      status: 0,
    };
    requests.push(entry);
    let out: Answer;
    try {
      out = answer(req, entry, raw);
    } catch (err) {
      out =
        err instanceof StripeFault
          ? { status: err.status, body: { error: err.error } }
          : { status: 500, body: { error: { type: 'api_error', message: String(err) } } };
    }
    entry.status = out.status;
    res.writeHead(out.status, {
      'content-type': 'application/json',
      'request-id': newId('req'),
      'stripe-version': String(req.headers['stripe-version'] ?? ''),
      ...(out.replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
    res.end(JSON.stringify(out.body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    secretKey,
    store,
    requests,
    addPlan(input) {
      const product: FakeProduct = {
        id: newId('prod'),
        name: input.productName,
        active: input.productActive ?? true,
        metadata: input.plan ? { plan: input.plan } : {},
        features: input.features ?? [],
      };
      store.products.set(product.id, product);
      const price = {
        id: newId('price'),
        product: product.id,
        active: input.priceActive ?? true,
        unitAmount: input.unitAmountCents,
        recurring: input.interval
          ? { interval: input.interval, intervalCount: input.intervalCount ?? 1 }
          : null,
      };
      store.prices.set(price.id, price);
      return { priceId: price.id, productId: product.id };
    },
    attachTestCard(customerId, card) {
      if (customerId !== null && !store.customers.has(customerId))
        throw new Error(`fake Stripe: no customer ${customerId}`);
      const id = newId('pm');
      store.cards.set(id, {
        id,
        customer: customerId,
        brand: card.brand,
        last4: card.last4,
        expMonth: card.expMonth ?? 12,
        expYear: card.expYear ?? new Date().getUTCFullYear() + 3,
        failCharges: card.failCharges ?? null,
      });
      return id;
    },
    failNext(status, error) {
      injected = new StripeFault(status, error);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
