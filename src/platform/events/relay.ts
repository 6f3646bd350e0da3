import { DeliveryError, type DomainEvent, type EventTransport, type OutboxRelay } from './events.port.js';
import type { OutboxRepo } from './outbox.repo.js';

/** The slice of a pino logger the relay uses. */
export interface RelayLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OutboxRelayOptions {
  repo: Pick<OutboxRepo, 'claimBatch' | 'settle'>;
  transport: EventTransport;
  /** Pause between polls when nothing woke the relay; `notify()` cuts it short. */
  pollIntervalMs?: number;
  /** Events claimed (and handed to the transport) at once. */
  batchSize?: number;
  logger?: RelayLogger;
}

const ids = (events: DomainEvent[]) => events.map((e) => e.id);
const describe = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

/**
 * Moves committed outbox rows to the transport: claim a batch (leased), deliver it, settle it.
 * A partial failure (`DeliveryError` from the in-process transport: a handler threw) marks the
 * accepted prefix dispatched, backs off the failed event and releases the rest, then goes on with
 * other events in the same drain. Any other failure (the broker is unreachable) backs off the
 * whole batch and ends this drain, so a broker outage costs one attempt per poll, not one per event.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { repo, transport } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const batchSize = options.batchSize ?? 100;
  const logger: RelayLogger = options.logger ?? {
    warn: (obj, msg) => console.warn(msg, obj),
    error: (obj, msg) => console.error(msg, obj),
  };

  let chain: Promise<unknown> = Promise.resolve();
  let running = false;
  let notified = false;
  let wake: (() => void) | undefined;
  let loopDone: Promise<void> | undefined;

  /** Delivers one claimed batch; returns how many were delivered and whether to keep draining. */
  async function deliverBatch(batch: DomainEvent[]): Promise<{ delivered: number; goOn: boolean }> {
    try {
      await transport.deliver(batch);
    } catch (err) {
      if (err instanceof DeliveryError && err.delivered >= 0 && err.delivered < batch.length) {
        const failed = batch[err.delivered]!;
        logger.warn(
          { err: err.cause, eventId: failed.id, topic: failed.topic, key: failed.key },
          'outbox event delivery failed; it and later events of its key will be retried',
        );
        await repo.settle({
          dispatched: ids(batch.slice(0, err.delivered)),
          failed: { ids: [failed.id], error: describe(err.cause) },
          released: ids(batch.slice(err.delivered + 1)),
        });
        return { delivered: err.delivered, goOn: true };
      }
      logger.warn({ err, events: batch.length, transport: transport.kind }, 'outbox batch delivery failed');
      await repo.settle({ dispatched: [], failed: { ids: ids(batch), error: describe(err) }, released: [] });
      return { delivered: 0, goOn: false };
    }
    await repo.settle({ dispatched: ids(batch), released: [] });
    return { delivered: batch.length, goOn: true };
  }

  async function drainAll(): Promise<number> {
    let total = 0;
    // Ends: every round dispatches or backs off at least one event, and released ones come back.
    for (;;) {
      const batch = await repo.claimBatch(batchSize);
      if (batch.length === 0) return total;
      const { delivered, goOn } = await deliverBatch(batch);
      total += delivered;
      if (!goOn) return total;
    }
  }

  function drain(): Promise<number> {
    const run = chain.then(drainAll, drainAll);
    chain = run.catch(() => {});
    return run;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  }

  async function loop(): Promise<void> {
    while (running) {
      notified = false;
      try {
        await drain();
      } catch (err) {
        logger.error({ err }, 'outbox relay drain failed; retrying after the poll interval');
      }
      // A notify that arrived during the drain may concern a row that drain did not see yet.
      if (running && !notified) await sleep(pollIntervalMs);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loopDone = loop();
    },

    async stop() {
      running = false;
      wake?.();
      await loopDone;
      await chain;
    },

    drain,

    notify() {
      notified = true;
      wake?.();
    },
  };
}
