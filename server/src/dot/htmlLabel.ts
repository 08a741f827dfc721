import { closest, didYouMean } from './catalog';

/**
 * What we can tell about an HTML-like label without Graphviz: its tags are XML (balanced, self-closing
 * `<BR/>` counts as opened and closed, attribute values quoted), they are tags of Graphviz's HTML-like
 * labels, and an `IMG` is the only content of its `TD` (Graphviz's grammar: `cell : <TD> image </TD>`;
 * inside a cell any character from the space up is text, a line break or a tab is not).
 *
 * Wasm Graphviz says only "in label of node a" whatever is wrong, including an image it cannot open (it
 * sees no files; native dot opens them relative to the directory Sphinx runs it in): this tells a label
 * mistake from a missing image.
 */

/** The tags of Graphviz's HTML-like labels. */
export const HTML_LABEL_TAGS: ReadonlySet<string> = new Set(['table', 'tr', 'td', 'font', 'b', 'i', 'u', 'o', 's', 'sub', 'sup', 'br', 'hr', 'vr', 'img']);

export interface HtmlLabelIssue {
  /** Offsets into the label's content (the text between the outer `<` and `>`). */
  start: number;
  end: number;
  message: string;
  /** The name or value meant, when one is close. */
  suggestion?: string;
}

const TAG_LIST = 'TABLE, TR, TD, FONT, B, I, U, O, S, SUB, SUP, BR, HR, VR, IMG';

/** True when the label holds an `IMG` tag. */
export function hasImage(content: string): boolean {
  return /<img\b/i.test(content);
}

