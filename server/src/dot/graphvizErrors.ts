import { syntaxKind, type AttributeContainer, type Statement } from 'dot-language-support';
import { skipTrivia } from './trivia';
import type { RstProblem, Span } from '../rst/types';
import { identifierText } from './identifiers';
import type { ParsedDot } from './dotParser';
import type { LayoutResult } from './layout';
import { hasImage, htmlLabelIssue } from './htmlLabel';
import type { DotSource } from './source';

/** What a Graphviz error message says, taken apart. */
export interface GraphvizMessage {
  kind: 'syntax' | 'unterminated-string' | 'parser-stack' | 'html-label' | 'layout' | 'other';
  /** 1-based line of the Graphviz input, when the message gives one. */
  line?: number;
  /** The token in `near '...'`. */
  near?: string;
  /** For `html-label`: the object whose label is bad, for example `node a`, `edge a -> b`, `graph G`. */
  labelOf?: { kind: 'node' | 'edge' | 'graph'; name: string };
  /** For `unterminated-string`: the first characters of the string. */
  stringStart?: string;
  text: string;
}

/**
 * Parses the messages of Graphviz 16 (wasm) and 2.43 (native), with or without the `Error: <stdin>: ` prefix:
 * `syntax error in line 3 near '-'`, `syntax error in line 16`, `syntax error in line 5 scanning a quoted
 * string (missing endquote? ...)\nString starting:"AMQP`, `memory exhausted in line 1 near '{'`,
 * `in label of node a`, `Layout was not done`.
 */
export function parseGraphvizMessage(message: string): GraphvizMessage {
  const text = message.replace(/^(Error:\s*)?(<stdin>:\s*)?/i, '').trim();
  let m = /^syntax error in line (\d+) scanning a quoted string[^\n]*(?:\nString starting:([\s\S]*))?/.exec(text);
  if (m) return { kind: 'unterminated-string', line: Number(m[1]), stringStart: m[2]?.split('\n')[0], text };
  m = /^syntax error in line (\d+)(?: near '([\s\S]*?)')?\s*$/.exec(text.split('\n')[0]);
  if (m) return { kind: 'syntax', line: Number(m[1]), near: m[2], text };
  m = /^memory exhausted in line (\d+)(?: near '([\s\S]*?)')?/.exec(text);
  if (m) return { kind: 'parser-stack', line: Number(m[1]), near: m[2], text };
  m = /in label of (node|edge|graph) ([^\n]*)\s*$/.exec(text);
  if (m) return { kind: 'html-label', labelOf: { kind: m[1] as 'node' | 'edge' | 'graph', name: m[2].trim() }, text };
  if (/^Layout was not done/.test(text)) return { kind: 'layout', text };
  return { kind: 'other', text };
}

/**
 * Diagnostics (host offsets) for a layout result: Graphviz's errors at the right line and, with `near`,
 * the right token; HTML-label errors at the label; a timeout or crash on the whole diagram.
 * `parsed` (our parse of the same diagram) locates labels and lets us drop a Graphviz syntax error on a
 * line where our parser already reported one. An HTML-label error names the label's first mistake when
 * we find one; `imagesOnly` (the same diagram without its IMG tags laid out cleanly) drops it for a
 * well-formed label with an image, which wasm Graphviz cannot open and native dot can.
 */
