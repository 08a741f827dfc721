/**
 * The `csv-table` directive's content (inline CSV, docutils' csv module rules: delimiter, quote, escape,
 * whitespace, header rows) read into a table block; so is the file `:file:` names when the parser is given a
 * reader (`ParseOptions.readFile`), its cells placed at the option's value. `:url:` is never read.
 */
import type { BlockState, VLine } from './blockState';
import { lineIndex } from '../common/lines';
import type { DirectiveBlock, DirectiveOption, TableBlock, TableCell } from './types';

/** docutils' `unicode_code` and `single_char_or_whitespace_or_unicode`: the character an option names. */
function csvChar(value: string | undefined, fallback: string, whitespace: boolean): string | undefined {
  if (value === undefined) return fallback;
  const v = value.trim();
  if (whitespace && v === 'tab') return '\t';
  if (whitespace && v === 'space') return ' ';
  let ch = v;
  if (/^[0-9]+$/.test(v)) ch = String.fromCodePoint(Math.min(parseInt(v, 10), 0x10ffff));
  else {
    const m = /^(?:0x|x|\\x|U\+?|\\u)([0-9a-f]+)$|^&#x([0-9a-f]+);$/i.exec(v);
    if (m) ch = String.fromCodePoint(Math.min(parseInt(m[1] ?? m[2], 16), 0x10ffff));
  }
  return [...ch].length === 1 ? ch : undefined;
}

/** One CSV field: its text and, per character, the document offsets where the character starts and ends. */
interface CsvField {
  text: string;
  from: number[];
  to: number[];
  start: number;
  end: number;
}

/** A line of CSV text: where it starts and ends in the text, and whether it is blank. */
interface CsvLine {
  start: number;
  end: number;
  blank: boolean;
}

type CsvRead = { rows: CsvField[][] } | { error: { message: string; at: number; line: CsvLine } };

/**
 * The cells of a `csv-table`'s content, read as Python's csv module reads them with docutils' dialect
 * (`strict`, `skipinitialspace` unless `:keepspace:`, `doublequote` unless `:escape:`), each parsed as an RST
 * body with its offsets kept. A CSV error is docutils' error and gives no table.
 */
export function parseCsvTable(p: BlockState, block: DirectiveBlock, content: VLine[]): TableBlock | undefined {
  const read = readCsv(p.text, content, block);
  if (!read) return undefined;
  if ('error' in read) {
    const { error } = read;
    const lineEnd = error.line ? p.lineSpan(error.line as VLine).end : error.at;
    p.problem('rst.directive-error', `Error with CSV data in "${block.name}" directive: ${error.message}`, { start: error.at, end: Math.max(error.at, lineEnd) }, {
      data: { directive: block.name },
    });
    return undefined;
  }
  return csvTableBlock(p, block, p.blockSpan(content), read.rows);
}

/**
 * The cells of the file a `csv-table`'s `:file:` option names (`text`), read and parsed as its content is:
 * docutils parses each cell as RST in the document, so its references, roles and targets are the document's.
 * The file's offsets are not the document's: every node and problem of the cells is placed at the option's
 * value, and so is a CSV error.
 */
export function parseCsvFile(p: BlockState, block: DirectiveBlock, option: DirectiveOption, text: string): TableBlock | undefined {
  const lines: CsvLine[] = [];
  for (const m of text.matchAll(/[^\r\n]*(?:\r\n|\r|\n|$)/g)) {
    if (m.index >= text.length && m[0] === '') break;
    const body = m[0].replace(/[\r\n]+$/, '');
    lines.push({ start: m.index, end: m.index + body.length, blank: !body.trim() });
  }
  // docutils reads the file's lines with their trailing white space; only a final blank line is dropped.
  const read = readCsv(text, lines, block, true);
  const span = option.valueSpan;
  if (!read) return undefined;
  if ('error' in read) {
    p.problem('rst.directive-error', `Error with CSV data in "${block.name}" directive: ${read.error.message}`, span, { data: { directive: block.name } });
    return undefined;
  }
  const rows = read.rows.map((fields) =>
    fields.map((f) => ({ text: f.text, from: f.from.map(() => span.start), to: f.to.map(() => span.end), start: span.start, end: span.end })),
  );
  const starts = p.lines.start;
  const line = lineIndex(p.lines.length, (i) => starts[i], span.start);
  return csvTableBlock(p, block, { start: span.start, end: span.end, line, endLine: line }, rows);
}

