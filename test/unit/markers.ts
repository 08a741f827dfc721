/**
 * Markers in test texts, shared by the tests that point into a document: `$0` marks the cursor, `$[` and `$]`
 * the start and end of an expected span. They are removed; offsets are those of the text without them.
 */
export interface Marked {
  /** The text without its markers. */
  text: string;
  /** The offset of `$0`, or -1. */
  cursor: number;
  /** The `$[`...`$]` spans in order, as [start, end) offsets. */
  spans: [number, number][];
}

export function parseMarkers(marked: string): Marked {
  let text = '';
  let cursor = -1;
  const spans: [number, number][] = [];
  const open: number[] = [];
  const re = /\$0|\$\[|\$\]/g;
  let last = 0;
  for (let m = re.exec(marked); m; m = re.exec(marked)) {
    text += marked.slice(last, m.index);
    last = m.index + 2;
    if (m[0] === '$0') {
      if (cursor >= 0) throw new Error(`two $0 cursors in ${JSON.stringify(marked)}`);
      cursor = text.length;
    } else if (m[0] === '$[') open.push(text.length);
    else {
      const start = open.pop();
      if (start === undefined) throw new Error(`$] without $[ in ${JSON.stringify(marked)}`);
      spans.push([start, text.length]);
    }
  }
  if (open.length) throw new Error(`$[ without $] in ${JSON.stringify(marked)}`);
  text += marked.slice(last);
  return { text, cursor, spans: spans.sort((a, b) => a[0] - b[0]) };
}
