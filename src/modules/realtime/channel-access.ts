import type { Principal } from '../identity/index.js';
import { type ChannelRef, type ErrorCode, parseChannel } from './protocol.js';

export interface ChannelAccessDeps {
  /** The owner of a pod, or null when there is no such pod. */
  podOwner(podId: string): Promise<string | null>;
  /** True for a canonical GPU model name the catalog knows. */
  knownGpu(model: string): boolean;
  /** True for a provider id the catalog knows. */
  knownProvider(id: string): boolean;
}

export type Access = { ok: true; ref: ChannelRef } | { ok: false; code: ErrorCode; message: string };

/**
 * Who may subscribe to what (shared by the Node gateway and the API Gateway adapter):
 * `system` anyone, even before `auth`; `prices:<gpu>` and `provider:<id>` any signed-in caller;
 * `pod:<id>` its owner only — a pod that does not exist is `forbidden` too, so ids cannot be probed.
 */
export function createChannelAccess(deps: ChannelAccessDeps) {
  return async function authorize(principal: Principal | null, name: string): Promise<Access> {
    const ref = parseChannel(name);
    if (!ref) return { ok: false, code: 'unknown_channel', message: `No channel named ${name}.` };
    if (ref.kind === 'system') return { ok: true, ref };
    if (!principal)
      return {
        ok: false,
        code: 'unauthorized',
        message: 'Send {"type":"auth"} first: only system is public.',
      };
    switch (ref.kind) {
      case 'prices':
        return deps.knownGpu(ref.gpuModel)
          ? { ok: true, ref }
          : { ok: false, code: 'unknown_channel', message: `Unknown GPU model ${ref.gpuModel}.` };
      case 'provider':
        return deps.knownProvider(ref.providerId)
          ? { ok: true, ref }
          : { ok: false, code: 'unknown_channel', message: `Unknown provider ${ref.providerId}.` };
      case 'pod':
        return (await deps.podOwner(ref.podId)) === principal.userId
          ? { ok: true, ref }
          : { ok: false, code: 'forbidden', message: 'Only the pod owner can follow this pod.' };
    }
  };
}

export type ChannelAuthorizer = ReturnType<typeof createChannelAccess>;