/** Python's csv reader over `lines` of `text` with the dialect of `block`'s options; undefined on an option error. */
function readCsv(text: string, content: CsvLine[], block: DirectiveBlock, keepTrailingSpace = false): CsvRead | undefined {
  const opt = (name: string) => block.options.find((o) => o.name === name)?.value;
  const delim = csvChar(opt('delim'), ',', true);
  const quote = csvChar(opt('quote'), '"', false);
  const escapeValue = opt('escape');
  const escape = escapeValue === undefined ? undefined : csvChar(escapeValue, '', false);
  if (delim === undefined || quote === undefined || (escapeValue !== undefined && escape === undefined)) return undefined; // an option error
  const skipSpace = !block.options.some((o) => o.name === 'keepspace');
  const doubleQuote = escape === undefined;

  const rows: CsvField[][] = [];
  let row: CsvField[] = [];
  let field: CsvField | undefined;
  type State = 'startRecord' | 'startField' | 'escaped' | 'afterEscapedCrnl' | 'inField' | 'inQuoted' | 'escapeInQuoted' | 'quoteInQuoted' | 'eatCrnl';
  let state: State = 'startRecord';
  let error: { message: string; at: number; line: CsvLine } | undefined;
  let pending = 0; // offset of the escape character or of the quote that may be doubled
  const open = (at: number): CsvField => (field ??= { text: '', from: [], to: [], start: at, end: at });
  const add = (ch: string, from: number, to: number) => {
    const f = open(from);
    f.text += ch;
    f.from.push(from);
    f.to.push(to);
    f.end = Math.max(f.end, to);
  };
  const save = (at: number) => {
    row.push(field ?? { text: '', from: [], to: [], start: at, end: at });
    field = undefined;
  };
  /** Python's `parse_process_char`; `ch` is a character, '\n' (the line feed) or '' (the end of the line). */
  const step = (ch: string, from: number, to: number, l: CsvLine): void => {
    const nl = ch === '\n';
    const eol = ch === '';
    for (;;) {
      switch (state) {
        case 'startRecord':
          if (eol) return;
          if (nl) {
            state = 'eatCrnl';
            return;
          }
          state = 'startField';
          continue;
        case 'startField':
          if (nl || eol) {
            save(from);
            state = eol ? 'startRecord' : 'eatCrnl';
          } else if (ch === quote) {
            open(from);
            state = 'inQuoted';
          } else if (ch === escape) {
            open(from);
            pending = from;
            state = 'escaped';
          } else if (ch === ' ' && skipSpace) {
            // white space before a field is skipped
          } else if (ch === delim) save(from);
          else {
            add(ch, from, to);
            state = 'inField';
          }
          return;
        case 'escaped':
          if (nl) {
            add(ch, pending, to);
            state = 'afterEscapedCrnl';
            return;
          }
          add(eol ? '\n' : ch, pending, eol ? from : to);
          state = 'inField';
          return;
        case 'afterEscapedCrnl':
          if (eol) return;
          state = 'inField';
          continue;
        case 'inField':
          if (nl || eol) {
            save(from);
            state = eol ? 'startRecord' : 'eatCrnl';
          } else if (ch === escape) {
            pending = from;
            state = 'escaped';
          } else if (ch === delim) {
            save(from);
            state = 'startField';
          } else add(ch, from, to);
          return;
        case 'inQuoted':
          if (eol) return;
          if (ch === escape) {
            pending = from;
            state = 'escapeInQuoted';
          } else if (ch === quote) {
            if (doubleQuote) {
              pending = from;
              state = 'quoteInQuoted';
            } else {
              field!.end = to;
              state = 'inField';
            }
          } else add(ch, from, to);
          return;
        case 'escapeInQuoted':
          add(eol ? '\n' : ch, pending, eol ? from : to);
          state = 'inQuoted';
          return;
        case 'quoteInQuoted':
          if (ch === quote) {
            add(quote, pending, to);
            state = 'inQuoted';
          } else if (ch === delim) {
            field!.end = pending + 1;
            save(from);
            state = 'startField';
          } else if (nl || eol) {
            field!.end = pending + 1;
            save(from);
            state = eol ? 'startRecord' : 'eatCrnl';
          } else error = { message: `'${delim}' expected after '${quote}'`, at: from, line: l };
          return;
        case 'eatCrnl':
          if (eol) state = 'startRecord';
          return;
      }
    }
  };

  for (let li = 0; li < content.length && !error; li++) {
    const l = content[li];
    // docutils' input lines have no trailing white space; the reader gets each with a line feed.
    let end = l.end;
    while (!keepTrailingSpace && end > l.start && /\s/.test(text[end - 1])) end--;
    const start = l.blank && !keepTrailingSpace ? end : l.start;
    for (let o = start; o < end && !error; ) {
      const w = text.codePointAt(o)! > 0xffff ? 2 : 1;
      step(text.slice(o, o + w), o, o + w, l);
      o += w;
    }
    if (error) break;
    const nextStart = li + 1 < content.length ? content[li + 1].start : end + 1;
    step('\n', end, Math.max(end + 1, nextStart), l);
    if (error) break;
    step('', end, end, l);
    if (state === 'startRecord') {
      rows.push(row);
      row = [];
    }
  }
  const final = state as State;
  if (!error && (final === 'inQuoted' || (field as CsvField | undefined)?.text)) {
    // The quoted field that never closes.
    const f = field as CsvField | undefined;
    const at = f ? f.start : block.end;
    error = { message: 'unexpected end of data', at, line: content.find((x) => x.end >= at) ?? content[content.length - 1] };
  }
  return error ? { error } : { rows };
}

