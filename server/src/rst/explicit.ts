import type { BlockState, VLine } from './blockState';
import { directive, type ExplicitResult } from './directive';
import { normalizeName } from './text';
import type { Block, Span, SubstitutionDefBlock } from './types';

export type { ExplicitResult } from './directive';

const SIMPLENAME = String.raw`(?:(?!_)[\p{L}\p{N}_])+(?:[-._+:](?:(?!_)[\p{L}\p{N}_])+)*`;
const RE = {
  start: /^(?:\.\.|__)([ \t]+|$)/,
  footnote: new RegExp(String.raw`^\[([0-9]+|#|\*|#${SIMPLENAME})\]([ \t]+|$)`, 'u'),
  citation: new RegExp(String.raw`^\[(${SIMPLENAME})\]([ \t]+|$)`, 'u'),
  directive: new RegExp(String.raw`^(${SIMPLENAME})[ ]?::([ \t]+|$)`, 'u'),
  substitution: /^\|(?![ |])((?:[^|\\]|\\.)*?)(?<![ \\])\|([ \t]+|$)/,
  refname: /^(?:`(?:[^`\\]|\\.)+`|(?:[\p{L}\p{N}]+(?:[-._+:][\p{L}\p{N}]+)*))_$/u,
};


/** Parses one explicit markup construct (`.. ` or `__ `) starting at line `k`. */
export function parseExplicit(p: BlockState, L: VLine[], k: number, out: Block[]): ExplicitResult {
  const l = L[k];
  const lead = RE.start.exec(p.text.slice(l.textStart, l.end))!;
  const isAnonShort = p.text.startsWith('__', l.textStart);
  const after = l.textStart + lead[0].length;
  const rest = p.text.slice(after, l.end);

  if (isAnonShort) return target(p, L, k, after, out, true);
  let m: RegExpExecArray | null;
  if ((m = RE.footnote.exec(rest))) return note(p, L, k, after, m, out, 'footnote');
  if ((m = RE.citation.exec(rest))) return note(p, L, k, after, m, out, 'citation');
  // docutils: a target's underscore is followed by neither a space nor the end of the line (else a comment).
  if (rest.startsWith('_') && rest.length > 1 && rest[1] !== ' ') {
    if (rest.startsWith('__:') && /^__:( +|$)/.test(rest)) return target(p, L, k, after + 3, out, true);
    return target(p, L, k, after, out, false);
  }
  if ((m = RE.substitution.exec(rest))) return substitution(p, L, k, after, m, out);
  if ((m = RE.directive.exec(rest))) {
    const r = directive(p, L, k, after, m);
    out.push(r.block);
    return r;
  }
  return comment(p, L, k, after, out);
}

function comment(p: BlockState, L: VLine[], k: number, after: number, out: Block[]): ExplicitResult {
  const l = L[k];
  const next = L[k + 1];
  if (after >= p.lineSpan(l).end && (!next || next.blank)) {
    out.push({ kind: 'comment', start: l.textStart, end: l.end, line: l.n, endLine: l.n, text: '' });
    return { next: k + 1, blankFinish: true };
  }
  const b = p.indented(L, k, after);
  const s = p.blockSpan(b.lines, l);
  const lines = b.lines.filter((x) => !x.blank || true);
  out.push({ kind: 'comment', start: l.textStart, end: s.end, line: s.line, endLine: s.endLine, text: trimLines(p, lines).join('\n') });
  return { next: b.next, blankFinish: b.blankFinish };
}

function trimLines(p: BlockState, lines: VLine[]): string[] {
  const t = lines.map((x) => p.text.slice(x.start, x.end));
  while (t.length && !t[t.length - 1].trim()) t.pop();
  while (t.length && !t[0].trim()) t.shift();
  return t;
}

function note(p: BlockState, L: VLine[], k: number, after: number, m: RegExpExecArray, out: Block[], kind: 'footnote' | 'citation'): ExplicitResult {
  const l = L[k];
  const labelSpan = { start: after + 1, end: after + 1 + m[1].length };
  const b = p.indented(L, k, after + m[0].length);
  const body = p.parseBody(b.lines, false);
  const s = p.blockSpan(b.lines, l);
  if (kind === 'footnote') out.push({ kind, start: l.textStart, end: s.end, line: s.line, endLine: s.endLine, label: m[1], labelSpan, body });
  else out.push({ kind, start: l.textStart, end: s.end, line: s.line, endLine: s.endLine, label: m[1], refname: normalizeName(m[1]), labelSpan, body });
  return { next: b.next, blankFinish: b.blankFinish };
}

/** `.. _name: link`, `.. __: link`, `__ link`. */
/**
 * The name of a hyperlink target in the text after its leading underscore, as docutils' target pattern reads
 * it: `name:` or `` `phrase`: `` (one space allowed before the colon), the colon followed by a space or the
 * end, backslash escapes kept. `start` is the name's offset in `body`; `end` the offset just past the colon.
 */
function targetName(body: string): { name: string; start: number; end: number } | undefined {
  if (body.startsWith('`')) {
    for (let i = 1; i < body.length; i++) {
      if (body[i] === '\\') i++;
      else if (body[i] === '`') {
        const colon = body[i + 1] === ':' ? i + 1 : body[i + 1] === ' ' && body[i + 2] === ':' ? i + 2 : -1;
        if (colon < 0 || (colon + 1 < body.length && body[colon + 1] !== ' ')) continue;
        const name = body.slice(1, i);
        return name.trim() ? { name, start: 1, end: colon + 1 } : undefined;
      }
    }
    return undefined;
  }
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') i++;
    else if (body[i] === ':' && (i + 1 >= body.length || body[i + 1] === ' ')) {
      // The name ends before one optional space, with neither white space nor an unescaped colon: the colons
      // of `Framework :: Pelican :: Plugins:` are part of its name; `a  :` and `a ::` end none.
      const last = body[i - 1] === ' ' ? i - 2 : i - 1;
      if (last < 0 || body[last] === ' ' || body[last] === '\t' || (body[last] === ':' && body[last - 1] !== '\\')) continue;
      const name = body.slice(0, i);
      return name.trim() ? { name, start: 0, end: i + 1 } : undefined;
    }
  }
  return undefined;
}

