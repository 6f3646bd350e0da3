/** What a SkyPilot `GpuInfo` cell tells about one GPU of the offer. */
export interface GpuInfo {
  /** GPU name from the dict's `Gpus[0].Name`, or the cell itself when it is a plain name. */
  name: string | null;
  /** `Gpus[0].MemoryInfo.SizeInMiB` as written (per GPU on most clouds; see the parser for Vast). */
  sizeInMiB: number | null;
}

/**
 * Reads a SkyPilot `GpuInfo` cell: empty → nothing; a plain GPU name (`V100`, `Radeon MI25`,
 * `tpu-v4-8`) → that name; a Python-literal dict string
 * (`{'Gpus': [{'Name': 'A100', 'Count': 8.0, 'MemoryInfo': {'SizeInMiB': 40960}}], ...}`) → its
 * first GPU's name and memory. Throws on a dict that is not a well-formed Python literal.
 */
export function parseGpuInfo(cell: string): GpuInfo {
  // One instance type repeats its cell in every region and zone: parse each distinct cell once.
  const hit = memo.get(cell);
  if (hit) return hit;
  const parsed = parseGpuInfoCell(cell);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(cell, parsed);
  return parsed;
}

const MEMO_LIMIT = 10_000;
const memo = new Map<string, Readonly<GpuInfo>>();

function parseGpuInfoCell(cell: string): GpuInfo {
  const text = cell.trim();
  if (text === '') return { name: null, sizeInMiB: null };
  if (!text.startsWith('{')) return { name: text, sizeInMiB: null };
  const gpu = first(field(parsePythonLiteral(text), 'Gpus'));
  const name = field(gpu, 'Name');
  const size = numeric(field(field(gpu, 'MemoryInfo'), 'SizeInMiB'));
  return { name: typeof name === 'string' && name !== '' ? name : null, sizeInMiB: size };
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : undefined;
}

// `Count` and sizes may be written as int, float or a quoted float ('1.0').
function numeric(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

/**
 * Parses the subset of Python literal syntax SkyPilot writes with `str(dict)`: dicts, lists,
 * tuples, single- or double-quoted strings (with backslash escapes), numbers, True/False/None.
 * Throws `SyntaxError` with the offending offset on anything else.
 */
export function parsePythonLiteral(text: string): unknown {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at offset ${i} of Python literal`);
  };
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  const value = (): unknown => {
    skipSpace();
    const c = text[i];
    if (c === '{') return sequence('}', true);
    if (c === '[' || c === '(') return sequence(c === '[' ? ']' : ')', false);
    if (c === "'" || c === '"') return string(c);
    const word = /^(?:True|False|None|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(text.slice(i))?.[0];
    if (!word) return fail('unexpected character');
    i += word.length;
    if (word === 'True') return true;
    if (word === 'False') return false;
    if (word === 'None') return null;
    return Number(word);
  };
  const string = (quote: string): string => {
    let out = '';
    for (i++; i < text.length; i++) {
      const c = text[i] as string;
      if (c === quote) {
        i++;
        return out;
      }
      if (c === '\\') {
        i++;
        const e = text[i] ?? '';
        out += e === 'n' ? '\n' : e === 't' ? '\t' : e;
      } else out += c;
    }
    return fail('unterminated string');
  };
  const sequence = (close: string, isDict: boolean): unknown => {
    i++;
    const list: unknown[] = [];
    const dict: Record<string, unknown> = {};
    for (;;) {
      skipSpace();
      if (text[i] === close) {
        i++;
        return isDict ? dict : list;
      }
      if (isDict) {
        const key = value();
        skipSpace();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        dict[String(key)] = value();
      } else list.push(value());
      skipSpace();
      if (text[i] === ',') i++;
      else if (text[i] !== close) fail(`expected ',' or '${close}'`);
    }
  };
  const result = value();
  skipSpace();
  if (i !== text.length) fail('trailing characters');
  return result;
}
