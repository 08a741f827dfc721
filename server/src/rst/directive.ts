/**
 * Directives as docutils' `Body.directive` reads them: the name, the argument, option and content blocks
 * split by the directive's spec (docutils' argument/option/content rules), options checked by type, and the
 * few directives whose content is parsed here (glossary, csv-table).
 */
import type { BlockState, VLine } from './blockState';
import { domainSetBy, type DirectiveSpec, type OptionType } from './registry';
import { closest } from './text';
import { titleText } from './sections';
import { parseCsvFile, parseCsvTable } from './csvTable';
import type { DefinitionItem, DirectiveBlock, DirectiveContent, DirectiveOption, GlossaryTerm, LineBlockBlock, LineBlockLine, Span } from './types';

/** Where an explicit markup construct ended, and whether a blank line ended it. */
export interface ExplicitResult {
  next: number;
  blankFinish: boolean;
}

/** Directives whose argument is text with inline markup (Sphinx and docutils parse it as such). */
const TEXT_ARGUMENT = new Set([
  'admonition',
  'topic',
  'sidebar',
  'rubric',
  'seealso',
  'centered',
  'table',
  'list-table',
  'csv-table',
  'versionadded',
  'versionchanged',
  'deprecated',
  'versionremoved',
]);

const FIELD = /^:(?![: ])((?:[^:\\]|\\.|:(?!([ `]|$)))*)(?<! ):( +|$)/;

export interface DirectiveResult extends ExplicitResult {
  block: DirectiveBlock;
}

export function directive(p: BlockState, L: VLine[], k: number, at: number, m: RegExpExecArray): DirectiveResult {
  const l = L[k];
  const rawName = m[1];
  const name = rawName.toLowerCase();
  const nameSpan = { start: at, end: at + rawName.length };
  const b = p.indented(L, k, at + m[0].length);
  const s = p.blockSpan(b.lines, l);
  const block: DirectiveBlock = { kind: 'directive', start: l.textStart, end: s.end, line: s.line, endLine: s.endLine, name, nameSpan, argument: '', options: [] };
  const done = { next: b.next, blankFinish: b.blankFinish, block };
  const spec = p.registry.directive(name, p.defaultDomain);
  if (!spec) {
    const extension = p.registry.unloadedExtension?.(name);
    const suggestion = extension ? undefined : p.registry.suggestDirective(name);
    p.problem(
      'rst.unknown-directive',
      `Unknown directive type "${rawName}".` +
        (extension ? ` It comes with the extension ${extension}, which conf.py does not load.` : suggestion ? ` Did you mean "${suggestion}"?` : ''),
      nameSpan,
      { data: suggestion ? { name: rawName, suggestion } : extension ? { name: rawName, extension } : { name: rawName } },
    );
    // Keep the extent so that other features see the block, but do not interpret it.
    block.unknown = true;
    const content = contentOf(b.lines.slice(1));
    if (content) block.content = content;
    return done;
  }

  // docutils' parse_directive_block.
  let lines = b.lines.slice();
  if (lines.length && lines[0].blank) lines = lines.slice(1);
  while (lines.length && lines[lines.length - 1].blank) lines.pop();
  const takesArgs = spec.required + spec.optional > 0;
  const hasOptionSpec = spec.options === undefined || Object.keys(spec.options).length > 0;
  let argBlock: VLine[] = [];
  let content: VLine[];
  let i = lines.length;
  if (lines.length && (takesArgs || hasOptionSpec)) {
    i = lines.findIndex((x) => x.blank);
    if (i < 0) i = lines.length;
    argBlock = lines.slice(0, i);
    content = lines.slice(i + 1);
  } else {
    content = lines;
  }
  // A bad option or argument is docutils' MarkupError: the directive never runs, so its content is neither
  // checked ("no content permitted", "Content block expected") nor parsed (redis-py's `.. code:: python` with its
  // code right under it: one error, not two).
  const before = p.problems.length;
  if (hasOptionSpec) {
    const oi = argBlock.findIndex((x) => FIELD.test(p.text.slice(x.textStart, x.end)) && x.indent === 0);
    if (oi >= 0) {
      const optBlock = argBlock.slice(oi);
      argBlock = argBlock.slice(0, oi);
      parseOptions(p, block, spec, optBlock);
      block.options = block.options.slice(); // exact length: see `parseBody`
    }
  }
  if (argBlock.length && !takesArgs) {
    content = [...argBlock, ...lines.slice(i)];
    argBlock = [];
  }
  while (content.length && content[0].blank) content = content.slice(1);

  if (takesArgs && !spec.loose) checkArguments(p, block, spec, argBlock, l, content.length > 0);
  else if (argBlock.length) setArgument(p, block, argBlock);
  if (block.argumentSpan && TEXT_ARGUMENT.has(name)) block.argumentInlines = p.inline(block.argumentSpan.start, block.argumentSpan.end, argBlock);
  // Sphinx's DefaultDomain: the domain of unprefixed names from here to the end of the document, or the next one.
  const domain = spec.loose ? undefined : domainSetBy(block);
  if (domain) p.defaultDomain = domain;

  let failed = false;
  for (let k = before; k < p.problems.length && !failed; k++) failed = p.problems[k].code === 'rst.directive-error' || p.problems[k].code === 'rst.directive-no-blank-line';
  if (failed) {
    if (content.length) block.content = contentOf(content);
  } else if (content.length) {
    block.content = contentOf(content);
    if (spec.loose && spec.body !== 'rst') block.opaque = true;
    if (spec.content === 'none') {
      p.problem('rst.directive-error', `Error in "${rawName}" directive: no content permitted.`, spanOf(p, content), { data: { directive: name } });
    } else if (!spec.loose && spec.name === 'glossary') {
      glossary(p, block, content);
    } else if (!spec.loose && spec.name === 'csv-table') {
      if (!block.options.some((o) => o.name === 'file' || o.name === 'url')) {
        const table = parseCsvTable(p, block, content);
        if (table) block.body = [table];
      }
    } else if (!spec.loose && spec.name === 'parsed-literal') {
      // docutils' ParsedLiteral: the dedented content is one literal block whose text is read as inline markup.
      let z = content.length;
      while (z > 0 && content[z - 1].blank) z--;
      if (z > 0) block.contentInlines = p.inline(content[0].start, Math.max(content[0].start, content[z - 1].end), content, 0, z);
    } else if (!spec.loose && spec.name === 'line-block') {
      block.body = [lineBlockDirective(p, content)];
    } else if (spec.body === 'rst' && !(spec.notRstWith && block.options.some((o) => o.name === spec.notRstWith))) {
      const text = spec.leadingFields ? afterLeadingFields(p, content) : spec.tagFilteredLines ? tagFiltered(p, content) : content;
      if (spec.cardParts) block.body = cardParts(p, text).flatMap((part) => p.parseBody(part, false));
      else block.body = spec.titles ? p.parseNestedTitles(text, spec.name === 'only') : p.parseBody(text, false);
    }
  } else if (!spec.loose && spec.name === 'csv-table' && p.readFile) {
    // `:file:`: docutils reads the file's cells as the content's, parsed in the document.
    const file = block.options.find((o) => o.name === 'file');
    const text = file && !block.options.some((o) => o.name === 'url') ? p.readFile(file.value.trim()) : undefined;
    const table = text !== undefined && file ? parseCsvFile(p, block, file, text) : undefined;
    if (table) block.body = [table];
  } else if (spec.content === 'required') {
    p.problem('rst.content-expected', `Content block expected for the "${rawName}" directive; none found.`, { start: l.textStart, end: p.lineSpan(l).end });
  }
  return done;
}

/**
 * A sphinx-design card's content in its parts (sphinx_design/cards.py, `split_content`): the lines above its first
 * `^^^` line (the header), those below its last `+++` line (the footer), and the body between.
 */
function cardParts(p: BlockState, lines: VLine[]): VLine[][] {
  const text = (l: VLine) => p.text.slice(l.start, l.end);
  const header = lines.findIndex((l) => /^\^{3,}\s*$/.test(text(l)));
  let footer = -1;
  for (let i = lines.length - 1; i > header; i--) {
    if (/^\+{3,}\s*$/.test(text(lines[i]))) {
      footer = i;
      break;
    }
  }
  const end = footer < 0 ? lines.length : footer;
  return [header < 0 ? [] : lines.slice(0, header), lines.slice(header + 1, end), footer < 0 ? [] : lines.slice(footer + 1)].filter((part) => part.length);
}

/**
 * The content as esp-docs' `list` reads it (`ListFilter.filter_entry`, `^\s*:(.+?):\s*(.+)$`): a line written
 * `:tags: text` is `text`, from the margin; the build keeps it when the tags hold, which only the build knows.
 */
function tagFiltered(p: BlockState, content: VLine[]): VLine[] {
  return content.map((l) => {
    const m = l.blank ? null : /^:.+?:[ \t]*(?=\S)/.exec(p.text.slice(l.textStart, l.end));
    return m ? p.startingAt(l, l.textStart + m[0].length) : l;
  });
}

/**
 * The content after the `:name: value` lines a directive reads itself (the changelog extension's
 * `_parse_content`): lines matching ` *:(.+?):` are fields, a first line that is not one is skipped too (text
 * written after `::`), and the line that ends them (blank or not) is not part of the text.
 */
function afterLeadingFields(p: BlockState, content: VLine[]): VLine[] {
  for (let k = 0; k < content.length; k++) {
    const t = content[k].blank ? '' : p.text.slice(content[k].textStart, content[k].end);
    if (/^:.+?:/.test(t)) continue;
    if (k === 0 && t) continue;
    return content.slice(k + 1);
  }
  return [];
}

/**
 * Sphinx's Glossary: its own reading of the content, line by line. Unindented lines are terms (several in
 * a row share one definition), indented lines the definition, `.. ` lines comments; each definition is
 * then parsed as a body. The result is one definition list (an item per term) and `glossaryTerms`.
 */
function glossary(p: BlockState, block: DirectiveBlock, content: VLine[]): void {
  const entries: { terms: VLine[]; definition: VLine[] }[] = [];
  let inDefinition = true;
  let inComment = false;
  let wasEmpty = true;
  let indentLen = 0;
  const warn = (code: string, message: string, l: VLine) => p.problem(code, message, p.lineSpan(l));
  for (const l of content) {
    if (l.blank) {
      if (inDefinition && entries.length) entries[entries.length - 1].definition.push(l);
      wasEmpty = true;
      continue;
    }
    if (l.indent === 0) {
      if (p.text.startsWith('.. ', l.textStart)) {
        inComment = true;
        continue;
      }
      inComment = false;
      if (inDefinition) {
        if (!wasEmpty) warn('sphinx.glossary-no-blank-before-term', 'glossary term must be preceded by empty line', l);
        entries.push({ terms: [l], definition: [] });
        inDefinition = false;
      } else {
        if (wasEmpty) warn('sphinx.glossary-blank-between-terms', 'glossary terms must not be separated by empty lines', l);
        entries[entries.length - 1].terms.push(l);
      }
    } else if (!inComment) {
      if (!inDefinition) {
        // The first line of a definition sets the indentation removed from all of its lines.
        inDefinition = true;
        indentLen = l.indent;
      }
      if (entries.length) entries[entries.length - 1].definition.push(p.shift(l, Math.min(indentLen, l.indent)));
      else warn('sphinx.glossary-misformatted', 'glossary seems to be misformatted, check indentation', l);
    }
    wasEmpty = false;
  }
  const terms: GlossaryTerm[] = [];
  const items: DefinitionItem[] = [];
  entries.forEach((entry, e) => {
    const body = entry.definition.length ? p.parseBody(entry.definition, false) : [];
    const defSpan = p.blockSpan(entry.definition);
    entry.terms.forEach((l, t) => {
      const span = p.lineSpan(l);
      const { term, classifiers } = splitTermClassifiers(p.text.slice(span.start, span.end));
      const termSpan = { start: span.start, end: span.start + term.length };
      const inlines = p.inline(termSpan.start, termSpan.end, [l]);
      // Sphinx names the term by its text, markup left out: bind9's ```` ``ip_address`` ```` is `:term:`ip_address``.
      const name = titleText(inlines).trim() || term;
      terms.push({ name, span: termSpan, inlines, ...(classifiers.length ? { classifier: classifiers[0] } : {}), entry: e });
      const last = t === entry.terms.length - 1 && entry.definition.some((x) => !x.blank);
      items.push({
        start: span.start,
        end: last ? Math.max(span.end, defSpan.end) : span.end,
        line: l.n,
        endLine: last ? Math.max(l.n, defSpan.endLine) : l.n,
        term,
        termSpan,
        termInlines: inlines,
        classifiers,
        body: t === entry.terms.length - 1 ? body : [],
      });
    });
  });
  block.glossaryTerms = terms;
  if (items.length) {
    const first = items[0];
    const last = items[items.length - 1];
    block.body = [{ kind: 'definitionList', start: first.start, end: last.end, line: first.line, endLine: last.endLine, items: items.slice() }];
  } else block.body = [];
}

/** Sphinx's `split_term_classifiers`: the line split at ` : ` (spaces around the colon), without a regex. */
function splitTermClassifiers(line: string): { term: string; classifiers: string[] } {
  const parts: string[] = [];
  let from = 0;
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') {
      let j = i;
      while (j < line.length && line[j] === ' ') j++;
      if (line[j] === ':' && line[j + 1] === ' ') {
        parts.push(line.slice(from, i));
        let e = j + 1;
        while (e < line.length && line[e] === ' ') e++;
        from = e;
        i = e;
        continue;
      }
      i = j;
    } else i++;
  }
  parts.push(line.slice(from));
  return { term: parts[0], classifiers: parts.slice(1) };
}

/**
 * docutils' LineBlock directive: every content line (blank ones too) is a line of the block, its text read as
 * inline markup, its indentation (beyond the content's) its nesting.
 */
function lineBlockDirective(p: BlockState, content: VLine[]): LineBlockBlock {
  let z = content.length;
  while (z > 0 && content[z - 1].blank) z--;
  const lines: LineBlockLine[] = [];
  for (let k = 0; k < z; k++) {
    const l = content[k];
    const start = l.blank ? l.start : l.textStart;
    lines.push({ start, end: Math.max(start, l.end), indent: l.blank ? 0 : l.indent, inlines: l.blank ? [] : p.inline(l.textStart, l.end, content, k, k + 1) });
  }
  const s = p.blockSpan(content.slice(0, z));
  return { kind: 'lineBlock', start: s.start, end: s.end, line: s.line, endLine: s.endLine, lines };
}

function spanOf(p: BlockState, lines: VLine[]): Span {
  const s = p.blockSpan(lines);
  return { start: s.start, end: s.end };
}

function contentOf(lines: VLine[]): DirectiveContent | undefined {
  let a = 0;
  let z = lines.length;
  while (a < z && lines[a].blank) a++;
  while (z > a && lines[z - 1].blank) z--;
  if (a >= z) return undefined;
  const first = lines[a];
  const last = lines[z - 1];
  return { start: first.start, end: last.end, firstLine: first.n, lastLine: last.n, indent: lines[z - 1].mcol };
}

function setArgument(p: BlockState, block: DirectiveBlock, argBlock: VLine[]): void {
  if (!argBlock.length) return;
  const first = argBlock[0];
  const last = argBlock[argBlock.length - 1];
  block.argument = argBlock.map((x) => p.text.slice(x.textStart, x.end).trim()).join('\n');
  block.argumentSpan = { start: first.textStart, end: p.lineSpan(last).end };
}

function checkArguments(p: BlockState, block: DirectiveBlock, spec: DirectiveSpec, argBlock: VLine[], l: VLine, hasContent: boolean): void {
  setArgument(p, block, argBlock);
  const args = block.argument.split(/\s+/).filter(Boolean);
  const max = spec.required + spec.optional;
  const span = block.argumentSpan ?? { start: block.nameSpan.start, end: p.lineSpan(l).end };
  if (args.length < spec.required) {
    p.problem('rst.directive-error', `Error in "${block.name}" directive: ${spec.required} argument(s) required, ${args.length} supplied.`, span, {
      data: { directive: block.name },
    });
  } else if (args.length > max && !spec.finalWhitespace) {
    const below = argBlock.filter((x) => x.n !== l.n);
    if (below.length > 0 && spec.content !== 'none' && !hasContent) {
      // The content sits right under the directive line: without the blank line docutils reads it as arguments.
      p.problem(
        'rst.directive-no-blank-line',
        `The content of the "${block.name}" directive must be separated from the directive line by a blank line; ` +
          `without it the ${below.length} line(s) below are read as arguments (Error in "${block.name}" directive: maximum ${max} argument(s) allowed, ${args.length} supplied).`,
        { start: block.nameSpan.start, end: p.lineSpan(l).end },
        { data: { directive: block.name, insertBlankLineAfter: l.n } },
      );
    } else {
      p.problem('rst.directive-error', `Error in "${block.name}" directive: maximum ${max} argument(s) allowed, ${args.length} supplied.`, span, {
        data: { directive: block.name },
      });
    }
  }
}

function parseOptions(p: BlockState, block: DirectiveBlock, spec: DirectiveSpec, optBlock: VLine[]): void {
  const seen = new Set<string>();
  let j = 0;
  while (j < optBlock.length) {
    const x = optBlock[j];
    const text = p.text.slice(x.textStart, x.end);
    const m = x.indent === 0 ? FIELD.exec(text) : null;
    if (!m) {
      p.problem('rst.directive-error', `Error in "${block.name}" directive: invalid option block.`, p.lineSpan(x), { data: { directive: block.name } });
      return;
    }
    let e = j + 1;
    while (e < optBlock.length && (optBlock[e].blank || optBlock[e].indent > 0)) e++;
    const nameSpan = { start: x.textStart + 1, end: x.textStart + 1 + m[1].length };
    const valueStart = x.textStart + m[0].length;
    const valueEnd = p.lineSpan(optBlock[e - 1]).end;
    const valueLines = [p.text.slice(valueStart, x.end), ...optBlock.slice(j + 1, e).map((y) => p.text.slice(y.textStart, y.end))];
    const value = valueLines.map((v) => v.trim()).join('\n').trim();
    const opt: DirectiveOption = {
      name: m[1].toLowerCase(),
      nameSpan,
      value,
      valueSpan: { start: Math.min(valueStart, valueEnd), end: Math.max(valueStart, valueEnd) },
      start: x.textStart,
      end: Math.max(valueEnd, nameSpan.end + 1),
    };
    block.options.push(opt);
    j = e;
    if (spec.options === undefined) continue;
    const type = spec.options[opt.name];
    const lineSpan = { start: opt.start, end: opt.end };
    if (type === undefined) {
      const suggestion = closest(opt.name, Object.keys(spec.options));
      p.problem('rst.directive-error', `Error in "${block.name}" directive: unknown option: "${opt.name}".` + (suggestion ? ` Did you mean "${suggestion}"?` : ''), nameSpan, {
        data: { directive: block.name, suggestion },
      });
      continue;
    }
    if (seen.has(opt.name)) {
      p.problem('rst.directive-error', `Error in "${block.name}" directive: duplicate option "${opt.name}".`, lineSpan, { data: { directive: block.name } });
      continue;
    }
    seen.add(opt.name);
    const err = checkOptionValue(type, value);
    if (err) {
      p.problem(
        'rst.directive-error',
        `Error in "${block.name}" directive: invalid option value: (option: "${opt.name}"; value: ${value ? `'${value}'` : 'None'}) ${err}`,
        value ? opt.valueSpan : lineSpan,
        { data: { directive: block.name, option: opt.name, choices: Array.isArray(type) ? type : undefined } },
      );
    }
  }
}

/**
 * docutils' length units: those of 0.19, and CSS3's that 0.22 added (`ch`, `rem`, `vw`, `vh`, `vmin`, `vmax`, `Q`;
 * Sphinx 9 builds with docutils 0.22: its test root test-latex-images-css3-lengths uses them).
 */
const LENGTH_UNITS = ['em', 'ex', 'ch', 'rem', 'vw', 'vh', 'vmin', 'vmax', 'cm', 'mm', 'Q', 'in', 'pt', 'pc', 'px', ''];

/** docutils' option converters: the error text, or undefined when the value is fine. */
export function checkOptionValue(type: OptionType, value: string): string | undefined {
  if (Array.isArray(type)) {
    // A choice list holding '' also takes no value (Sphinx's `:collapsible:`).
    if (!value) return type.includes('') ? undefined : 'argument required but none supplied.';
    const v = value.toLowerCase().trim();
    if (type.includes(v)) return undefined;
    const list = type.filter((c) => c !== '').map((c) => `"${c}"`);
    const choices = list.length > 1 ? `${list.slice(0, -1).join(', ')}, or ${list[list.length - 1]}` : list[0];
    return `"${value}" unknown; choose from ${choices}.`;
  }
  switch (type) {
    case 'flag':
      return value ? `no argument is allowed; "${value}" supplied.` : undefined;
    case 'unchanged':
      return undefined;
    case 'unchanged_required':
    case 'class':
    case 'uri':
    case 'encoding':
      return value ? undefined : 'argument required but none supplied.';
    case 'int':
    case 'nonnegative_int':
    case 'positive_int': {
      if (!/^\s*[-+]?\d+\s*$/.test(value)) return `invalid literal for int() with base 10: '${value}'.`;
      const n = parseInt(value, 10);
      if (type === 'nonnegative_int' && n < 0) return 'negative value; must be positive or zero.';
      if (type === 'positive_int' && n <= 0) return 'negative or zero value; must be positive.';
      return undefined;
    }
    case 'percentage': {
      const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*%?\s*$/.exec(value);
      return m ? undefined : `invalid literal for int() with base 10: '${value}'.`;
    }
    case 'length':
    case 'length_or_percentage': {
      const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z%]*)\s*$/i.exec(value);
      if (!m) return `"${value}" is not a valid length.`;
      // `Q` (a quarter millimetre) is the one unit written in capitals; the others are read in any case, as before.
      const unit = m[2] === 'Q' ? m[2] : m[2].toLowerCase();
      if (LENGTH_UNITS.includes(unit) || (type === 'length_or_percentage' && unit === '%')) return undefined;
      return `"${value}" is not a valid length unit; valid units are ${LENGTH_UNITS.filter(Boolean).map((u) => `"${u}"`).join(', ')}${type === 'length_or_percentage' ? ', "%"' : ''}.`;
    }
  }
  return undefined;
}
