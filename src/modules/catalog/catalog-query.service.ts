import { AppError, unwrap } from '../../platform/errors/app-error.js';
import type { CatalogRepo } from './catalog.repo.js';
import { GPU_MODELS, type GpuModel, gpuModel, resolveGpu, snapVramGb } from './gpus/index.js';
import { offerPageJson, toOfferView } from './offer-view.js';
import type { OfferIndex, OfferQuery } from './query/index.js';
import { parseWeights } from './query/index.js';

/** The caller's view of prices: the plan's markup, in percent. */
export type MarkupOf = () => number;

export interface OffersRequest {
  gpu_model?: string[];
  min_gpu_count?: number;
  max_gpu_count?: number;
  min_vram_gb?: number;
  min_price?: number;
  max_price?: number;
  region?: string;
  country?: string;
  provider?: string[];
  spot?: boolean;
  available?: boolean;
  min_vcpus?: number;
  min_ram_gb?: number;
  sort?: OfferQuery['sort'];
  weights?: string;
  explain?: boolean;
  limit: number;
  cursor?: string;
}

const usd = (micros: number) => Math.round(micros / 100) / 10_000;

export function toGpuView(m: GpuModel) {
  return {
    model: m.model,
    vendor: m.vendor,
    family: m.family,
    vram_gb: m.vramGb,
    form_factor: m.formFactor,
    architecture: m.architecture,
    fp16_tflops: m.fp16Tflops,
    bf16_tflops: m.bf16Tflops,
    memory_bandwidth_gbps: m.memoryBandwidthGbps,
  };
}

/** Reads of the catalog for the public routes: served from the in-memory index, history from the database. */
export function createCatalogQuery(deps: {
  index: OfferIndex;
  repo: Pick<CatalogRepo, 'priceHistory'>;
  featuredModels(): string[];
}) {
  const { index } = deps;
  return {
    /** A page of offers, as the UTF-8 JSON document the route sends (see `offerPageJson`). */
    offersJson(req: OffersRequest, markupPercent: number): Buffer {
      if (
        req.min_gpu_count !== undefined &&
        req.max_gpu_count !== undefined &&
        req.min_gpu_count > req.max_gpu_count
      )
        throw invalid('/max_gpu_count', 'must be at least min_gpu_count');
      if (req.min_price !== undefined && req.max_price !== undefined && req.min_price > req.max_price)
        throw invalid('/max_price', 'must be at least min_price');
      if ((req.weights || req.explain) && req.sort !== 'value')
        throw invalid(req.weights ? '/weights' : '/explain', 'only applies to sort=value');
      const weights = req.weights !== undefined ? unwrap(parseWeights(req.weights)) : undefined;
      const q: OfferQuery = {
        sort: req.sort ?? 'price',
        limit: req.limit,
        ...(req.gpu_model ? { gpuModels: req.gpu_model } : {}),
        ...(req.provider ? { providers: req.provider } : {}),
        ...(req.min_gpu_count !== undefined ? { minGpuCount: req.min_gpu_count } : {}),
        ...(req.max_gpu_count !== undefined ? { maxGpuCount: req.max_gpu_count } : {}),
        ...(req.min_vram_gb !== undefined ? { minVramGb: req.min_vram_gb } : {}),
        ...(req.min_price !== undefined ? { minPrice: req.min_price } : {}),
        ...(req.max_price !== undefined ? { maxPrice: req.max_price } : {}),
        ...(req.region ? { region: req.region } : {}),
        ...(req.country ? { country: req.country.toUpperCase() } : {}),
        ...(req.spot !== undefined ? { spot: req.spot } : {}),
        ...(req.available !== undefined ? { available: req.available } : {}),
        ...(req.min_vcpus !== undefined ? { minVcpus: req.min_vcpus } : {}),
        ...(req.min_ram_gb !== undefined ? { minRamGb: req.min_ram_gb } : {}),
        ...(weights ? { weights } : {}),
        ...(req.explain ? { explain: true } : {}),
        ...(req.cursor ? { cursor: req.cursor } : {}),
      };
      // A forged or foreign cursor is a 400 (InvalidCursorError), as on every other list.
      return offerPageJson(index.query(q), markupPercent);
    },

    offer(id: string, markupPercent: number) {
      const offer = index.get(id);
      if (!offer) throw new AppError('not_found', { detail: 'No such offer.' });
      return toOfferView(offer, markupPercent);
    },

    async priceHistory(id: string, opts: { limit: number; cursor?: string }) {
      if (!index.get(id)) throw new AppError('not_found', { detail: 'No such offer.' });
      let before: Date | undefined;
      if (opts.cursor) {
        const ms = Number(Buffer.from(opts.cursor, 'base64url').toString('utf8'));
        if (!Number.isSafeInteger(ms) || ms <= 0)
          throw invalid('/cursor', 'is not a cursor this list issued');
        before = new Date(ms);
      }
      const rows = await deps.repo.priceHistory(id, { limit: opts.limit + 1, ...(before ? { before } : {}) });
      const items = rows.slice(0, opts.limit);
      const last = items.at(-1);
      return {
        items: items.map((r) => ({ at: r.at.toISOString(), price_per_hour: usd(r.priceMicros) })),
        next_cursor:
          rows.length > opts.limit && last
            ? Buffer.from(String(last.at.getTime())).toString('base64url')
            : null,
      };
    },

    featured(markupPercent: number, now: Date) {
      return {
        items: index.featured(deps.featuredModels()).map((f) => {
          const gpu = gpuModel(f.model);
          return {
            gpu_model: f.model,
            gpu: gpu ? toGpuView(gpu) : null,
            offers_count: f.offersCount,
            best: f.offer ? toOfferView(f.offer, markupPercent) : null,
          };
        }),
        generated_at: now.toISOString(),
      };
    },

    gpus() {
      return { items: GPU_MODELS.map(toGpuView) };
    },

    resolve(q: { name: string; vram_gb?: number; provider?: string }) {
      const r = resolveGpu(q.name, {
        vramGb: q.vram_gb !== undefined && q.vram_gb > 0 ? snapVramGb(q.vram_gb) : null,
        ...(q.provider ? { provider: q.provider } : {}),
      });
      return r.model
        ? {
            name: q.name,
            mapped: true,
            model: r.model.model,
            gpu: toGpuView(r.model),
            matched_by: r.matchedBy,
            reason: null,
          }
        : { name: q.name, mapped: false, model: null, gpu: null, matched_by: null, reason: r.reason };
    },
  };
}

export type CatalogQuery = ReturnType<typeof createCatalogQuery>;

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', {
    detail: `${path.slice(1)} ${message}`,
    errors: [{ path, message }],
  });
}
