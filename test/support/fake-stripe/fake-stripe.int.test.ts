import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeStripe, startFakeStripe } from '../fake-stripe.js';
import { parseForm } from './form.js';

let fake: FakeStripe;
beforeEach(async () => {
  fake = await startFakeStripe();
});
afterEach(() => fake.close());

describe('the fake Stripe refuses what Stripe refuses', () => {
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${fake.url}${path}`, {
      method: 'POST',
      body,
      headers: {
        authorization: `Bearer ${fake.secretKey}`,
        'stripe-version': Stripe.API_VERSION,
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
    });
  const error = async (res: Response) => ({
    status: res.status,
    ...((await res.json()) as { error: { type: string } }).error,
  });

  it('answers 400 for a missing, unknown or malformed parameter, or no Stripe-Version', async () => {
    const customerId = (
      await ((await post('/v1/customers', 'email=a%40example.com')).json() as Promise<{ id: string }>)
    ).id;
    expect(await error(await post('/v1/invoiceitems', `customer=${customerId}&currency=usd`))).toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_missing',
      param: 'amount',
    });
    expect(await error(await post('/v1/customers', 'emial=x%40example.com'))).toMatchObject({
      code: 'parameter_unknown',
      param: 'emial',
    });
    expect(
      await error(await post('/v1/invoiceitems', `customer=${customerId}&amount=1.5&currency=usd`)),
    ).toMatchObject({
      code: 'parameter_invalid_integer',
    });
    expect((await post('/v1/customers', '', { 'stripe-version': '' })).status).toBe(400);
    expect((await post('/v1/customers', '', { authorization: 'Bearer sk_live_nope' })).status).toBe(401);
  });

  it('replays an idempotent request with Idempotent-Replayed and parses nested keys', async () => {
    const body = 'email=a%40example.com&metadata[user_id]=usr_9&metadata%5Bteam%5D=gpu';
    const first = await post('/v1/customers', body, { 'idempotency-key': 'k-9' });
    const again = await post('/v1/customers', body, { 'idempotency-key': 'k-9' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const created = (await first.json()) as { id: string; metadata: object };
    expect(((await again.json()) as { id: string }).id).toBe(created.id);
    expect(created.metadata).toEqual({ user_id: 'usr_9', team: 'gpu' });
    expect(
      (await error(await post('/v1/customers', 'email=b%40example.com', { 'idempotency-key': 'k-9' }))).type,
    ).toBe('idempotency_error');
  });
});

describe('parseForm', () => {
  it("reads Stripe's bracket encoding into objects and arrays", () => {
    const body =
      'items[0][price]=price_1&items[1][id]=si_2&expand[0]=latest_invoice&metadata%5Bplan%5D=pro&amount=-5';
    expect(parseForm(body)).toEqual({
      items: [{ price: 'price_1' }, { id: 'si_2' }],
      expand: ['latest_invoice'],
      metadata: { plan: 'pro' },
      amount: '-5',
    });
    expect(() => parseForm('a=1&a[b]=2')).toThrow(/Invalid parameter/);
  });
});
