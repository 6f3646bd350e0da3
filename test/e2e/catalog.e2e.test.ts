import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow, openPage, type PageSession, PHONE, screenshot } from './support/browser.js';
import { setupE2eHarness } from './support/harness.js';

// The catalog pages in Chromium against the real server in SANDBOX (which syncs every simulated
// provider on start): the landing page's live prices, /browse filtered by a GPU model, sorted by
// best value, paged forward and back, and an offer's detail page with its price history. What the
// pages show is checked against what the API answers for the same query.

const e2e = setupE2eHarness();

/** The browse page's page size (PAGE_SIZE in web/src/features/catalog/browse-filters.ts). */
const PAGE_SIZE = 25;

interface ApiOffer {
  id: string;
  provider: string;
  gpu_model: string;
  gpu_count: number;
  price_per_hour: number;
  price_per_hour_with_markup: number;
  value_score?: number;
}
interface ApiPage {
  items: ApiOffer[];
  next_cursor: string | null;
}
interface ApiProvider {
  id: string;
  name: string;
  enabled: boolean;
  last_sync_at: string | null;
}
interface ApiFeatured {
  items: { gpu_model: string; offers_count: number; best: ApiOffer | null }[];
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`${e2e.server.baseUrl}/api/v2${path}`);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

/** Every offer the API lists, following the cursor (200 at a time). */
async function allOffers(): Promise<ApiOffer[]> {
  const offers: ApiOffer[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '200', ...(cursor ? { cursor } : {}) });
    const page: ApiPage = await getJson<ApiPage>(`/offers?${query}`);
    offers.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return offers;
}

/** Same format as the web app's `formatPricePerHour`. */
const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});
const perHour = (price: number) => `${usd.format(price)}/h`;

const offerRows = (page: Page) => page.getByRole('table', { name: 'GPU offers' }).locator('tbody tr');

async function attributes(rows: Locator, name: string): Promise<(string | null)[]> {
  return Promise.all((await rows.all()).map((row) => row.getAttribute(name)));
}

const rowIds = (page: Page) => attributes(offerRows(page), 'data-offer-id');

function expectClean(session: PageSession) {
  expect(session.consoleErrors, 'console errors').toEqual([]);
  expect(session.failedRequests, 'failed requests').toEqual([]);
}

/** The GPU model with the most offers: enough for several pages of one model. */
let busiestModel: string;

beforeAll(async () => {
  // The first sync of every simulated provider runs in the background after start.
  const deadline = Date.now() + 90_000;
  let pending: string[] = [];
  do {
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 500));
    const { items } = await getJson<{ items: ApiProvider[] }>('/providers');
    pending = items.filter((p) => p.enabled && p.last_sync_at === null).map((p) => p.id);
  } while (pending.length > 0 && Date.now() < deadline);
  expect(pending, 'providers never synced').toEqual([]);
  const counts = new Map<string, number>();
  for (const offer of await allOffers()) counts.set(offer.gpu_model, (counts.get(offer.gpu_model) ?? 0) + 1);
  const [model, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  busiestModel = model;
  expect(count, `offers of ${model}`).toBeGreaterThan(2 * PAGE_SIZE);
}, 120_000);

