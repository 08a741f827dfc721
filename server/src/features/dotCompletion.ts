import type { CompletionItem } from './types';
import { ARROW_NAMES, ATTRIBUTE_VALUES, ENUM_TYPES, STYLES } from '../dot/attributeData';
import { allAttributes, appliesTo, attributeFact, colorNames, shapeNames, usedByLabel, type DotContext } from '../dot/catalog';
import { fromHost, isBareId, quoteId, writeId, type DotDiagram } from '../dot/model';
import { attributeMarkdown } from './dotHover';
import { htmlLabelEnd } from '../dot/dotParser';

/**
 * DOT completion at a host offset inside a diagram:
 * - in `[...]` after `node`, `edge`, `graph`, a node or an edge: the attribute names for that context;
 * - after `name=` (in a list or as a statement): the attribute's values (shapes, arrows, styles for the
 *   context, colours, rankdir, dir, splines, ...), inside quotes too, per item of a colour list or style;
 * - at the start of a statement: node names of the diagram, `node`/`edge`/`graph`/`subgraph` and the
 *   attributes of the graph, subgraph or cluster around it; after `->` or `--`: node names.
 * Reads the text before the cursor with a small scanner of its own, so it works on the half-typed
 * (broken) text of a diagram being written; node names come from the diagram's syntax tree.
 */
