import { DIAG_FAMILY, type DiagBlockStmt, type DiagDialect, type DiagEdgeLink, type DiagId, type DiagOption, type DiagParseResult, type DiagStatement, type DiagToken, type DiagramAst } from './ast';
import { DiagSyntaxError, tokenize, unquote } from './scanner';

/** Blocks nested deeper than this are reported instead of parsed (the parser recurses once per level). */
export const MAX_DIAG_NESTING = 100;

/** Edge operators of each language (nwdiag's `--` joins two nodes by a peer network). */
const EDGE_OPS: Record<DiagDialect, ReadonlySet<string>> = {
  blockdiag: new Set(['->', '--', '<-', '<->', '>-', '-<', '>-<']),
  actdiag: new Set(['->', '--', '<-', '<->']),
  seqdiag: new Set(['<<--', '<--', '<<-', '<-', '->', '->>', '-->', '-->>', '=>']),
  nwdiag: new Set(['--']),
};

/** Where a statement is: each language allows different statements in each kind of block. */
type Context = 'diagram' | 'group' | 'lane' | 'network' | 'fragment' | 'edgeBlock';

export interface ParseDiagramOptions {
  /** Parse only `text[start, end)`; offsets stay those of `text` (default: all of it). */
  start?: number;
  end?: number;
  /**
   * Columns of indentation to remove from the continuation lines of a multi-line string (the content
   * margin of the RST directive the diagram sits in).
   */
  indent?: number;
}

/**
 * Parses one diagram of the blockdiag family with the grammar of the Python tool for `dialect`
 * (statement order, optional `;`, single or listed node names, which block may hold what).
 * Never throws: malformed text gives `errors` (the first problem, at its token) and no tree.
 */
export function parseDiagram(text: string, dialect: DiagDialect, options: ParseDiagramOptions = {}): DiagParseResult {
  const start = options.start ?? 0;
  const end = options.end ?? text.length;
  try {
    const tokens = tokenize(text, dialect, start, end);
    return { diagram: new DiagParser(tokens, dialect, options.indent ?? 0).diagram(), errors: [] };
  } catch (e) {
    if (e instanceof DiagSyntaxError) return { errors: [{ start: e.start, end: Math.max(e.end, e.start), message: e.message }] };
    const message = e instanceof Error ? e.message : String(e);
    return { errors: [{ start, end: Math.min(end, start + 1), message: `The ${dialect} parser failed: ${message}` }] };
  }
}

class DiagParser {
  private i = 0;

  constructor(
    private readonly tokens: DiagToken[],
    private readonly dialect: DiagDialect,
    private readonly indent: number,
  ) {}

  diagram(): DiagramAst {
    const first = this.peek();
    let keyword: DiagId | undefined;
    let id: DiagId | undefined;
    if (first.kind === 'name' && (first.text === this.dialect || first.text === 'diagram')) {
      keyword = this.id();
      if (this.isId(this.peek())) id = this.id();
    } else if (!this.isOp(first, '{')) {
      if (first.kind === 'name' && (DIAG_FAMILY as readonly string[]).includes(first.text)) {
        this.fail(`This is a ${first.text} diagram, not a ${this.dialect} one: the text must start with "${this.dialect} {"`, first);
      }
      this.fail(`Expected "${this.dialect} {" at the start of the diagram, found ${describe(first)}`, first);
    }
    const open = this.expectOp('{', keyword ? `after "${keyword.raw}${id ? ' ' + id.raw : ''}"` : 'to open the diagram');
    const statements = this.statements('diagram', 0, open);
    const close = this.next();
    const after = this.peek();
    if (after.kind !== 'eof') this.fail(`Text after the end of the diagram: ${describe(after)} follows the closing "}"`, after);
    return { dialect: this.dialect, keyword, id, statements, start: (keyword ?? open).start, end: close.end };
  }

  // -------------------------------------------------------------------------------------------
  // Statements
  // -------------------------------------------------------------------------------------------

  /** Statements up to (not including) the `}` that closes the block opened by `open`. */
  private statements(context: Context, depth: number, open: DiagToken): DiagStatement[] {
    if (depth > MAX_DIAG_NESTING) this.fail(`Blocks nested more than ${MAX_DIAG_NESTING} levels deep`, open);
    const out: DiagStatement[] = [];
    while (true) {
      const t = this.peek();
      if (this.isOp(t, '}')) return out;
      if (t.kind === 'eof') {
        const what = context === 'diagram' ? 'the diagram' : 'this block';
        this.fail(`Missing "}": ${what} is not closed`, open);
      }
      const before = this.i;
      out.push(this.statement(context, depth));
      if (this.i === before) this.fail(`Unexpected ${describe(t)}`, t); // progress guard: never loops
      if (this.isOp(this.peek(), ';')) this.i++;
    }
  }

