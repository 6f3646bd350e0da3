/**
 * HTML building for mail templates. `html\`...\`` escapes every interpolated value unless it is
 * itself the result of `html\`...\``, so a template cannot emit a caller's string as markup by
 * accident: a user named `<script>` is shown, never run.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes the five characters that matter in HTML text and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template producing SafeHtml; interpolations are escaped, nested `html` is kept. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/**
 * Returns `url` when it is an absolute http(s) URL, and throws otherwise. Escaping keeps a value
 * inside its attribute but would still let `javascript:` through an href.
 */
export function httpUrl(url: string): string {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new TypeError('a link in an e-mail must be an absolute URL');
  }
  if (protocol !== 'https:' && protocol !== 'http:')
    throw new TypeError('a link in an e-mail must use http or https');
  return url;
}

/** A UTC timestamp readable in any time zone, e.g. `2026-01-01 12:00 UTC`. */
export function formatUtc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** US dollars with cents and thousands separators, e.g. `$1,234.50`. */
export function formatUsd(dollars: number): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(dollars);
}
