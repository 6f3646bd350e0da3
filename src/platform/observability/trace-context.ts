import { AsyncLocalStorage } from 'node:async_hooks';
import { type Context, type ContextManager, context as contextApi, ROOT_CONTEXT } from '@opentelemetry/api';

/**
 * The active trace context of each async execution chain, on one AsyncLocalStorage.
 *
 * Besides the OTel `ContextManager` contract (`with`, `active`, `bind`) it offers `enter`: a
 * Fastify request goes through separate hook calls (onRequest, body parsing, preHandler,
 * handler), so no single callback can be wrapped in `with`. `enter` sets the context for the
 * rest of the current chain and everything it spawns (`AsyncLocalStorage.enterWith`).
 */
export class TraceContexts implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();

  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const cb = thisArg == null ? fn : (fn.bind(thisArg) as F);
    return this.storage.run(ctx, cb, ...args);
  }

  /** Makes `ctx` active for the remainder of the current async chain and its descendants. */
  enter(ctx: Context): void {
    this.storage.enterWith(ctx);
  }

  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const fn = target as (...args: unknown[]) => unknown;
    const manager = this;
    return function (this: unknown, ...args: unknown[]) {
      return manager.with(ctx, () => fn.apply(this, args));
    } as T;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.storage.disable();
    return this;
  }
}

/**
 * One per process: OTel's global context API can be registered only once, and every tracer of
 * the process (several in tests) must read the same chain so spans nest whichever API made them.
 */
export const traceContexts = new TraceContexts();
let registered = false;

/**
 * Registers `traceContexts` as the OTel global context manager (once), so `tracer.startActiveSpan`
 * and `trace.getActiveSpan()` see the same context as `withSpan` and the request hooks.
 */
export function registerGlobalTraceContexts(): void {
  if (registered) return;
  registered = contextApi.setGlobalContextManager(traceContexts);
}