export function layoutProblems(
  source: DotSource,
  result: LayoutResult,
  parsed: ParsedDot | undefined,
  ownProblems: readonly RstProblem[],
  options: { imagesOnly?: boolean } = {},
): RstProblem[] {
  if (result.status === 'timeout') {
    const s = ((result.timeoutMs ?? 0) / 1000).toLocaleString('en', { maximumFractionDigits: 1 });
    return [
      {
        ...source.anchor,
        code: 'dot.layout-timeout',
        message: `Graphviz did not finish laying out this diagram within ${s} s, so it was not checked by Graphviz or rendered (haGuide.graphviz.timeoutMs sets the limit).`,
      },
    ];
  }
  if (result.status === 'too-large') {
    return [
      {
        ...source.anchor,
        code: 'dot.layout-too-large',
        message: `Graphviz needed more than ${result.memoryMb ?? '?'} MB of memory to lay out this diagram and was stopped, so it was not checked by Graphviz or rendered.`,
      },
    ];
  }
  if (result.status === 'crash') {
    return [{ ...source.anchor, code: 'dot.layout-crashed', message: `Graphviz crashed on this diagram${result.error ? ` (${result.error})` : ''}; it was restarted for the other diagrams.` }];
  }
  if (!result.error || result.status === 'superseded') return [];
  const msg = parseGraphvizMessage(result.error);
  const own = ownProblems.filter((p) => p.code === 'dot.syntax' || p.code === 'dot.edge-op-mismatch' || p.code === 'dot.trailing-content' || p.code === 'dot.too-deep');
  switch (msg.kind) {
    case 'syntax':
    case 'parser-stack': {
      const span = source.graphvizLine(msg.line ?? 1, msg.near);
      // Our parser's first error is exact; Graphviz's is the same mistake seen later (or a line off).
      if (msg.kind === 'syntax' && own.length > 0) return [];
      if (overlapsLine(source, span, own)) return [];
      const what =
        msg.kind === 'parser-stack'
          ? `Graphviz's parser ran out of stack in line ${msg.line}${msg.near !== undefined ? ` near '${msg.near}'` : ''} (nesting or an edge chain too long for Graphviz)`
          : `Graphviz: syntax error${msg.near !== undefined ? ` near '${msg.near}'` : ' (at the end of the diagram)'}`;
      return [{ ...span, code: 'dot.graphviz-error', message: what }];
    }
    case 'unterminated-string': {
      let span = source.graphvizLine(msg.line ?? 1);
      const open = msg.stringStart ? findStringStart(source, msg.stringStart) : undefined;
      if (open) span = open;
      if (overlapsLine(source, span, own) || own.length > 0) return [];
      return [{ ...span, code: 'dot.graphviz-error', message: 'Graphviz: unterminated quoted string (missing closing ")' }];
    }
    case 'html-label': {
      const label = parsed && msg.labelOf ? findLabel(parsed, msg.labelOf) : undefined;
      const what = `the HTML-like label of ${msg.labelOf?.kind} "${msg.labelOf?.name}"`;
      if (label && parsed) {
        const content = parsed.text.slice(label.start + 1, label.end - 1);
        const issue = htmlLabelIssue(content);
        if (issue) {
          const at = parsed.text.slice(0, label.start + 1 + issue.start).split('\n').length;
          const where = at === parsed.text.slice(0, label.start).split('\n').length ? '' : ` (line ${at - parsed.text.slice(0, label.start).split('\n').length + 1} of the label)`;
          return [{ start: source.toHost(label.start), end: source.toHost(label.end), code: 'dot.html-label', message: `Graphviz could not read ${what}${where}: ${issue.message}` }];
        }
        // Well formed, with an image: what Graphviz could not read is the image file (checkDotSourceWithLayout lays it out again without its IMG tags).
        if (hasImage(content) && options.imagesOnly) return [];
      }
      const span = label ? { start: source.toHost(label.start), end: source.toHost(label.end) } : source.anchor;
      return [
        {
          ...span,
          code: 'dot.html-label',
          message: `Graphviz could not read ${what}: its tags are balanced and known, so check how they nest (TABLE holds TR, TR holds TD, text goes in TD or outside tables) (Graphviz drops the label)`,
        },
      ];
    }
    case 'layout':
      return [{ ...source.anchor, code: 'dot.graphviz-error', message: 'Graphviz could not lay out this diagram (unknown layout engine?)' }];
    default:
      return [{ ...source.anchor, code: 'dot.graphviz-error', message: `Graphviz: ${msg.text}` }];
  }
}