function target(p: BlockState, L: VLine[], k: number, after: number, out: Block[], anonymous: boolean): ExplicitResult {
  const l = L[k];
  // docutils' `hyperlink_target`: the link ends at the first blank line; indented text after it is a quote.
  const b = p.indented(L, k, after, undefined, true);
  const s = p.blockSpan(b.lines, l);
  const first = p.text.slice(after, l.end);
  let name = '';
  let nameSpan: Span = { start: after, end: after };
  let linkStart = after;
  if (!anonymous) {
    // After the leading underscore: `name:` or `` `phrase`: ``, with backslash escapes.
    const found = targetName(first.slice(1));
    if (!found) {
      // docutils joins the block's lines until its target pattern matches; when none does, the target is
      // malformed (a warning, and the block is dropped). A name that spans lines is not read as a target here.
      let joined = first.slice(1);
      let spans = false;
      for (const x of b.lines.slice(1)) {
        if (x.blank) break;
        joined += p.text.slice(x.start, x.end);
        if (targetName(joined)) {
          spans = true;
          break;
        }
      }
      if (!spans) p.problem('rst.malformed-target', 'malformed hyperlink target.', { start: l.textStart, end: l.end });
      return comment(p, L, k, after, out);
    }
    name = found.name;
    nameSpan = { start: after + 1 + found.start, end: after + 1 + found.start + found.name.length };
    const end = found.end;
    linkStart = after + 1 + end;
  }
  // The link block: the rest of the first line and the indented lines.
  const parts: { text: string; start: number }[] = [{ text: p.text.slice(linkStart, l.end), start: linkStart }];
  for (const x of b.lines.slice(1)) if (!x.blank) parts.push({ text: p.text.slice(x.textStart, x.end), start: x.textStart });
  const joined = parts.map((x) => x.text.trim()).join(' ').trim();
  const firstNonEmpty = parts.find((x) => x.text.trim());
  const lastNonEmpty = [...parts].reverse().find((x) => x.text.trim());
  const uriSpan = firstNonEmpty
    ? { start: firstNonEmpty.start + (firstNonEmpty.text.length - firstNonEmpty.text.trimStart().length), end: lastNonEmpty!.start + lastNonEmpty!.text.trimEnd().length }
    : undefined;
  const cleanName = name.replace(/\\(.)/g, '$1');
  const block: Block = {
    kind: 'target',
    start: l.textStart,
    end: s.end,
    line: s.line,
    endLine: s.endLine,
    name: cleanName,
    refname: anonymous ? '' : normalizeName(cleanName),
    nameSpan,
    anonymous,
  };
  if (joined) {
    if (RE.refname.test(joined) && !joined.endsWith('\\_')) {
      let ref = joined.slice(0, -1);
      if (ref.startsWith('`')) ref = ref.slice(1, -1);
      block.indirect = normalizeName(ref.replace(/\\(.)/g, '$1'));
      block.uriSpan = uriSpan;
    } else {
      block.uri = joined.replace(/\s+/g, '').replace(/\\(.)/g, '$1');
      block.uriSpan = uriSpan;
    }
  }
  out.push(block);
  return { next: b.next, blankFinish: b.blankFinish };
}

