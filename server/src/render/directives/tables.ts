/** Tables: grid and simple tables from the parser, `list-table`, `csv-table` (Python's csv reader). */
import { remoteTableMessage } from '../../features/remoteContent';
import { parseInline } from '../../rst/inline';
import type { DirectiveBlock, TableBlock, TableCell } from '../../rst/types';
import type { RenderContext } from '../context';
import { attr, classList } from '../html';

export function tableHtml(r: RenderContext, b: TableBlock, caption?: string, extraClass?: string, id?: string): string {
  const rows = new Map<number, TableCell[]>();
  for (const c of b.cells) {
    const row = rows.get(c.row) ?? [];
    row.push(c);
    rows.set(c.row, row);
  }
  const order = [...rows.keys()].sort((x, y) => x - y);
  const head: string[] = [];
  const body: string[] = [];
  for (const ri of order) {
    const cells = rows.get(ri)!.sort((x, y) => x.col - y.col);
    const header = cells.every((c) => c.header) || ri < b.headerRows;
    const tag = header ? 'th' : 'td';
    const line = r.lineOf(cells[0].start);
    const html = cells
      .map((c) => {
        const span = (c.colSpan > 1 ? ` colspan="${c.colSpan}"` : '') + (c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : '');
        return `<${tag}${span}>${r.blocks(c.body)}</${tag}>`;
      })
      .join('');
    (header ? head : body).push(`<tr data-line="${line}">${html}</tr>\n`);
  }
  return (
    `<table class="${classList('hg-table', extraClass)}"${id ? ` id="${attr(id)}"` : ''}${r.lines(b)}>\n` +
    (caption ? `<caption>${caption}</caption>\n` : '') +
    (head.length ? `<thead>\n${head.join('')}</thead>\n` : '') +
    `<tbody>\n${body.join('')}</tbody>\n</table>\n`
  );
}

export function listTableHtml(r: RenderContext, b: DirectiveBlock): string {
  const list = b.body?.find((x) => x.kind === 'bulletList');
  if (!list || list.kind !== 'bulletList') return r.box(b);
  const headerRows = Number(r.option(b, 'header-rows') ?? '0') || 0;
  const stubs = Number(r.option(b, 'stub-columns') ?? '0') || 0;
  const rows = list.items.map((item, ri) => {
    const inner = item.body.find((x) => x.kind === 'bulletList');
    const cells = inner && inner.kind === 'bulletList' ? inner.items : [];
    const html = cells
      .map((c, k) => {
        const tag = ri < headerRows || k < stubs ? 'th' : 'td';
        return `<${tag}>${r.blocks(c.body)}</${tag}>`;
      })
      .join('');
    return `<tr${r.lines(item)}>${html}</tr>\n`;
  });
  const caption = b.argument ? `<caption>${r.inlineSpan(b.argumentSpan, b.argument)}</caption>\n` : '';
  return (
    `<table class="${classList('hg-table', r.classes(b))}"${r.idAttr(b)}${r.lines(b)}>\n${caption}` +
    (headerRows ? `<thead>\n${rows.slice(0, headerRows).join('')}</thead>\n` : '') +
    `<tbody>\n${rows.slice(headerRows).join('')}</tbody>\n</table>\n`
  );
}

export function csvTableHtml(r: RenderContext, b: DirectiveBlock): string {
  const delimOption = r.option(b, 'delim');
  const delim = delimOption === undefined ? ',' : delimOption === 'tab' ? '\t' : delimOption === 'space' ? ' ' : delimOption.trim()[0] ?? ',';
  const quote = r.option(b, 'quote')?.trim()[0] ?? '"';
  const escape = r.option(b, 'escape')?.trim()[0];
  const keepSpace = b.options.some((o) => o.name === 'keepspace');
  let text = r.content(b);
  const url = r.option(b, 'url');
  if (url !== undefined) return r.box(b, remoteTableMessage(url.trim()));
  const file = r.option(b, 'file');
  if (file !== undefined) {
    const p = r.localPath(file.trim());
    const read = p && r.options.readFile ? r.options.readFile(p) : undefined;
    if (read === undefined) return r.box(b, r.unreadable(file.trim(), p));
    text = read;
  }
  const header = r.option(b, 'header');
  const headRows = header !== undefined ? parseCsv(header, delim, quote, escape, keepSpace) : [];
  const bodyRows = parseCsv(text, delim, quote, escape, keepSpace);
  const headerRows = Number(r.option(b, 'header-rows') ?? '0') || 0;
  const stubs = Number(r.option(b, 'stub-columns') ?? '0') || 0;
  const all = [...headRows, ...bodyRows];
  const nHead = headRows.length + headerRows;
  const firstLine = b.content?.firstLine ?? b.line;
  const row = (cells: string[], ri: number) => {
    const html = cells
      .map((cell, k) => {
        const tag = ri < nHead || k < stubs ? 'th' : 'td';
        return `<${tag}>${r.inlines(parseInline(cell, 0, cell.length).nodes)}</${tag}>`;
      })
      .join('');
    const line = ri >= headRows.length ? firstLine + (ri - headRows.length) : b.line;
    return `<tr data-line="${line}">${html}</tr>\n`;
  };
  const rows = all.map(row);
  const caption = b.argument ? `<caption>${r.inlineSpan(b.argumentSpan, b.argument)}</caption>\n` : '';
  return (
    `<table class="${classList('hg-table', r.classes(b))}"${r.idAttr(b)}${r.lines(b)}>\n${caption}` +
    (nHead ? `<thead>\n${rows.slice(0, nHead).join('')}</thead>\n` : '') +
    `<tbody>\n${rows.slice(nHead).join('')}</tbody>\n</table>\n`
  );
}

/** Python's csv reader, enough for `csv-table`: quotes, doubled quotes, an escape character, a delimiter. */
export function parseCsv(text: string, delim: string, quote: string, escape: string | undefined, keepSpace: boolean): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  let i = 0;
  const n = text.length;
  const endCell = () => {
    row.push(wasQuoted || keepSpace ? cell : cell.trim());
    cell = '';
    wasQuoted = false;
  };
  while (i < n) {
    const c = text[i];
    if (escape && c === escape && i + 1 < n) {
      cell += text[i + 1];
      i += 2;
      continue;
    }
    if (quoted) {
      if (c === quote) {
        if (text[i + 1] === quote) {
          cell += quote;
          i += 2;
          continue;
        }
        quoted = false;
      } else cell += c;
      i++;
      continue;
    }
    if (c === quote && cell.trim() === '') {
      quoted = true;
      wasQuoted = true;
      cell = '';
    } else if (c === delim) endCell();
    else if (c === '\n') {
      endCell();
      if (row.some((x) => x !== '') || row.length > 1) rows.push(row);
      row = [];
    } else if (c !== '\r') cell += c;
    i++;
  }
  endCell();
  if (row.some((x) => x !== '') || row.length > 1) rows.push(row);
  return rows;
}
