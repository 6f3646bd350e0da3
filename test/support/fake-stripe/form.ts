import { StripeFault } from './errors.js';

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

/**
 * Stripe's request encoding (the SDK's and curl's): `a[b][0][c]=v` pairs, brackets raw or
 * percent-encoded, into nested objects; a level whose keys are all indices becomes an array.
 */
export function parseForm(text: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!m?.[1]) throw invalid(`Invalid parameter name: ${key}.`, key);
    const path = [m[1], ...[...(m[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((p) => p[1] ?? '')];
    let node = root;
    for (const [i, part] of path.entries()) {
      if (i === path.length - 1) {
        if (part in node) throw invalid(`Duplicate parameter: ${key}.`, key);
        node[part] = value;
        break;
      }
      const next = node[part] ?? {};
      if (typeof next === 'string' || Array.isArray(next)) throw invalid(`Invalid parameter: ${key}.`, key);
      node[part] = next;
      node = next;
    }
  }
  return arrayify(root) as FormObject;
}

function arrayify(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const out: FormObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = arrayify(v);
  const keys = Object.keys(out);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => out[k] as FormValue);
  }
  return out;
}

const invalid = (message: string, param: string) =>
  new StripeFault(400, { type: 'invalid_request_error', code: 'parameter_invalid', message, param });

/** Typed reads of one parameter level, answering Stripe's 400s for missing or malformed values. */
export class Params {
  constructor(
    readonly raw: FormObject,
    private readonly prefix = '',
  ) {}

  private name(key: string) {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  /** Refuses parameters the endpoint does not know, as Stripe does (`parameter_unknown`). */
  only(...known: string[]): this {
    for (const key of Object.keys(this.raw)) {
      if (!known.includes(key))
        throw new StripeFault(400, {
          type: 'invalid_request_error',
          code: 'parameter_unknown',
          message: `Received unknown parameter: ${this.name(key)}`,
          param: this.name(key),
        });
    }
    return this;
  }

  has(key: string): boolean {
    return key in this.raw;
  }

  str(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw invalid(`Invalid string: ${this.name(key)}.`, this.name(key));
    return v;
  }

  need(key: string): string {
    const v = this.str(key);
    if (v === undefined || v === '')
      throw new StripeFault(400, {
        type: 'invalid_request_error',
        code: 'parameter_missing',
        message: `Missing required param: ${this.name(key)}.`,
        param: this.name(key),
      });
    return v;
  }

  int(key: string): number | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v))
      throw new StripeFault(400, {
        type: 'invalid_request_error',
        code: 'parameter_invalid_integer',
        message: `Invalid integer: ${v}`,
        param: this.name(key),
      });
    return Number(v);
  }

  bool(key: string): boolean | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (v !== 'true' && v !== 'false') throw invalid(`Invalid boolean: ${v}`, this.name(key));
    return v === 'true';
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (!(values as readonly string[]).includes(v))
      throw invalid(`Invalid ${this.name(key)}: must be one of ${values.join(', ')}`, this.name(key));
    return v as T;
  }

  obj(key: string): Params | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v === 'string' || Array.isArray(v))
      throw invalid(`Invalid object: ${this.name(key)}.`, this.name(key));
    return new Params(v, this.name(key));
  }

  list(key: string): Params[] | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) throw invalid(`Invalid array: ${this.name(key)}.`, this.name(key));
    return v.map((item, i) => {
      if (typeof item === 'string' || Array.isArray(item))
        throw invalid(`Invalid object: ${this.name(key)}[${i}].`, `${this.name(key)}[${i}]`);
      return new Params(item, `${this.name(key)}[${i}]`);
    });
  }

  strings(key: string): string[] {
    const v = this.raw[key];
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))
      throw invalid(`Invalid array: ${this.name(key)}.`, this.name(key));
    return v as string[];
  }

  /** Stripe metadata: a flat string map. */
  metadata(key = 'metadata'): Record<string, string> | undefined {
    const o = this.obj(key);
    if (!o) return undefined;
    const out: Record<string, string> = {};
    for (const k of Object.keys(o.raw)) out[k] = o.str(k) ?? '';
    return out;
  }
}
