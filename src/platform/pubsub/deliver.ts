import type { PubSubHandler } from './pubsub.port.js';

/** One `subscribe` call; `active` turns false when it is unsubscribed or the PubSub closes. */
export interface Subscription {
  handler: PubSubHandler;
  active: boolean;
}

/** Calls each still-active handler, routing its exception or rejection to `onError`. */
export function deliver(
  subs: Iterable<Subscription>,
  message: unknown,
  channel: string,
  onError: (err: unknown) => void,
): void {
  for (const sub of subs) {
    if (!sub.active) continue;
    try {
      const result = sub.handler(message, channel);
      if (result instanceof Promise) result.catch(onError);
    } catch (err) {
      onError(err);
    }
  }
}

/** JSON text of a message; `undefined` has none, so it is refused rather than sent as nothing. */
export function encodeMessage(message: unknown): string {
  const text = message === undefined ? undefined : JSON.stringify(message);
  if (text === undefined) throw new TypeError('pub/sub messages must be JSON-serialisable; undefined is not');
  return text;
}

/** Where handler failures go when the caller gave no `onError`: visible, never fatal. */
export function reportToStderr(err: unknown): void {
  console.error('[pubsub] subscriber failed:', err);
}
