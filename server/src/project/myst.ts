/**
 * What a Sphinx build takes from a MyST Markdown document (a `.md` source of a project that loads
 * `myst_parser`): the labels a `:ref:` elsewhere can name and the documents its toctrees list. Not a
 * Markdown parser: it follows the block structure those depend on, as MyST-Parser and mdit-py-plugins read it:
 *
 * - `(name)=` alone on a line (less than four columns indented) is a target; its name is normalised as docutils'
 *   `fully_normalize_name` (MyST's `render_myst_target`), and a heading right after it gives the label its title;
 * - a fence (three or more backquotes or tildes, or colons for `colon_fence`) whose info is `{name}` is a
 *   directive: its `:name:` option (or `name:` in a `---` block of options) is a label, its Markdown content is
 *   read on; `{eval-rst}` content is reStructuredText (its `.. _name:` targets are labels); `{toctree}` lists
 *   documents; `{glossary}` describes terms (its unindented lines but `.. ` comments, as Sphinx's Glossary reads
 *   them, each up to a ` : ` classifier); any other fence is code, where nothing counts;
 * - a heading outside every fence (ATX `#`, or setext after a blank line) is a section title: its depth is the
 *   number of headings of a lower level around it, as MyST nests its sections (sphinx.ext.autosectionlabel's
 *   labels, `MystSummary.headings`);
 * - YAML front matter at the very start is skipped.
 */
import { normalizeName } from '../rst/text';
import type { Span } from '../rst/types';

export interface MystLabel {
  name: string;
  /** The name as written, in the document. */
  span: Span;
  /** The heading the target stands before, when it does. */
  title?: string;
}

export interface MystToctree {
  /** The entries as written (a docname, `Title <docname>`, a glob pattern, `self`, a URL). */
  entries: string[];
  glob: boolean;
}

/** A section title: its text as `astext()` gives it (markup dropped, roughly) and the sections around it. */
export interface MystHeading {
  title: string;
  /** 0 for the document's title (no heading of a lower level before it), 1 below it, and so on. */
  depth: number;
}

export interface MystSummary {
  labels: MystLabel[];
  /** The section titles, in order. */
  headings: MystHeading[];
  toctrees: MystToctree[];
  /** The terms of its `{glossary}` directives: the text as `astext()` gives it (markup dropped, roughly), the span as written. */
  terms: MystLabel[];
  /** The first heading: what `:doc:` shows. */
  title?: string;
}