  private statement(context: Context, depth: number): DiagStatement {
    const t = this.peek();
    const d = this.dialect;
    if (t.kind === 'separator') {
      if (context === 'diagram' || context === 'edgeBlock') return this.separator();
      this.fail(`A separator (${t.text.slice(0, 3)} ... ${t.text.slice(0, 3)}) cannot be used inside a ${context === 'group' ? 'group' : 'fragment'}`, t);
    }
    if (!this.isId(t)) this.fail(`Unexpected ${describe(t)}: expected ${this.expectedStatement(context)}`, t);
    const next = this.peek(1);
    if (context === 'diagram' && t.kind === 'name' && (t.text === 'class' || t.text === 'plugin') && this.isId(next)) return this.extension();

    switch (d) {
      case 'blockdiag':
        if (this.blockAhead(['group'])) return this.block('group', depth);
        return this.idStatement({ list: true, attribute: true });
      case 'actdiag':
        if (context === 'diagram' && this.blockAhead(['lane'])) return this.block('lane', depth);
        if (context === 'diagram' && t.kind === 'name' && t.text === 'lane' && this.isId(next) && !this.isOp(this.peek(2), '{')) return this.laneDecl();
        return this.idStatement({ list: true, attribute: true });
      case 'seqdiag':
        if (context === 'edgeBlock') return this.idStatement({ list: false, attribute: false, edgeOnly: true });
        if (this.isOp(next, '=')) return this.idStatement({ list: false, attribute: true });
        if ((context === 'diagram' || context === 'fragment') && this.blockAhead(['alt', 'loop'])) return this.block('fragment', depth);
        if (context === 'diagram' && this.blockAhead(['group'])) return this.block('group', depth);
        if (context === 'group') return this.idStatement({ list: false, attribute: true, noEdges: true });
        return this.idStatement({ list: false, attribute: true });
      case 'nwdiag':
        if (context === 'diagram' && this.blockAhead(['network', 'route'])) return this.block('network', depth);
        if ((context === 'diagram' || context === 'network') && this.blockAhead(['group'])) return this.block('group', depth);
        return this.idStatement({ list: false, attribute: true, noEdges: context !== 'diagram' });
    }
  }

  private expectedStatement(context: Context): string {
    if (context === 'edgeBlock') return 'a message (A -> B) or a separator';
    if (this.dialect === 'nwdiag') return context === 'diagram' ? 'a network, a group, a node or an attribute' : 'a node or an attribute';
    return 'a node, an edge, a group or an attribute';
  }

  /** `keyword {` or `keyword name {` ahead: a block. Otherwise the keyword is an ordinary name. */
  private blockAhead(keywords: string[]): boolean {
    const t = this.peek();
    if (t.kind !== 'name' || !keywords.includes(t.text)) return false;
    return this.isOp(this.peek(1), '{') || (this.isId(this.peek(1)) && this.isOp(this.peek(2), '{'));
  }

  private block(context: Context, depth: number): DiagBlockStmt {
    const kw = this.next();
    const id = this.isId(this.peek()) ? this.id() : undefined;
    const open = this.expectOp('{', `after "${kw.text}"`);
    const body = this.statements(context, depth + 1, open);
    const close = this.next();
    return { kind: 'block', keyword: kw.text as DiagBlockStmt['keyword'], keywordSpan: { start: kw.start, end: kw.end }, id, body, start: kw.start, end: close.end };
  }

  private extension(): DiagStatement {
    const kw = this.next();
    const name = this.id();
    const options = this.options();
    return { kind: kw.text as 'class' | 'plugin', name, options, start: kw.start, end: this.prevEnd() };
  }

  private laneDecl(): DiagStatement {
    const kw = this.next();
    const id = this.id();
    const options = this.options();
    return { kind: 'laneDecl', id, options, start: kw.start, end: this.prevEnd() };
  }

  private separator(): DiagStatement {
    const t = this.next();
    const type = t.text.startsWith('===') ? 'divider' : 'delay';
    return { kind: 'separator', type, text: t.text.slice(3, -3).trim(), start: t.start, end: t.end };
  }