/** The first mistake of an HTML-like label's content, or undefined when its tags are well formed. */
export function htmlLabelIssue(content: string): HtmlLabelIssue | undefined {
  interface Frame {
    name: string;
    start: number;
    end: number;
    /** For a TD: an IMG in it, and whether anything else (text, another element) is there too. */
    img?: { start: number; end: number };
    other?: boolean;
  }
  const stack: Frame[] = [];
  const noteContent = (isImg: boolean, start: number, end: number): HtmlLabelIssue | undefined => {
    const td = stack[stack.length - 1];
    if (isImg) {
      if (td?.name !== 'td') return { start, end, message: 'An IMG can only be the content of a TD (<TD><IMG SRC="..."/></TD>): Graphviz drops the label' };
      td.img = { start, end };
    } else if (td?.name === 'td') td.other = true;
    return undefined;
  };
  const text = (from: number, to: number): HtmlLabelIssue | undefined => {
    // Inside a cell, any character from the space up is text; tabs and line breaks are not.
    for (let k = from; k < to; k++) {
      const c = content.charCodeAt(k);
      if (c === 60 /* < */) return { start: k, end: k + 1, message: 'A "<" that starts no tag: write &lt; for a literal "<" (Graphviz drops the label)' };
      if (c >= 32) {
        noteContent(false, k, k + 1);
        break;
      }
    }
    return undefined;
  };
  const tag = /<(!--[\s\S]*?--|\/?)([A-Za-z][\w.:-]*)?([^<>]*?)(\/?)>/g;
  let at = 0;
  for (let m = tag.exec(content); m; m = tag.exec(content)) {
    const issue = text(at, m.index);
    if (issue) return issue;
    at = m.index + m[0].length;
    const start = m.index;
    const end = at;
    if (m[1].startsWith('!--')) continue;
    const rawName = m[2];
    if (rawName === undefined) return { start, end, message: `"${m[0]}" is not a tag: write &lt; for a literal "<" (Graphviz drops the label)` };
    const name = rawName.toLowerCase();
    if (!HTML_LABEL_TAGS.has(name)) return { start, end, message: `<${rawName}> is not a tag of HTML-like labels (${TAG_LIST}): Graphviz drops the label` };
    if (m[1] === '/') {
      const top = stack.pop();
      if (!top) return { start, end, message: `</${rawName}> closes a tag that was never opened: Graphviz drops the label` };
      if (top.name !== name) return { start, end, message: `</${rawName}> closes <${content.slice(top.start + 1, top.end).match(/^[\w.:-]+/)?.[0] ?? top.name}>, which is still open: Graphviz drops the label` };
      if (top.name === 'td' && top.img && top.other) {
        return { ...top.img, message: 'An IMG must be the only content of its TD, without text or even a space next to it (line breaks are fine): Graphviz drops the label' };
      }
      continue;
    }
    const attrs = m[3];
    const bad = /^(?:\s+[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*$/.test(attrs) ? undefined : attrs.trim();
    if (bad !== undefined) return { start, end, message: `The attributes of <${rawName}> are not name="value" pairs ("${bad}"): Graphviz drops the label` };
    const issue2 = noteContent(name === 'img', start, end);
    if (issue2) return issue2;
    if (m[4] !== '/') stack.push({ name, start, end });
  }
  const tail = text(at, content.length);
  if (tail) return tail;
  const open = stack.pop();
  if (open) return { start: open.start, end: open.end, message: `${content.slice(open.start, open.end)} is never closed: Graphviz drops the label` };
  return undefined;
}

/**
 * The attributes each tag of an HTML-like label takes, upper case (the other tags take none, and Graphviz
 * drops theirs without a word), and the values of the ones with a fixed set. Read from native dot 2.43, one
 * probe per tag and attribute ("Illegal attribute COLUMNS in <TD> - ignored"); the Graphviz documentation
 * of HTML-like labels lists the same.
 */
const HTML_TAG_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  table: ['ALIGN', 'BGCOLOR', 'BORDER', 'CELLBORDER', 'CELLPADDING', 'CELLSPACING', 'COLOR', 'COLUMNS', 'FIXEDSIZE', 'GRADIENTANGLE', 'HEIGHT', 'HREF', 'ID', 'PORT', 'ROWS', 'SIDES', 'STYLE', 'TARGET', 'TITLE', 'TOOLTIP', 'VALIGN', 'WIDTH'],
  td: ['ALIGN', 'BALIGN', 'BGCOLOR', 'BORDER', 'CELLPADDING', 'CELLSPACING', 'COLOR', 'COLSPAN', 'FIXEDSIZE', 'GRADIENTANGLE', 'HEIGHT', 'HREF', 'ID', 'PORT', 'ROWSPAN', 'SIDES', 'STYLE', 'TARGET', 'TITLE', 'TOOLTIP', 'VALIGN', 'WIDTH'],
  font: ['COLOR', 'FACE', 'POINT-SIZE'],
  br: ['ALIGN'],
  img: ['SCALE', 'SRC'],
};

/** Values Graphviz takes for an attribute of a tag, upper case, where it warns on any other ("Illegal value middle for ALIGN in TD"). */
const HTML_ATTRIBUTE_VALUES: Readonly<Record<string, readonly string[]>> = {
  'table ALIGN': ['CENTER', 'LEFT', 'RIGHT'],
  'td ALIGN': ['CENTER', 'LEFT', 'RIGHT', 'TEXT'],
  'td BALIGN': ['CENTER', 'LEFT', 'RIGHT'],
  'table VALIGN': ['MIDDLE', 'BOTTOM', 'TOP'],
  'td VALIGN': ['MIDDLE', 'BOTTOM', 'TOP'],
};

/**
 * The attributes of a well-formed HTML-like label that Graphviz ignores with a warning: one its tag does not
 * take (`COLUMNS` on a `TD`), or a value outside a fixed set (`ALIGN="middle"`). Offsets into the content, as
 * {@link htmlLabelIssue}'s. Run it on a label `htmlLabelIssue` found no mistake in.
 */
export function htmlAttributeIssues(content: string): HtmlLabelIssue[] {
  const out: HtmlLabelIssue[] = [];
  const tag = /<(!--[\s\S]*?--|\/?)([A-Za-z][\w.:-]*)?([^<>]*?)(\/?)>/g;
  for (let m = tag.exec(content); m; m = tag.exec(content)) {
    if (m[1] !== '' || m[2] === undefined) continue;
    const name = m[2].toLowerCase();
    const allowed = HTML_TAG_ATTRIBUTES[name];
    if (!allowed) continue;
    const attrs = m[3];
    const base = m.index + 1 + m[2].length;
    const attr = /([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
    for (let a = attr.exec(attrs); a; a = attr.exec(attrs)) {
      const upper = a[1].toUpperCase();
      const start = base + a.index;
      if (!allowed.includes(upper)) {
        const near = closest(upper, allowed);
        out.push({
          start,
          end: start + a[1].length,
          message: `${a[1]} is not an attribute of <${m[2]}>: Graphviz ignores it${didYouMean(near)} (<${m[2]}> takes ${allowed.join(', ')})`,
          suggestion: near,
        });
        continue;
      }
      const values = HTML_ATTRIBUTE_VALUES[`${name} ${upper}`];
      const value = a[3] ?? a[4] ?? '';
      if (values && !values.includes(value.toUpperCase())) {
        const at = start + a[0].length - 1 - value.length;
        out.push({ start: at, end: at + value.length, message: `"${value}" is not a value of ${a[1]} on <${m[2]}> (Graphviz ignores it; one of ${values.join(', ')})` });
      }
    }
  }
  return out;
}

