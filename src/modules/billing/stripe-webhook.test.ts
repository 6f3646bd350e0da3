import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signTestWebhook, verifyStripeWebhook, WebhookSignatureError } from './stripe-webhook.js';

const SECRET = 'whsec_test_7c1f0b9e2d';
const event = {
  id: 'evt_1QxYz',
  object: 'event',
  type: 'invoice.paid',
  created: 1_764_000_000,
  data: { object: { id: 'in_1QxYz', object: 'invoice', status: 'paid', total: 2900 } },
};
const payload = JSON.stringify(event, null, 2);
const nowSec = () => Math.floor(Date.now() / 1000);

function refusal(fn: () => unknown): WebhookSignatureError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WebhookSignatureError) return err;
    throw err;
  }
  throw new Error('the webhook was accepted');
}

describe('verifyStripeWebhook', () => {
  it('returns the event of a payload signed with the secret (string or raw bytes)', () => {
    const header = signTestWebhook(payload, SECRET);
    expect(verifyStripeWebhook(payload, header, SECRET)).toEqual(event);
    expect(verifyStripeWebhook(Buffer.from(payload), header, SECRET).id).toBe('evt_1QxYz');
  });

  it('signs as Stripe documents it: t=<ts>,v1=HMAC-SHA256(secret, "<ts>.<body>")', () => {
    const ts = nowSec();
    const expected = createHmac('sha256', SECRET).update(`${ts}.${payload}`).digest('hex');
    expect(signTestWebhook(payload, SECRET, ts)).toBe(`t=${ts},v1=${expected}`);
  });

  it('refuses a payload signed with another secret', () => {
    const header = signTestWebhook(payload, 'whsec_someone_else');
    const err = refusal(() => verifyStripeWebhook(payload, header, SECRET));
    expect(err.reason).toBe('bad_signature');
    expect(err.message).toMatch(/does not match/);
  });

  it('refuses a tampered body, even a re-serialization of the same JSON', () => {
    const header = signTestWebhook(payload, SECRET);
    const tampered = payload.replace('"total": 2900', '"total": 1');
    expect(refusal(() => verifyStripeWebhook(tampered, header, SECRET)).reason).toBe('bad_signature');
    const compact = JSON.stringify(event);
    expect(refusal(() => verifyStripeWebhook(compact, header, SECRET)).reason).toBe('bad_signature');
  });

  it('refuses a missing or malformed header', () => {
    expect(refusal(() => verifyStripeWebhook(payload, undefined, SECRET)).reason).toBe('missing_header');
    expect(refusal(() => verifyStripeWebhook(payload, '', SECRET)).reason).toBe('missing_header');
    expect(refusal(() => verifyStripeWebhook(payload, 'v1=abc', SECRET)).reason).toBe('bad_signature');
  });

  it('refuses a timestamp older than the tolerance (300 s by default, or the one given)', () => {
    const stale = signTestWebhook(payload, SECRET, nowSec() - 301);
    const err = refusal(() => verifyStripeWebhook(payload, stale, SECRET));
    expect(err.reason).toBe('stale_timestamp');
    expect(err.message).toMatch(/tolerance/);
    const recent = signTestWebhook(payload, SECRET, nowSec() - 200);
    expect(verifyStripeWebhook(payload, recent, SECRET).id).toBe('evt_1QxYz');
    const err60 = refusal(() => verifyStripeWebhook(payload, recent, SECRET, { toleranceSeconds: 60 }));
    expect(err60.reason).toBe('stale_timestamp');
  });

  it('refuses a signed body that is not an event', () => {
    const body = '"just a string"';
    const err = refusal(() => verifyStripeWebhook(body, signTestWebhook(body, SECRET), SECRET));
    expect(err.reason).toBe('bad_payload');
  });

  it('treats a missing secret as our configuration error, not a refused webhook', () => {
    const header = signTestWebhook(payload, SECRET);
    expect(() => verifyStripeWebhook(payload, header, '')).toThrow('not configured');
    expect(() => verifyStripeWebhook(payload, header, '')).not.toThrow(WebhookSignatureError);
  });
});