/**
 * The rows of a `csv-table`'s `:header:` option, read as docutils reads them (its own dialect: `,`, `"`, the
 * escape `\\`, spaces after a delimiter skipped) and placed, with every node and problem of their cells, at the
 * option's value: knot-resolver's `:header: "Glue type", ..., "Example glue [#example_glue]_"` refers to the
 * footnote. None where the option is absent or its CSV fails.
 */
function headerRowsOf(block: DirectiveBlock): CsvField[][] {
  const option = block.options.find((o) => o.name === 'header');
  if (!option || !option.value.trim()) return [];
  const text = option.value;
  const lines: CsvLine[] = [];
  for (const m of text.matchAll(/[^\n]*(?:\n|$)/g)) {
    if (m.index >= text.length && m[0] === '') break;
    const body = m[0].replace(/\n$/, '');
    lines.push({ start: m.index, end: m.index + body.length, blank: !body.trim() });
  }
  const dialect = { ...block, options: [{ ...option, name: 'escape', value: '\\' }] };
  const read = readCsv(text, lines, dialect);
  if (!read || 'error' in read) return [];
  const span = option.valueSpan;
  return read.rows.map((fields) => fields.map((f) => ({ text: f.text, from: f.from.map(() => span.start), to: f.to.map(() => span.end), start: span.start, end: span.end })));
}

function csvTableBlock(p: BlockState, block: DirectiveBlock, s: { start: number; end: number; line: number; endLine: number }, bodyRows: CsvField[][]): TableBlock {
  const head = headerRowsOf(block);
  const rows = [...head, ...bodyRows];
  const headerRows = head.length + (Number(block.options.find((o) => o.name === 'header-rows')?.value ?? '0') || 0);
  const cells: TableCell[] = [];
  let columns = 0;
  let r = 0;
  for (const fields of rows) {
    columns = Math.max(columns, fields.length);
    fields.forEach((f, c) => {
      const body = f.text.trim() ? p.parseMapped(f.text, f.from, f.to) : [];
      cells.push({ start: f.start, end: Math.max(f.start, f.end), row: r, col: c, rowSpan: 1, colSpan: 1, header: r < headerRows, body });
    });
    r++;
  }
  return { kind: 'table', start: s.start, end: s.end, line: s.line, endLine: s.endLine, tableType: 'csv', cells: cells.slice(), columns, headerRows: Math.min(headerRows, rows.length) };
}