// Every pattern here runs in time linear in the line: no lazy group is followed by a repeated class it overlaps
// (a lazy `(.*?)[ \t]*$` takes time that grows with the square of a line of spaces).
const FENCE = /^( {0,3})(`{3,}|~{3,}|:{3,})(.*)$/;
const ATX = /^ {0,3}#{1,6}(?=[ \t]|$)/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const RST_TARGET = /^[ \t]*\.\.[ \t]+_(`[^`]+`|[^`:][^:]*):[ \t]*$/;
const OPTION = /^[ \t]*:([\w-]+):(?:[ \t](.*))?$/;
const YAML_NAME = /^[ \t]*name[ \t]*:(.*)$/;

/** An ATX heading's text: after its `#`s, without the closing `#` sequence (CommonMark). */
function atxText(line: string, marker: number): string {
  let text = line.slice(marker).trim();
  const hashes = /#+$/.exec(text);
  if (hashes && (hashes.index === 0 || text[hashes.index - 1] === ' ' || text[hashes.index - 1] === '\t')) text = text.slice(0, hashes.index).trimEnd();
  return text;
}

/** A heading's text without its inline markup, near enough to docutils' `astext()` of the title MyST makes. */
function headingText(text: string): string {
  if (text.length > 1000) return text;
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/\*\*(?=\S)([^*]+)(?<=\S)\*\*|\*(?=\S)([^*]+)(?<=\S)\*/g, (_m, a: string | undefined, b: string | undefined) => a ?? b ?? '')
    .replace(/(?<![\w\\])__?(?=\S)([^_]+)(?<=\S)__?(?!\w)/g, '$1')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

interface Fence {
  char: string;
  len: number;
  /** `md`: Markdown content (a directive); `rst`: reStructuredText (`{eval-rst}`); `code`: nothing counts. */
  body: 'md' | 'rst' | 'code';
  /** The directive's name, for a `{name}` fence. */
  directive?: string;
  /** Reading the directive's options (the lines right after the opening). */
  options: 'none' | 'colon' | 'yaml' | 'done';
  glob: boolean;
  toctree?: MystToctree;
}

export function summarizeMyst(text: string): MystSummary {
  const labels: MystLabel[] = [];
  const toctrees: MystToctree[] = [];
  const terms: MystLabel[] = [];
  const headings: MystHeading[] = [];
  /** The levels of the headings around the current line. */
  const open: number[] = [];
  let title: string | undefined;
  const lines: { start: number; text: string }[] = [];
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lines.push({ start, text: text.slice(start, end).replace(/\r$/, '') });
    start = end + 1;
  }
  let i = 0;
  // Front matter: `---` on the first line, up to the next `---` or `...`.
  if (lines[0]?.text.trimEnd() === '---') {
    let j = 1;
    while (j < lines.length && !/^(---|\.\.\.)\s*$/.test(lines[j].text)) j++;
    if (j < lines.length) i = j + 1;
  }
  const stack: Fence[] = [];
  /** Targets waiting for what follows them (a heading gives them a title). */
  let pending: MystLabel[] = [];
  let level = 0;
  const headingAt = (k: number): string | undefined => {
    const l = lines[k].text;
    const atx = ATX.exec(l);
    if (atx) {
      level = atx[0].trim().length;
      return atxText(l, atx[0].length);
    }
    const next = lines[k + 1]?.text;
    if (next !== undefined && l.trim() && !/^ {4}/.test(l) && SETEXT.test(next)) {
      level = next.trim()[0] === '=' ? 1 : 2;
      return l.trim();
    }
    return undefined;
  };
  for (; i < lines.length; i++) {
    const { start, text: line } = lines[i];
    const top = stack[stack.length - 1];
    if (top && top.body !== 'md') {
      if (closes(top, line)) {
        stack.pop();
        continue;
      }
      if (top.body === 'rst') {
        const m = RST_TARGET.exec(line);
        if (m) {
          let name = m[1];
          let at = line.indexOf('_' + name) + 1;
          if (name.startsWith('`') && name.endsWith('`') && name.length > 2) {
            name = name.slice(1, -1);
            at++;
          }
          labels.push({ name: normalizeName(name.replace(/\\(.)/g, '$1')), span: { start: start + at, end: start + at + name.length } });
        }
      } else if (top.toctree || top.options !== 'done') {
        readDirectiveLine(top, line, start, labels);
      }
      continue;
    }
    if (top && top.options !== 'done') {
      // A Markdown directive's option lines come first.
      if (closes(top, line)) {
        stack.pop();
        continue;
      }
      if (readDirectiveLine(top, line, start, labels)) continue;
    }
    if (top && closes(top, line)) {
      stack.pop();
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence && !(fence[2][0] === '`' && fence[3].includes('`'))) {
      const info = fence[3].trim();
      const name = /^\{([^}\s]+)\}/.exec(info)?.[1];
      const body: Fence['body'] = name === 'eval-rst' ? 'rst' : name === undefined || fence[2][0] === ':' && !name ? 'code' : CODE_DIRECTIVES.has(name) ? 'code' : 'md';
      const f: Fence = { char: fence[2][0], len: fence[2].length, body, directive: name, options: name && name !== 'eval-rst' ? 'none' : 'done', glob: false };
      if (name === 'toctree') {
        f.toctree = { entries: [], glob: false };
        f.body = 'code';
        toctrees.push(f.toctree);
      }
      // A colon fence without a directive name is plain text in MyST: its lines are read as Markdown.
      if (fence[2][0] === ':' && !name) continue;
      stack.push(f);
      if (pending.length) pending = [];
      continue;
    }
    if (top?.directive === 'glossary' && /^\S/.test(line) && !line.startsWith('.. ')) {
      // Sphinx's Glossary reads the lines itself: an unindented one is a term, up to ` : ` (a classifier).
      const colon = line.indexOf(' : ');
      const term = (colon < 0 ? line : line.slice(0, colon)).trimEnd();
      terms.push({ name: headingText(term), span: { start, end: start + term.length } });
      continue;
    }
    const trimmed = line.trim();
    if (!/^ {4}/.test(line) && trimmed.length > 3 && trimmed.startsWith('(') && trimmed.endsWith(')=')) {
      const raw = trimmed.slice(1, -2);
      const at = start + line.indexOf('(') + 1;
      const label = { name: normalizeName(raw), span: { start: at, end: at + raw.length } };
      labels.push(label);
      pending.push(label);
      continue;
    }
    if (!trimmed) continue;
    const heading = headingAt(i);
    if (heading !== undefined) {
      for (const p of pending) p.title = heading;
      if (title === undefined) title = heading;
      // A setext heading's text may be the last line of a paragraph: only one after a blank line is taken.
      const setext = !ATX.test(line);
      if (!stack.length && (!setext || i === 0 || !lines[i - 1].text.trim())) {
        while (open.length && open[open.length - 1] >= level) open.pop();
        headings.push({ title: headingText(heading), depth: open.length });
        open.push(level);
      }
      if (setext) i++;
    }
    pending = [];
  }
  return { labels, headings, toctrees, terms, title };
}

/** Directives whose content MyST does not read as Markdown. */
const CODE_DIRECTIVES = new Set([
  'code', 'code-block', 'code-cell', 'sourcecode', 'literalinclude', 'math', 'raw', 'graphviz', 'digraph', 'graph',
  'mermaid', 'csv-table', 'parsed-literal', 'highlight', 'include', 'productionlist', 'autodoc', 'automodule',
  'autoclass', 'autofunction',
]);

function closes(f: Fence, line: string): boolean {
  const m = /^ {0,3}(`{3,}|~{3,}|:{3,})[ \t]*$/.exec(line);
  return !!m && m[1][0] === f.char && m[1].length >= f.len;
}

/**
 * A line of a directive's options or of a toctree's body; true when it was an option line (or a line of the
 * `---` block).
 */
function readDirectiveLine(f: Fence, line: string, start: number, labels: MystLabel[]): boolean {
  if (f.options === 'none') {
    if (line.trim() === '---') {
      f.options = 'yaml';
      return true;
    }
    f.options = 'colon';
  }
  if (f.options === 'yaml') {
    if (line.trim() === '---') {
      f.options = 'done';
      return true;
    }
    const m = YAML_NAME.exec(line);
    let value = m ? m[1].trim() : '';
    if (value.length > 1 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) value = value.slice(1, -1);
    if (value) {
      const at = line.indexOf(value, line.indexOf('name'));
      labels.push({ name: normalizeName(value), span: { start: start + at, end: start + at + value.length } });
    }
    if (f.toctree && /^[ \t]*glob[ \t]*:[ \t]*(true|yes)?[ \t]*$/i.test(line)) f.toctree.glob = true;
    return true;
  }
  if (f.options === 'colon') {
    const m = OPTION.exec(line);
    if (m) {
      const value = m[2]?.trim();
      if (m[1] === 'name' && value) {
        const at = line.indexOf(value, line.indexOf(':name:') + 6);
        labels.push({ name: normalizeName(value), span: { start: start + at, end: start + at + value.length } });
      }
      if (f.toctree && m[1] === 'glob') f.toctree.glob = true;
      return true;
    }
    f.options = 'done';
  }
  if (f.toctree && line.trim()) f.toctree.entries.push(line.trim());
  return false;
}