/** True when one of `own` starts on the host line of `span` (the same error, found by our parser). */
function overlapsLine(source: DotSource, span: Span, own: readonly RstProblem[]): boolean {
  const line = source.hostLine(span.start);
  return own.some((p) => source.hostLine(p.start) === line);
}

function findStringStart(source: DotSource, start: string): Span | undefined {
  const probe = start.slice(0, 40);
  const at = source.parserText.indexOf(probe);
  if (at < 0) return undefined;
  const s = source.toHost(at);
  return { start: s, end: source.toHost(at + 1) };
}

/** The HTML-like label of the named node, edge (`a -> b`) or graph/cluster: its span in the parser's text, `<` and `>` included. */
function findLabel(parsed: ParsedDot, of: { kind: 'node' | 'edge' | 'graph'; name: string }): Span | undefined {
  const graph = parsed.file?.graph;
  if (!graph) return undefined;
  let found: Span | undefined;
  let anyHtml: Span | undefined;
  const htmlLabelIn = (lists: readonly AttributeContainer[] | undefined): Span | undefined => {
    for (const l of lists ?? []) {
      for (const a of l.assignments ?? []) {
        if (a.rightId?.kind === syntaxKind.HtmlIdentifier && /^(label|xlabel|headlabel|taillabel)$/.test(identifierText(a.leftId) ?? '')) {
          const span = { start: skipTrivia(parsed.parserText, a.rightId.pos), end: a.rightId.end };
          anyHtml ??= span;
          return span;
        }
      }
    }
    return undefined;
  };
  const edgeName = (s: Statement): string | undefined => {
    if (s.kind !== syntaxKind.EdgeStatement) return undefined;
    const ends = [s.source, ...(s.rhs ?? []).map((r) => r.target)].map((e) => (e?.kind === syntaxKind.NodeId ? identifierText(e.id) : undefined));
    return ends.join(' -> ');
  };
  const visit = (statements: readonly Statement[] | undefined, graphName: string | undefined, depth: number) => {
    if (!statements || found || depth > 1000) return;
    for (const s of statements) {
      if (found) return;
      if (s.kind === syntaxKind.NodeStatement) {
        const span = htmlLabelIn(s.attributes);
        if (span && of.kind === 'node' && identifierText(s.id?.id) === of.name) found = span;
      } else if (s.kind === syntaxKind.EdgeStatement) {
        const span = htmlLabelIn(s.attributes);
        const name = edgeName(s);
        if (span && of.kind === 'edge' && name !== undefined && (name === of.name || name.replace(/ -> /g, ' -- ') === of.name || of.name.startsWith(name.split(' -> ')[0]))) found = span;
      } else if (s.kind === syntaxKind.IdEqualsIdStatement) {
        if (s.rightId?.kind === syntaxKind.HtmlIdentifier && identifierText(s.leftId) === 'label') {
          const span = { start: skipTrivia(parsed.parserText, s.rightId.pos), end: s.rightId.end };
          anyHtml ??= span;
          if (of.kind === 'graph' && (graphName === undefined || graphName === of.name || of.name === '%1' || of.name.startsWith('%'))) found = span;
        }
      } else if (s.kind === syntaxKind.AttributeStatement) {
        const span = htmlLabelIn(s.attributes);
        if (span && of.kind === 'graph' && s.subject?.kind === syntaxKind.GraphKeyword && (graphName === undefined || graphName === of.name)) found = span;
      } else if (s.kind === syntaxKind.SubGraphStatement) {
        visit(s.subgraph?.statements, identifierText(s.subgraph?.id), depth + 1);
      }
    }
  };
  visit(graph.statements, identifierText(graph.id), 0);
  return found ?? anyHtml;
}

/** The DOT text without its IMG tags, to lay out again when Graphviz rejects a label holding one. */
export function withoutImages(dot: string): string {
  return dot.replace(/<img\b[^<>]*?\/>|<img\b[^<>]*>\s*<\/img\s*>/gi, '');
}
