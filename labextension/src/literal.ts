/**
 * Python literals, both ways: read the answer a student typed (`q03 = "b"`)
 * and write the one the form chose (`q03 = ["A", "C"]`).
 *
 * Only what a quiz answer can be: strings, numbers, None/True/False, lists,
 * tuples and dicts. Anything else reads as `undefined` ("the form cannot
 * show this"), never as an error.
 */

export type PyValue =
  | string
  | number
  | boolean
  | null
  | PyValue[]
  | { dict: Array<[PyValue, PyValue]> };

export function isDict(v: PyValue | undefined): v is { dict: Array<[PyValue, PyValue]> } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'dict' in v;
}

class Reader {
  private i = 0;
  constructor(private readonly text: string) {}

  get done(): boolean {
    this.space();
    return this.i >= this.text.length;
  }

  space(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\\') {
        this.i++;
      } else if (c === '#') {
        while (this.i < t.length && t[this.i] !== '\n') {
          this.i++;
        }
      } else {
        break;
      }
    }
  }

  value(depth = 0): PyValue {
    if (depth > 50) {
      throw new Error('too deep');
    }
    this.space();
    const t = this.text;
    const c = t[this.i];
    if (c === '[' || c === '(') {
      this.i++;
      return this.items(c === '[' ? ']' : ')', depth);
    }
    if (c === '{') {
      this.i++;
      return this.dict(depth);
    }
    const prefixed = /^[rRuU]?["']/.exec(t.slice(this.i, this.i + 2));
    if (prefixed) {
      const raw = /^[rR]/.test(t[this.i]);
      if (c !== '"' && c !== "'") {
        this.i++;
      }
      let out = this.string(raw);
      // adjacent strings join, as in Python: "a" "b" == "ab"
      for (;;) {
        this.space();
        const next = t[this.i];
        if (next !== '"' && next !== "'") {
          return out;
        }
        out += this.string(false);
      }
    }
    const num = /^[-+]?(\d[\d_]*\.?[\d_]*(e[-+]?\d+)?|\.\d[\d_]*(e[-+]?\d+)?)/i.exec(t.slice(this.i));
    if (num) {
      this.i += num[0].length;
      const n = Number(num[0].replace(/_/g, ''));
      if (!isFinite(n)) {
        throw new Error('not a number');
      }
      return n;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(t.slice(this.i));
    if (word) {
      this.i += word[0].length;
      switch (word[0]) {
        case 'None':
          return null;
        case 'True':
          return true;
        case 'False':
          return false;
      }
    }
    throw new Error('not a literal');
  }

  private items(close: string, depth: number): PyValue[] {
    const out: PyValue[] = [];
    for (;;) {
      this.space();
      if (this.text[this.i] === close) {
        this.i++;
        return out;
      }
      out.push(this.value(depth + 1));
      this.space();
      if (this.text[this.i] === ',') {
        this.i++;
      } else if (this.text[this.i] !== close) {
        throw new Error('expected a comma');
      }
    }
  }

  private dict(depth: number): PyValue {
    const entries: Array<[PyValue, PyValue]> = [];
    for (;;) {
      this.space();
      if (this.text[this.i] === '}') {
        this.i++;
        return { dict: entries };
      }
      const key = this.value(depth + 1);
      this.space();
      if (this.text[this.i] !== ':') {
        throw new Error('expected a colon');
      }
      this.i++;
      entries.push([key, this.value(depth + 1)]);
      this.space();
      if (this.text[this.i] === ',') {
        this.i++;
      } else if (this.text[this.i] !== '}') {
        throw new Error('expected a comma');
      }
    }
  }

  private string(raw: boolean): string {
    const t = this.text;
    const q = t[this.i];
    const triple = t.startsWith(q.repeat(3), this.i);
    const end = triple ? q.repeat(3) : q;
    this.i += end.length;
    let out = '';
    while (this.i < t.length) {
      if (t.startsWith(end, this.i)) {
        this.i += end.length;
        return out;
      }
      const c = t[this.i];
      if (c === '\n' && !triple) {
        break;
      }
      if (c === '\\' && !raw) {
        const n = t[this.i + 1];
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' };
        if (n in simple) {
          out += simple[n];
          this.i += 2;
          continue;
        }
        const hex = /^(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})/.exec(t.slice(this.i + 1));
        if (hex) {
          out += String.fromCharCode(parseInt(hex[0].slice(1), 16));
          this.i += 1 + hex[0].length;
          continue;
        }
      }
      out += c;
      this.i++;
    }
    throw new Error('unclosed string');
  }
}

/** A Python literal from text, or undefined when it is not one. */
export function parseLiteral(text: string): PyValue | undefined {
  try {
    const r = new Reader(text);
    const v = r.value();
    return r.done ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The value a cell assigns to `variable`: the last line that starts
 * `variable =` (a literal may run over several lines). `null` for None,
 * `undefined` when the cell does not assign it or assigns something that is
 * not a literal.
 */
export function assignedValue(source: string, variable: string): { found: boolean; value: PyValue | undefined } {
  const pattern = new RegExp(`^[ \\t]*${variable}[ \\t]*=(?!=)`, 'gm');
  let last: RegExpExecArray | null = null;
  for (let m = pattern.exec(source); m; m = pattern.exec(source)) {
    last = m;
  }
  if (!last) {
    return { found: false, value: undefined };
  }
  const rest = source.slice(last.index + last[0].length);
  const whole = parseLiteral(rest);
  if (whole !== undefined) {
    return { found: true, value: whole };
  }
  return { found: true, value: parseLiteral(rest.split('\n')[0]) };
}

/** A Python string literal in double quotes. */
export function pyString(s: string): string {
  const escaped = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `"${escaped}"`;
}

/** Python source for a value (strings in double quotes, as the quiz's examples are written). */
export function pyLiteral(v: PyValue): string {
  if (v === null) {
    return 'None';
  }
  if (typeof v === 'string') {
    return pyString(v);
  }
  if (typeof v === 'boolean') {
    return v ? 'True' : 'False';
  }
  if (typeof v === 'number') {
    return Number.isInteger(v) ? v.toFixed(0) : String(v);
  }
  if (Array.isArray(v)) {
    return `[${v.map(pyLiteral).join(', ')}]`;
  }
  return `{${v.dict.map(([k, x]) => `${pyLiteral(k)}: ${pyLiteral(x)}`).join(', ')}}`;
}