describe('catalog pages', () => {
  it('shows live featured prices and the providers with their health on the landing page', async () => {
    const featured = await getJson<ApiFeatured>('/providers/featured');
    const withOffers = featured.items.filter((f) => f.best);
    expect(withOffers.length).toBeGreaterThan(0);
    const { items: providers } = await getJson<{ items: ApiProvider[] }>('/providers');
    const enabled = providers.filter((p) => p.enabled);

    const session = await openPage(e2e.browser, { baseUrl: e2e.server.baseUrl });
    const { page } = session;
    try {
      await page.goto('/');
      const section = page.getByRole('region', { name: 'Live GPU prices' });
      await section.getByRole('article').first().waitFor();
      expect(await section.getByRole('article').count()).toBe(featured.items.length);
      for (const item of withOffers) {
        const card = section.getByRole('article', { name: item.gpu_model, exact: true });
        const best = item.best as ApiOffer;
        expect(await card.getByTestId('featured-price').textContent()).toBe(
          perHour(best.price_per_hour_with_markup),
        );
        expect(await card.textContent()).toContain('incl. markup');
        const name = providers.find((p) => p.id === best.provider)?.name ?? best.provider;
        // The provider's display name comes with /providers, which may answer after the prices.
        await expect.poll(() => card.textContent()).toContain(name);
        expect(await card.getByRole('link', { name: 'View offer' }).getAttribute('href')).toBe(
          `/offers/${best.id}`,
        );
      }

      const strip = page.getByRole('region', { name: 'Providers' });
      await strip.getByRole('listitem').first().waitFor();
      expect(await strip.getByRole('listitem').allTextContents()).toEqual(enabled.map((p) => p.name));
      expect(await strip.getByTestId('providers-count').textContent()).toContain(
        `${enabled.length} GPU clouds`,
      );
      await screenshot(page, 'catalog-home-1440');
    } finally {
      await session.close();
    }
    expectClean(session);
  });

  it('filters by a GPU model, sorts by best value, pages forward and back, and opens an offer', async () => {
    const session = await openPage(e2e.browser, { baseUrl: e2e.server.baseUrl });
    const { page } = session;
    try {
      await page.goto('/browse');
      await offerRows(page).first().waitFor();

      // Filter: every row is the chosen model, and the filter is in the URL (a reload keeps it).
      await page.getByRole('combobox', { name: 'GPU model' }).click();
      await page.getByRole('combobox', { name: 'GPU model' }).fill(busiestModel);
      await page.getByRole('option', { name: busiestModel, exact: true }).click();
      await page.keyboard.press('Escape');
      await page.waitForURL((url) => url.searchParams.getAll('gpu_model').join() === busiestModel);
      await expect
        .poll(() => attributes(offerRows(page), 'data-gpu-model'))
        .toEqual(Array(PAGE_SIZE).fill(busiestModel));
      await page.reload();
      await offerRows(page).first().waitFor();
      expect(await attributes(offerRows(page), 'data-gpu-model')).toEqual(
        Array(PAGE_SIZE).fill(busiestModel),
      );

      // Sort by best value: the rows are the API's best-value page, scores descending.
      await page.getByRole('combobox', { name: 'Sort by' }).click();
      await page.getByRole('option', { name: 'Best value' }).click();
      await page.waitForURL((url) => url.searchParams.get('sort') === 'value');
      const query = new URLSearchParams({ gpu_model: busiestModel, sort: 'value', limit: String(PAGE_SIZE) });
      const first = await getJson<ApiPage>(`/offers?${query}`);
      await expect.poll(() => rowIds(page)).toEqual(first.items.map((o) => o.id));
      const scores = (await attributes(offerRows(page), 'data-value-score')).map(Number);
      expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(new Set(scores).size).toBeGreaterThan(1);
      expect(await page.getByRole('slider', { name: 'Price weight' }).isVisible()).toBe(true);

      // The score explains itself on hover (TOPSIS criteria and distances).
      await offerRows(page)
        .first()
        .getByRole('button', { name: /^Value score / })
        .hover();
      const breakdown = page.getByRole('table', { name: 'Value score breakdown' });
      await breakdown.waitFor();
      expect(await breakdown.locator('tbody tr').count()).toBe(4);
      await screenshot(page, 'catalog-browse-value-1440');
      await page.mouse.move(0, 0);

      // Page 2 is the API's next page; going back shows page 1 again.
      const page1 = await rowIds(page);
      const second = await getJson<ApiPage>(
        `/offers?${new URLSearchParams({ ...Object.fromEntries(query), cursor: first.next_cursor ?? '' })}`,
      );
      await page.getByRole('button', { name: 'Next page' }).click();
      await expect.poll(() => rowIds(page)).toEqual(second.items.map((o) => o.id));
      expect(await page.getByRole('navigation', { name: 'Pages' }).textContent()).toContain('Page 2');
      const page2Scores = (await attributes(offerRows(page), 'data-value-score')).map(Number);
      expect(Math.max(...page2Scores)).toBeLessThanOrEqual(Math.min(...scores));
      await page.getByRole('button', { name: 'Previous page' }).click();
      await expect.poll(() => rowIds(page)).toEqual(page1);
      expect(await page.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);

      // The offer page: its prices and its price history, newest observation = the current price.
      const offer = first.items[0] as ApiOffer;
      await offerRows(page).first().getByRole('link', { name: busiestModel }).click();
      await page.waitForURL(`**/offers/${offer.id}`);
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe(`${offer.gpu_count}× ${busiestModel}`);
      expect(await page.getByTestId('provider-price').textContent()).toBe(perHour(offer.price_per_hour));
      expect(await page.getByTestId('price-with-markup').textContent()).toBe(
        perHour(offer.price_per_hour_with_markup),
      );
      const history = page.getByRole('table', { name: 'Price history' });
      await history.locator('tbody tr').first().waitFor();
      expect(Number(await history.locator('tbody tr').first().getAttribute('data-price'))).toBe(
        offer.price_per_hour,
      );
      expect(await page.getByRole('img', { name: 'Price history chart' }).isVisible()).toBe(true);
      expect(await page.getByRole('region', { name: 'GPU specifications' }).textContent()).toContain(
        'TFLOPS',
      );
      await screenshot(page, 'catalog-offer-1440');
    } finally {
      await session.close();
    }
    expectClean(session);
  });

  it('lists offers as cards on a phone, and lays out the offer page without sideways overflow', async () => {
    const { items } = await getJson<ApiPage>('/offers?limit=1');
    const offer = items[0] as ApiOffer;
    const session = await openPage(e2e.browser, { baseUrl: e2e.server.baseUrl, viewport: PHONE });
    const { page } = session;
    try {
      await page.goto(`/browse?${new URLSearchParams({ gpu_model: busiestModel, sort: 'value' })}`);
      const cards = page.getByRole('list', { name: 'GPU offers' }).getByRole('listitem');
      await cards.first().waitFor();
      expect(await attributes(cards, 'data-gpu-model')).toEqual(Array(PAGE_SIZE).fill(busiestModel));
      expect(await page.getByRole('table', { name: 'GPU offers' }).count()).toBe(0);
      expect(await horizontalOverflow(page)).toBe(0);
      // Filters start folded on a phone.
      expect(await page.getByRole('button', { name: 'Show filters' }).getAttribute('aria-expanded')).toBe(
        'false',
      );
      await screenshot(page, 'catalog-browse-375');
      await page.goto(`/offers/${offer.id}`);
      await page.getByRole('table', { name: 'Price history' }).waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, 'catalog-offer-375');
    } finally {
      await session.close();
    }
    expectClean(session);
  });

  it('shows the problem detail when the API refuses the query, and the empty state when nothing matches', async () => {
    const session = await openPage(e2e.browser, { baseUrl: e2e.server.baseUrl });
    const { page } = session;
    try {
      await page.goto('/browse?min_gpu_count=8&max_gpu_count=2');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('max_gpu_count must be at least min_gpu_count');

      await page.goto('/browse?max_price=0.0001&min_gpu_count=8');
      await page.getByRole('heading', { name: 'No offers match these filters' }).waitFor();
      expect(await offerRows(page).count()).toBe(0);
    } finally {
      await session.close();
    }
    // The refused query is the one failed request.
    expect(session.failedRequests).toHaveLength(1);
    expect(session.failedRequests[0]).toMatch(/\/api\/v2\/offers\?.*: 422$/);
  });
});
