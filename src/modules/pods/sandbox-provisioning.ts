import { randomBytes } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import type { Clock } from '../../platform/clock/clock.js';
import type { DbExecutor } from '../../platform/db/index.js';
import {
  type CatalogOffer,
  type InstanceState,
  ProviderCapacityError,
  ProviderHttpError,
  type ProviderInstance,
  type ProvisioningAdapter,
} from '../catalog/index.js';
import { sandboxInstances } from './pods.tables.js';

type SandboxRow = typeof sandboxInstances.$inferSelect;

export interface SandboxFaults {
  /** Time from create to a running instance, ms (`pods.sandbox.provision_delay_ms`). */
  delayMs: number;
  /** Share of creates answered "no capacity", 0–1 (`providers.<id>.sim.capacity_rate`). */
  capacityRate: number;
  /** Share of calls answered 503, 0–1 (`providers.<id>.sim.error_rate`, as for catalog syncs). */
  errorRate: number;
}

/**
 * The SANDBOX provider: instances are rows of `sandbox_instances`, so a create is idempotent by
 * pod id across crashes (one live row per pod, enforced by a partial unique index) exactly like a
 * real provider's named instance. Nothing is started anywhere; connection details are well formed
 * but point at documentation addresses (TEST-NET-3, `.invalid`). An offer that is unavailable in
 * the catalog, or a draw under `capacityRate`, answers "no capacity".
 */
export function createSandboxProvisioning(deps: {
  db: DbExecutor;
  clock: Clock;
  provider: string;
  offerOf(providerOfferId: string): CatalogOffer | undefined;
  faults(): SandboxFaults;
  random?: () => number;
}): ProvisioningAdapter {
  const { db, clock, provider } = deps;
  const random = deps.random ?? Math.random;

  function toInstance(row: SandboxRow): ProviderInstance {
    let state: InstanceState = row.state;
    if (state === 'creating' && clock.nowMs() >= row.readyAt.getTime()) state = 'running';
    // Stable per instance: the last byte of the address and the port come from its id.
    const n = Number.parseInt(row.instanceId.slice(-4), 16);
    return {
      instanceId: row.instanceId,
      state,
      ssh:
        state === 'running'
          ? { host: `203.0.113.${(n % 254) + 1}`, port: 20_000 + (n % 10_000), user: 'root' }
          : null,
      jupyter:
        state === 'running'
          ? { url: `https://${row.instanceId}.sandbox.gpubroker.invalid/lab`, token: row.instanceId.slice(4) }
          : null,
      providerStatus: `sandbox:${state}`,
    };
  }

  /** The injected 5xx: callers retry it like a real provider's outage. */
  function maybeFail(call: string): void {
    if (random() < deps.faults().errorRate)
      throw new ProviderHttpError(`${provider} (sandbox) ${call} answered 503`, 503);
  }

  async function byId(instanceId: string): Promise<SandboxRow | undefined> {
    const [row] = await db.select().from(sandboxInstances).where(eq(sandboxInstances.instanceId, instanceId));
    return row;
  }

  async function setState(instanceId: string, state: InstanceState): Promise<void> {
    const row = await byId(instanceId);
    if (!row) throw new Error(`sandbox instance ${instanceId} does not exist`);
    if (row.state === 'terminated') {
      if (state === 'terminated') return;
      throw new Error(`sandbox instance ${instanceId} is terminated`);
    }
    await db
      .update(sandboxInstances)
      .set({ state, updatedAt: clock.now(), ...(state === 'running' ? { readyAt: clock.now() } : {}) })
      .where(eq(sandboxInstances.instanceId, instanceId));
  }

  return {
    async find(_ctx, podId) {
      maybeFail('find');
      const [row] = await db
        .select()
        .from(sandboxInstances)
        .where(and(eq(sandboxInstances.podId, podId), ne(sandboxInstances.state, 'terminated')));
      return row ? toInstance(row) : null;
    },
    async create(ctx, spec) {
      const existing = await this.find(ctx, spec.podId);
      if (existing) return existing;
      const offer = deps.offerOf(spec.providerOfferId);
      const faults = deps.faults();
      if (!offer || offer.availability === 'unavailable' || random() < faults.capacityRate) {
        throw new ProviderCapacityError(provider, `${provider}: no capacity for ${spec.providerOfferId}`);
      }
      const now = clock.now();
      await db
        .insert(sandboxInstances)
        .values({
          instanceId: `sbx-${randomBytes(8).toString('hex')}`,
          podId: spec.podId,
          provider,
          providerOfferId: spec.providerOfferId,
          state: 'creating',
          createdAt: now,
          readyAt: new Date(now.getTime() + faults.delayMs),
          updatedAt: now,
        })
        // A concurrent create for the same pod lost the race: the winner's row is the instance.
        .onConflictDoNothing();
      const created = await this.find(ctx, spec.podId);
      if (!created) throw new Error(`sandbox instance of ${spec.podId} not found after create`);
      return created;
    },
    async get(_ctx, instanceId) {
      maybeFail('get');
      const row = await byId(instanceId);
      return row ? toInstance(row) : null;
    },
    async start(_ctx, instanceId) {
      maybeFail('start');
      await setState(instanceId, 'running');
    },
    async stop(_ctx, instanceId) {
      maybeFail('stop');
      await setState(instanceId, 'stopped');
    },
    async terminate(_ctx, instanceId) {
      maybeFail('terminate');
      if (await byId(instanceId)) await setState(instanceId, 'terminated');
    },
  };
}
