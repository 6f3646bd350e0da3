import { html } from '../../platform/mail/index.js';
import type { InvoiceRow } from './billing.repo.js';

const money = (micros: number) =>
  (micros / 1e6).toLocaleString('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2 });
const day = (d: Date) => d.toISOString().slice(0, 10);
const KIND = { period: 'GPU usage', subscription: 'Plan subscription', proration: 'Plan change' } as const;

function quantity(q: number, unit: string): string {
  if (unit !== 'second') return String(q);
  const h = Math.floor(q / 3600);
  const m = Math.floor((q % 3600) / 60);
  const s = q % 60;
  return `${h} h ${String(m).padStart(2, '0')} min ${String(s).padStart(2, '0')} s`;
}

/**
 * The invoice as a standalone, printable HTML document (what "Download" saves). Self-contained:
 * inline styles, no scripts, every value escaped.
 */
export function renderInvoiceHtml(
  invoice: InvoiceRow,
  customer: { name: string; email: string },
  seller: { name: string; url: string },
): string {
  const rows = invoice.lines.map(
    (l) =>
      html`<tr><td>${l.description}</td><td class="n">${quantity(l.quantity, l.unit)}</td><td class="n">${money(l.amount_micros)}</td></tr>`,
  );
  const status =
    invoice.status === 'paid' && invoice.paidAt
      ? `Paid ${day(invoice.paidAt)}`
      : invoice.status.toUpperCase();
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Invoice ${invoice.number}</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;color:#111;max-width:760px;margin:32px auto;padding:0 16px}
h1{font-size:22px;margin:0}table{width:100%;border-collapse:collapse;margin-top:24px}
th,td{padding:8px;border-bottom:1px solid #ddd;text-align:left}.n{text-align:right;white-space:nowrap}
.meta{display:flex;justify-content:space-between;gap:24px;margin-top:16px}.total td{font-weight:700;border-top:2px solid #111}
.badge{display:inline-block;padding:2px 8px;border:1px solid #111;border-radius:4px;font-size:12px}
@media print{body{margin:0}}
</style></head>
<body>
<header><h1>${seller.name} — Invoice ${invoice.number}</h1>
<p><span class="badge">${status}</span> ${KIND[invoice.kind]}${invoice.mode === 'SANDBOX' ? ' · SANDBOX (no real charge)' : ''}</p></header>
<section class="meta">
<div><strong>Billed to</strong><br>${customer.name}<br>${customer.email}</div>
<div><strong>Issued</strong> ${day(invoice.issuedAt)}<br><strong>Period</strong> ${day(invoice.periodStart)} – ${day(invoice.periodEnd)}</div>
</section>
<table><thead><tr><th>Description</th><th class="n">Quantity</th><th class="n">Amount</th></tr></thead>
<tbody>${rows}
<tr class="total"><td colspan="2">Total (USD)</td><td class="n">${money(invoice.totalCents * 10_000)}</td></tr>
</tbody></table>
${invoice.failureMessage ? html`<p><strong>Payment failed:</strong> ${invoice.failureMessage}</p>` : ''}
<footer><p>${seller.url}</p></footer>
</body></html>`.toString();
}