/** docutils' SubstitutionDef state: the embedded directive must have `::` right after its name (no space). */
const EMBEDDED_DIRECTIVE = new RegExp(String.raw`^(${SIMPLENAME})::([ ]+|$)`, 'u');

/**
 * Directives whose result is not inline (docutils moves it out of the substitution definition, which is
 * then empty and discarded). Directives not listed here (image, replace, unicode, date, raw, graphviz,
 * those of extensions) are taken as valid.
 */
const NOT_INLINE = new Set(
  (
    'attention caution danger error hint important note tip warning admonition figure topic sidebar line-block ' +
    'parsed-literal code code-block sourcecode math rubric epigraph highlights pull-quote compound container table ' +
    'csv-table list-table contents sectnum section-numbering header footer target-notes class role default-role title ' +
    'meta toctree versionadded versionchanged deprecated versionremoved seealso centered hlist only ifconfig ' +
    'tabularcolumns acks glossary productionlist sectionauthor moduleauthor codeauthor highlight literalinclude todo ' +
    'todolist rst-class default-domain currentmodule program'
  ).split(' '),
);

/** Codes of the problems that make a directive return an error instead of its nodes. */
const DIRECTIVE_FAILURE = new Set(['rst.unknown-directive', 'rst.directive-error', 'rst.content-expected', 'rst.directive-no-blank-line']);

function substitution(p: BlockState, L: VLine[], k: number, after: number, m: RegExpExecArray, out: Block[]): ExplicitResult {
  const l = L[k];
  const name = m[1];
  const nameSpan = { start: after + 1, end: after + 1 + name.length };
  const dirStart = after + m[0].length;
  const b = p.indented(L, k, dirStart);
  const s = p.blockSpan(b.lines, l);
  const block: SubstitutionDefBlock = {
    kind: 'substitutionDef',
    start: l.textStart,
    end: s.end,
    line: s.line,
    endLine: s.endLine,
    name,
    refname: normalizeName(name.replace(/\\(.)/g, '$1')),
    nameSpan,
  };
  out.push(block);
  const whole = { start: l.textStart, end: s.end };
  const invalid = (message: string) => {
    block.invalid = true;
    p.problem('rst.substitution-invalid', message, whole);
  };
  // docutils' substitution_def: the contents start after the name, or on the next line when nothing follows it.
  const first = b.lines[0];
  let at: number | undefined = first && !first.blank ? first.textStart : undefined;
  let lineIndex = k;
  if (at === undefined && b.lines.length > 1 && b.lines.slice(1).some((x) => !x.blank)) {
    if (!b.lines[1].blank) {
      at = b.lines[1].textStart;
      lineIndex = k + 1;
    } else {
      // A blank line first: docutils parses the rest as body elements, none of them inline.
      invalid(`Substitution definition "${name}" empty or invalid.`);
      return { next: b.next, blankFinish: b.blankFinish };
    }
  }
  if (at === undefined) {
    invalid(`Substitution definition "${name}" missing contents.`);
    return { next: b.next, blankFinish: b.blankFinish };
  }
  const dm = EMBEDDED_DIRECTIVE.exec(p.text.slice(at, L[lineIndex].end));
  if (!dm) {
    invalid(`Substitution definition "${name}" empty or invalid.`);
    return { next: b.next, blankFinish: b.blankFinish };
  }
  const before = p.problems.length;
  const r = directive(p, L, lineIndex, at, dm);
  block.directive = r.block;
  const spec = p.registry.directive(r.block.name, p.defaultDomain);
  const d = r.block;
  // The directive's own errors (not those of the body elements in its content) make it return no node.
  const failed = p.problems.slice(before).some((x) => DIRECTIVE_FAILURE.has(x.code) && (!d.body || !d.content || x.start < d.content.start));
  let notInline = !spec || failed || (!spec.loose && NOT_INLINE.has(spec.name));
  if (spec && !spec.loose && spec.name === 'replace' && !failed && d.body) {
    // docutils' Replace: the content must be a single paragraph.
    if (d.body.length !== 1 || d.body[0].kind !== 'paragraph') {
      p.problem('rst.directive-error', `Error in "${d.name}" directive: may contain a single paragraph only.`, d.content ?? d, { data: { directive: d.name } });
      notInline = true;
    }
  }
  if (notInline) invalid(`Substitution definition "${name}" empty or invalid.`);
  return { next: r.next, blankFinish: r.blankFinish };
}
