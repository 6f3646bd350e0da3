import {
  DeliveryError,
  type DomainEvent,
  type EventHandler,
  type EventSubscriptions,
  type EventTransport,
} from './events.port.js';

interface Subscription {
  pattern: string;
  handler: EventHandler;
}

/** True when a subscription pattern (`topic`, `prefix.*` or `*`) matches `topic`. */
export function topicMatches(pattern: string, topic: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return topic.startsWith(pattern.slice(0, -1));
  return pattern === topic;
}

/**
 * Delivers events to handlers registered in this process (the embedded transport, and the local
 * leg of the Kafka one). Events are delivered one at a time in batch order, each to its matching
 * handlers in subscription order. The first handler error stops the batch and rejects with a
 * `DeliveryError` naming how many events went through, so the relay retries from the failed one;
 * handlers of that event that already ran see it again (consumers dedupe by event id).
 */
export function createInProcessTransport(): EventTransport & EventSubscriptions {
  let subscriptions: Subscription[] = [];

  return {
    kind: 'in-process',

    subscribe(topic, handler) {
      if (topic === '' || (topic.includes('*') && topic !== '*' && !/^[^*]+\.\*$/.test(topic))) {
        throw new Error(
          `invalid subscription pattern ${JSON.stringify(topic)}: use a topic, 'prefix.*' or '*'`,
        );
      }
      const subscription = { pattern: topic, handler };
      subscriptions = [...subscriptions, subscription];
      return () => {
        subscriptions = subscriptions.filter((s) => s !== subscription);
      };
    },

    async deliver(events: DomainEvent[]) {
      for (const [index, event] of events.entries()) {
        // A snapshot: a handler that subscribes or unsubscribes affects the next event, not this one.
        const handlers = subscriptions.filter((s) => topicMatches(s.pattern, event.topic));
        for (const { handler } of handlers) {
          try {
            await handler(event);
          } catch (err) {
            throw new DeliveryError(index, event.id, err);
          }
        }
      }
    },

    async ping() {},

    async close() {
      subscriptions = [];
    },
  };
}
