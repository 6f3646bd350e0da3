import { z } from 'zod';
import { type ProviderContext, ProviderHttpError } from '../../catalog.types.js';

/**
 * `lowestPrice(input: {gpuCount: 1})` of a GPU type: the cheapest 1-GPU pod RunPod can place now,
 * across its data centres and both clouds. Every field may be null or left out (RunPod's own docs
 * examples omit most of them).
 */
const lowestPriceSchema = z.object({
  /** Interruptible (spot) floor bid, USD per GPU-hour. */
  minimumBidPrice: z.number().nullish(),
  /** On-demand price, USD per GPU-hour. */
  uninterruptablePrice: z.number().nullish(),
  /** `High` / `Medium` / `Low`, or null when out of stock. */
  stockStatus: z.string().nullish(),
  /** vCPUs and RAM (GB) the cheapest 1-GPU pod gets at least. */
  minVcpu: z.number().nullish(),
  minMemory: z.number().nullish(),
  availableGpuCounts: z.array(z.number()).nullish(),
});

const gpuTypeSchema = z.object({
  /** RunPod's GPU id (`NVIDIA GeForce RTX 3090`), the same id the REST v2 catalog uses. */
  id: z.string(),
  displayName: z.string().nullish(),
  memoryInGb: z.number().nullish(),
  secureCloud: z.boolean().nullish(),
  communityCloud: z.boolean().nullish(),
  lowestPrice: lowestPriceSchema.nullish(),
});
export type RunpodGpuType = z.infer<typeof gpuTypeSchema>;

const envelopeSchema = z.object({
  data: z.object({ gpuTypes: z.array(gpuTypeSchema) }).nullish(),
  errors: z.array(z.object({ message: z.string().nullish() }).passthrough()).nullish(),
});

/**
 * The body of a 2xx `POST /graphql` answering `gpuTypes { … lowestPrice { … } }` → its GPU types.
 * A non-empty GraphQL `errors` array (GraphQL reports query errors in a 200 body) throws a
 * `ProviderHttpError` with status 200 naming the first message, even when partial `data` came along; the gateway files it as `bad_response` and does not retry it. A body with neither errors
 * nor `data.gpuTypes` fails the zod parse.
 */
export function parseRunpodGraphqlGpuTypes(body: unknown): RunpodGpuType[] {
  const { data, errors } = envelopeSchema.parse(body);
  const first = errors?.[0];
  if (first) {
    const more = errors.length > 1 ? ` (+${errors.length - 1} more)` : '';
    throw new ProviderHttpError(
      `POST /graphql answered GraphQL errors: ${first.message ?? 'no message'}${more}`,
      200,
    );
  }
  if (!data) throw new ProviderHttpError('POST /graphql answered neither data nor errors', 200);
  return data.gpuTypes;
}

const GPU_TYPES_QUERY =
  'query GpuTypes { gpuTypes { id displayName memoryInGb secureCloud communityCloud ' +
  'lowestPrice(input: {gpuCount: 1}) { minimumBidPrice uninterruptablePrice stockStatus minVcpu minMemory } } }';

/**
 * Every GPU type with its 1-GPU lowest price, from RunPod's GraphQL API (`POST /graphql` on the
 * same host as REST v2, `https://api.runpod.io`), authenticated with `Authorization: Bearer <key>`.
 */
export async function fetchRunpodGpuTypes(ctx: ProviderContext): Promise<RunpodGpuType[]> {
  const body = await ctx.http.request('POST', '/graphql', {
    body: { query: GPU_TYPES_QUERY },
    headers: { authorization: `Bearer ${ctx.credential ?? ''}` },
  });
  return parseRunpodGraphqlGpuTypes(body);
}