  /**
   * A statement that starts with a name: an edge (`A -> B`), an attribute (`name = value`) or a node
   * (`A [attrs]`), decided by what follows the first name (or list of names).
   */
  private idStatement(o: { list: boolean; attribute: boolean; noEdges?: boolean; edgeOnly?: boolean }): DiagStatement {
    const start = this.peek().start;
    const first = this.nodeList(o.list);
    const ops = EDGE_OPS[this.dialect];
    const t = this.peek();
    if (t.kind === 'op' && ops.has(t.text)) {
      if (o.noEdges) this.fail(`Unexpected "${t.text}": edges are not allowed here`, t);
      const links: DiagEdgeLink[] = [];
      while (this.peek().kind === 'op' && ops.has(this.peek().text)) {
        const op = this.next();
        const after = this.peek();
        if (!this.isId(after)) this.fail(`Expected a node name after "${op.text}", found ${describe(after)}`, after);
        links.push({ op, nodes: this.nodeList(o.list) });
      }
      const options = this.options();
      let block: DiagStatement[] | undefined;
      let end = this.prevEnd();
      if (this.dialect === 'seqdiag' && this.isOp(this.peek(), '{')) {
        const open = this.next();
        block = this.statements('edgeBlock', 1, open);
        end = this.next().end;
      }
      return { kind: 'edge', first, links, options, block, start, end };
    }
    if (o.edgeOnly) this.fail(`Expected an edge operator (${[...ops].map((x) => `"${x}"`).join(', ')}) after ${describe(this.tokens[this.i - 1])}, found ${describe(t)}`, t);
    if (this.isOp(t, '=') && first.length === 1 && o.attribute) {
      this.i++;
      const v = this.peek();
      if (!this.isId(v)) this.fail(`Expected a value after "=", found ${describe(v)}`, v);
      const value = this.id();
      return { kind: 'attribute', name: first[0], value, start, end: value.end };
    }
    if (t.kind === 'op' && (t.text === '->' || t.text === '<-' || t.text === '<->' || t.text === '--') && !ops.has(t.text)) {
      this.fail(`Unexpected "${t.text}": ${this.dialect === 'nwdiag' ? 'nwdiag joins nodes with networks, or two nodes with "--"' : `${this.dialect} has no "${t.text}" edge`}`, t);
    }
    const options = this.options();
    return { kind: 'node', ids: first, options, start, end: this.prevEnd() };
  }

  private nodeList(list: boolean): DiagId[] {
    const ids = [this.id()];
    while (list && this.isOp(this.peek(), ',')) {
      this.i++;
      const t = this.peek();
      if (!this.isId(t)) this.fail(`Expected a node name after ",", found ${describe(t)}`, t);
      ids.push(this.id());
    }
    return ids;
  }

  /** An optional `[name, name = value, ...]`: at least one entry, no trailing comma. */
  private options(): DiagOption[] {
    if (!this.isOp(this.peek(), '[')) return [];
    const open = this.next();
    const out: DiagOption[] = [];
    while (true) {
      const t = this.peek();
      if (!this.isId(t)) {
        if (t.kind === 'eof') this.fail('Missing "]": the attribute list is not closed', open);
        const after = out.length === 0 ? '"["' : '","';
        this.fail(`Expected an attribute name after ${after}, found ${describe(t)}`, t);
      }
      const name = this.id();
      let value: DiagId | undefined;
      if (this.isOp(this.peek(), '=')) {
        this.i++;
        const v = this.peek();
        if (!this.isId(v)) this.fail(`Expected a value for "${name.value}" after "=", found ${describe(v)}`, v);
        value = this.id();
      }
      out.push({ name, value, start: name.start, end: (value ?? name).end });
      const sep = this.peek();
      if (this.isOp(sep, ',')) {
        this.i++;
        continue;
      }
      if (this.isOp(sep, ']')) {
        this.i++;
        return out;
      }
      if (sep.kind === 'eof') this.fail('Missing "]": the attribute list is not closed', open);
      this.fail(`Expected "," or "]" in the attribute list, found ${describe(sep)}`, sep);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Tokens
  // -------------------------------------------------------------------------------------------

  private peek(k = 0): DiagToken {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)];
  }

  private next(): DiagToken {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  private prevEnd(): number {
    return this.tokens[Math.max(0, this.i - 1)].end;
  }

  private isId(t: DiagToken): boolean {
    return t.kind === 'name' || t.kind === 'number' || t.kind === 'string' || t.kind === 'ipaddr';
  }

  private isOp(t: DiagToken, s: string): boolean {
    return t.kind === 'op' && t.text === s;
  }

  private id(): DiagId {
    const t = this.next();
    const quoted = t.kind === 'string';
    let value = unquote(t.text);
    if (quoted && this.indent > 0 && value.includes('\n')) value = dedentContinuation(value, this.indent);
    return { value, raw: t.text, quoted, start: t.start, end: t.end };
  }

  private expectOp(s: string, where: string): DiagToken {
    const t = this.peek();
    if (!this.isOp(t, s)) this.fail(`Expected "${s}" ${where}, found ${describe(t)}`, t);
    return this.next();
  }

  private fail(message: string, at: { start: number; end: number }): never {
    throw new DiagSyntaxError(message, at.start, at.end);
  }
}

/** Removes up to `indent` leading spaces from each line after the first (the RST content margin). */
function dedentContinuation(value: string, indent: number): string {
  const lines = value.split('\n');
  for (let k = 1; k < lines.length; k++) {
    let n = 0;
    while (n < indent && lines[k][n] === ' ') n++;
    lines[k] = lines[k].slice(n);
  }
  return lines.join('\n');
}

function describe(t: DiagToken | undefined): string {
  if (!t || t.kind === 'eof') return 'the end of the diagram';
  const s = t.text.length > 30 ? t.text.slice(0, 27) + '...' : t.text;
  if (t.kind === 'string') return `the string ${s.replace(/\s+/g, ' ')}`;
  return `"${s}"`;
}
