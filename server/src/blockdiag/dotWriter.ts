/**
 * Writing DOT text: identifiers quoted only when they must be, labels escaped, attribute lists in a
 * stable order. Output is indented by two spaces per level, one statement per line.
 */

const DOT_KEYWORDS = new Set(['node', 'edge', 'graph', 'digraph', 'subgraph', 'strict']);
const BARE_ID = /^[A-Za-z_][A-Za-z_0-9]*$/;
const NUMERAL = /^-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)$/;

/**
 * A DOT identifier for `s`: bare when DOT reads it as written, quoted otherwise. Quoted names are
 * written like labels ({@link dotLabel}), so that a node without a label shows its name as blockdiag
 * does (`"Input\n[Advertiser]"` on two lines).
 */
export function dotId(s: string): string {
  if ((BARE_ID.test(s) && !DOT_KEYWORDS.has(s.toLowerCase())) || NUMERAL.test(s)) return s;
  return dotLabel(s);
}

/**
 * The lines blockdiag draws for a label: white space trimmed, `\\` read as a backslash, `\n` (backslash
 * and n) and line breaks end a line, and each line is trimmed. Empty lines at the start and the end are
 * dropped: they only add space, and wasm Graphviz (1.29.2) corrupts its memory on an edge label that
 * starts with a line break (later layouts fail with "table index is out of bounds").
 */
export function labelLines(text: string): string[] {
  const s = text.trim().replace(/\\\\/g, '\u0000').replace(/\\n/g, '\n');
  const lines = s.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/).map((l) => l.replace(/\u0000/g, '\\').trim());
  while (lines.length > 1 && lines[0] === '') lines.shift();
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A DOT label drawing what blockdiag draws for `text`: its lines joined by `\n` (centred). */
export function dotLabel(text: string): string {
  return '"' + labelLines(text).map((l) => l.replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join('\\n') + '"';
}

/**
 * DOT names for the diagram's node names, one each: {@link dotId} of the name, or, when two names would
 * give the same DOT name (they differ only in white space or escapes), a numbered variant that must
 * carry its label explicitly.
 */
export class DotIds {
  private readonly byName = new Map<string, { id: string; explicitLabel: boolean }>();
  private readonly used = new Set<string>();

  get(name: string): { id: string; explicitLabel: boolean } {
    let entry = this.byName.get(name);
    if (entry) return entry;
    let id = dotId(name);
    let explicitLabel = false;
    for (let k = 2; this.used.has(id); k++) {
      id = dotId(`${name}_${k}`);
      explicitLabel = true;
    }
    this.used.add(id);
    entry = { id, explicitLabel };
    this.byName.set(name, entry);
    return entry;
  }

  id(name: string): string {
    return this.get(name).id;
  }
}

/** A value already in DOT syntax (`box`, `3.5`, `"#ff0000"`, a label from {@link dotLabel}). */
export type DotAttrs = Map<string, string>;

/** A plain value as DOT: bare when it is an identifier or a number, quoted as it is otherwise. */
export function dotValue(v: string): string {
  if ((BARE_ID.test(v) && !DOT_KEYWORDS.has(v.toLowerCase())) || NUMERAL.test(v)) return v;
  return '"' + v.replace(/"/g, '\\"') + '"';
}

/** `[a=b, c="d"]`, or '' when there is nothing to write. */
export function attrList(attrs: DotAttrs | undefined): string {
  if (!attrs || attrs.size === 0) return '';
  return ' [' + [...attrs].map(([k, v]) => `${k}=${v}`).join(', ') + ']';
}

/** Inches (Graphviz sizes) from blockdiag pixels (72 per inch), two decimals. */
export function inches(px: number): string {
  return String(Math.round((px / 72) * 100) / 100);
}

/** Collects lines of DOT with indentation. */
export class DotBuilder {
  private readonly lines: string[] = [];
  private depth = 0;

  line(s: string): void {
    this.lines.push('  '.repeat(this.depth) + s);
  }

  comment(s: string): void {
    for (const l of s.split('\n')) this.line(`// ${l}`.trimEnd());
  }

  open(s: string): void {
    this.line(s ? s + ' {' : '{');
    this.depth++;
  }

  close(): void {
    this.depth--;
    this.line('}');
  }

  blank(): void {
    if (this.lines.length && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  toString(): string {
    while (this.lines.length && this.lines[this.lines.length - 1] === '') this.lines.pop();
    return this.lines.join('\n');
  }
}

/** Unique DOT names: the first request for a name gets it, later ones get `name_2`, `name_3`... */
export class NameTable {
  private readonly used = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r);
  }

  reserve(name: string): void {
    this.used.add(name);
  }

  unique(base: string): string {
    let name = base;
    for (let k = 2; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }
}