export function completeDot(diagram: DotDiagram, hostOffset: number): CompletionItem[] {
  const { source, model } = diagram;
  const text = source.parserText;
  const cursor = fromHost(source, hostOffset);
  const at = scanBefore(text, cursor);
  if (!at) return [];
  const host = (o: number) => source.toHost(o);
  const cur = at.current;
  /**
   * Where the word being completed starts (after an opening quote). A quoted string may run over several
   * lines, an edit may not: in a string opened on an earlier line the word starts on the cursor's line.
   */
  const wordStart = cur ? Math.max(cur.start + (cur.kind === 'str' ? 1 : 0), lineContentStart(text, cursor)) : cursor;
  const inQuotes = cur?.kind === 'str';

  const nodes = (): CompletionItem[] => {
    const out: CompletionItem[] = [];
    for (const [key, mentions] of model.byKey) {
      // The word being typed is itself parsed as a node: do not offer it back.
      if (cur && mentions.length === 1 && mentions[0].start === cur.start) continue;
      out.push({ label: key, kind: 'node', detail: `node (${mentions.length} ${mentions.length === 1 ? 'use' : 'uses'})`, insertText: inQuotes ? key.replace(/"/g, '\\"') : writeId(key), replaceStart: host(wordStart) });
    }
    return out;
  };
  /**
   * Attribute names complete to the name alone: the `=` comes from the keyboard (typing it then offers the
   * values), so an `=` typed out of habit after accepting is never doubled.
   */
  const attributes = (context: DotContext): CompletionItem[] => {
    return allAttributes()
      .filter((f) => appliesTo(f, context))
      .map((f) => ({
        label: f.name,
        kind: 'attribute' as const,
        detail: `${f.types.join(' | ')} (${usedByLabel(f)})`,
        documentation: attributeMarkdown(f),
        insertText: f.name,
        replaceStart: host(wordStart),
      }));
  };
  const values = (name: string, context: DotContext): CompletionItem[] => {
    const fact = attributeFact(name);
    if (!fact) return [];
    const types = fact.types;
    let list: readonly string[];
    let kind: CompletionItem['kind'] = 'value';
    let separator: string | undefined;
    if (types.includes('color') || types.includes('colorList')) {
      list = colorNames();
      kind = 'color';
      if (types.includes('colorList')) separator = ':';
    } else if (types.includes('shape')) list = shapeNames();
    else if (types.includes('arrowType')) list = ARROW_NAMES;
    else if (types.includes('style')) {
      list = styleNames(context);
      separator = ',';
    } else list = ATTRIBUTE_VALUES[name] ?? types.flatMap((t) => ENUM_TYPES[t] ?? []);
    // Inside quotes a colour list or a style list continues after its last separator.
    let from = wordStart;
    if (inQuotes && separator) {
      const i = text.lastIndexOf(separator, cursor - 1);
      if (i >= wordStart) from = i + 1;
      while (from < cursor && /\s/.test(text[from])) from++;
    }
    const replaceStart = host(cur && !inQuotes ? cur.start : from);
    return [...new Set(list)]
      .filter((v) => v !== '')
      .map((v) => ({ label: v, kind, detail: `${name} value`, insertText: inQuotes || isBareId(v) ? v : quoteId(v), replaceStart }));
  };

  if (at.list) {
    if (at.list.state === 'name' || at.list.state === 'afterValue') return attributes(at.list.context);
    if (at.list.state === 'value' && at.list.attr) return values(at.list.attr, at.list.context);
    return [];
  }
  const stmt = at.stmt;
  const last = stmt[stmt.length - 1];
  if (stmt.length === 2 && isWord(stmt[0]) && last.text === '=') return values(stmt[0].text, at.frame);
  if (last?.kind === 'edgeop') return nodes();
  if (stmt.length === 0 || (cur && startsNewStatement(stmt))) {
    // A space typed after a word (`a `, `node `) is no place to offer a statement: wait for a word.
    if (!cur && cursor > 0 && /[ \t]/.test(text[cursor - 1])) {
      let i = cursor - 1;
      while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
      if (i >= 0 && text[i] !== '\n' && text[i] !== '\r') return [];
    }
    const keywords: CompletionItem[] = ['node', 'edge', 'graph', 'subgraph'].map((k) => ({ label: k, kind: 'keyword', detail: 'DOT keyword', insertText: k, replaceStart: host(wordStart) }));
    return [...nodes(), ...(inQuotes ? [] : keywords), ...attributes(at.frame)];
  }
  return [];
}

/** Style names that apply to a context (the catalog's lists). */
function styleNames(context: DotContext): string[] {
  if (context === 'node') return [...STYLES.nodeAndEdge, ...STYLES.nodeOnly, ...STYLES.nodeClusterGraph];
  if (context === 'edge') return [...STYLES.nodeAndEdge, ...STYLES.edgeOnly];
  return [...STYLES.cluster, ...STYLES.nodeAndEdge, ...STYLES.nodeClusterGraph];
}

// ---------------------------------------------------------------------------------------------
// The text before the cursor
// ---------------------------------------------------------------------------------------------

interface Tok {
  kind: 'id' | 'str' | 'html' | 'punct' | 'edgeop';
  text: string;
  start: number;
  end: number;
}

interface Before {
  /** The word or string the cursor is in (or at the end of). */
  current?: Tok;
  /** The graph, subgraph or cluster around the cursor. */
  frame: DotContext;
  /** Inside an attribute list: what it applies to and where in `name = value` the cursor is. */
  list?: { context: DotContext; state: 'name' | 'afterName' | 'value' | 'afterValue'; attr?: string };
  /** The tokens of the statement the cursor is in, before it (attribute lists left out). */
  stmt: Tok[];
}

const isWord = (t: Tok | undefined) => t !== undefined && (t.kind === 'id' || t.kind === 'str' || t.kind === 'html');

/** After a complete node or edge end, another word starts a new statement (`a b` is two nodes). */
function startsNewStatement(stmt: Tok[]): boolean {
  const last = stmt[stmt.length - 1];
  if (!last) return true;
  if (last.kind === 'id' && last.text.toLowerCase() === 'subgraph') return false;
  return isWord(last) || last.text === ']' || last.text === '}';
}

/**
 * Where the cursor is in the DOT grammar, from the text before it. Undefined where nothing can be
 * completed: in a comment, an HTML-like label, the graph's header or after its closing brace.
 */
function scanBefore(text: string, cursor: number): Before | undefined {
  const frames: DotContext[] = [];
  let header = true;
  let list: Before['list'];
  let stmt: Tok[] = [];
  let current: Tok | undefined;

  const step = (t: Tok): boolean => {
    if (list) {
      if (t.text === ']' && t.kind === 'punct') {
        list = undefined;
        stmt.push(t);
      } else if (t.text === '=') {
        if (list.state === 'afterName') list.state = 'value';
      } else if (t.text === ',' || t.text === ';') list.state = 'name';
      else if (isWord(t)) {
        if (list.state === 'value') list.state = 'afterValue';
        else {
          list.state = 'afterName';
          list.attr = t.text;
        }
      }
      return true;
    }
    if (header) {
      if (t.text === '{' && t.kind === 'punct') {
        header = false;
        frames.push('graph');
        stmt = [];
      }
      return true;
    }
    if (frames.length === 0) return false; // after the graph's closing brace
    const frame = frames[frames.length - 1];
    if (t.kind === 'punct') {
      switch (t.text) {
        case '{': {
          const named = stmt.length >= 2 && stmt[stmt.length - 2].text.toLowerCase() === 'subgraph' ? stmt[stmt.length - 1].text : undefined;
          frames.push(named?.toLowerCase().startsWith('cluster') ? 'cluster' : 'subgraph');
          stmt = [];
          return true;
        }
        case '}':
          frames.pop();
          stmt = [t]; // a subgraph may be an edge end: `{a b} -> c`
          return true;
        case ';':
        case ',':
          stmt = [];
          return true;
        case '[': {
          const first = stmt[0]?.kind === 'id' ? stmt[0].text.toLowerCase() : '';
          const context: DotContext =
            first === 'node' ? 'node' : first === 'edge' ? 'edge' : first === 'graph' ? frame : stmt.some((s) => s.kind === 'edgeop') ? 'edge' : 'node';
          list = { context, state: 'name' };
          return true;
        }
        default:
          stmt.push(t);
          return true;
      }
    }
    if (isWord(t) && startsNewStatement(stmt)) stmt = [];
    stmt.push(t);
    // `cluster=true` makes the subgraph around it a cluster.
    if (stmt.length === 3 && stmt[0].text === 'cluster' && stmt[1].text === '=' && frame === 'subgraph' && /^(true|yes|[1-9]\d*)$/i.test(t.text)) frames[frames.length - 1] = 'cluster';
    return true;
  };

  const n = text.length;
  let lineStart = true;
  let i = 0;
  while (i < cursor) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lineStart = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 12 || c === 11) {
      i++;
      continue;
    }
    const atLineStart = lineStart;
    lineStart = false;
    let t: Tok;
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || close + 2 > cursor) return undefined;
      i = close + 2;
      continue;
    } else if ((c === 47 && text.charCodeAt(i + 1) === 47) || (c === 35 /* # */ && atLineStart)) {
      let j = i;
      while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
      if (j >= cursor) return undefined;
      i = j;
      continue;
    } else if (c === 34 /* " */) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
      if (j >= cursor) {
        current = { kind: 'str', text: text.slice(i + 1, cursor), start: i, end: cursor };
        break;
      }
      t = { kind: 'str', text: text.slice(i + 1, j).replace(/\\"/g, '"'), start: i, end: j + 1 };
    } else if (c === 60 /* < */) {
      const j = htmlLabelEnd(text, i);
      if (j === undefined || j > cursor) return undefined;
      t = { kind: 'html', text: text.slice(i + 1, j - 1), start: i, end: j };
    } else if ((c === 45 /* - */ && (text[i + 1] === '>' || text[i + 1] === '-'))) {
      t = { kind: 'edgeop', text: text.slice(i, i + 2), start: i, end: i + 2 };
    } else if (isIdChar(c) || c === 45 || c === 46) {
      let j = i + 1;
      while (j < n && (isIdChar(text.charCodeAt(j)) || text.charCodeAt(j) === 46)) j++;
      if (j >= cursor) {
        current = { kind: 'id', text: text.slice(i, cursor), start: i, end: cursor };
        break;
      }
      t = { kind: 'id', text: text.slice(i, j), start: i, end: j };
    } else {
      t = { kind: 'punct', text: text[i], start: i, end: i + 1 };
    }
    if (!step(t)) return undefined;
    i = t.end;
  }
  if (header || frames.length === 0) return undefined;
  return { current, frame: frames[frames.length - 1], list, stmt };
}

/** The first offset of the cursor's line that is not a space or tab (the cursor itself at most). */
function lineContentStart(text: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
  while (i < cursor && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

function isIdChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
}
