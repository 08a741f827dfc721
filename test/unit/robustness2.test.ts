import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { findDeepNesting, htmlLabelEnds, maskStringLineBreaks } from '../../server/src/dot/dotParser';
import { checkDotSource } from '../../server/src/dot/check';
import { dotFileSource } from '../../server/src/dot/source';
import { renderDocument } from '../../server/src/render/render';
import { highlightLines } from '../../server/src/render/highlight';
import { createLanguageService } from '../../server/src/languageService';
import { createNodeLanguageService } from '../../server/src/nodeService';
import { workspaceDiagnostics } from '../../server/src/features/workspaceDiagnostics';
import { dotModel } from '../../server/src/dot/model';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';
import { startLspClient, type LspTestClient } from './lspClient';
import { expectLinear } from './complexity';

/**
 * Robustness of the server and of the pre-scans: watch events and parameters that used to kill the
 * server, file names no URI can hold, inputs that used to take quadratic time, protocol edge cases.
 * Time is only ever compared with time (doubling the input must not much more than double it).
 */

// ---------------------------------------------------------------------------------------------
// Linear time: ratios, never wall-clock limits
// ---------------------------------------------------------------------------------------------

/** Doubling-free complexity check of test/unit/complexity.ts, with this file's argument order. */
function assertLinear<T>(make: (n: number, variant: number) => T, run: (input: T) => void, n: number, fresh = false): void {
  expectLinear('the work', make, (x) => run(x), n, { fresh });
}

const unmatchedLt = (n: number, variant = 0) => `digraph { a [label=${'<'.repeat(n)}] } // ${variant}`;

describe('DOT pre-scans are linear in unmatched <', () => {
  test('the deep-nesting scan', () => {
    assertLinear(unmatchedLt, (t) => findDeepNesting(t), 20000);
  });
  test('the string line-break mask', () => {
    assertLinear(unmatchedLt, (t) => maskStringLineBreaks(t), 20000);
  });
  test('the HTML label ends of every < (the same answers as scanning from each one)', () => {
    const text = '<a<b>c> <<x> >>< <<><';
    const ends = htmlLabelEnds(text);
    const scan = (open: number) => {
      let level = 1;
      for (let j = open + 1; j < text.length; j++) {
        level += text[j] === '<' ? 1 : text[j] === '>' ? -1 : 0;
        if (level === 0) return j + 1;
      }
      return undefined;
    };
    for (let i = 0; i < text.length; i++) if (text[i] === '<') assert.equal(ends(i), scan(i), `at ${i}`);
    assertLinear(unmatchedLt, (t) => {
      const end = htmlLabelEnds(t);
      for (let i = 0; i < t.length; i++) end(i);
    }, 20000);
  });
  test('the whole check of a diagram', () => {
    // Each variant is a new text (parses are cached by text).
    assertLinear(unmatchedLt, (t) => checkDotSource(dotFileSource(t)), 20000, true);
  });
});

test('a definition-list term followed by a long run of spaces is parsed in linear time (the classifier split)', () => {
  const registry = createRegistry([], []);
  const term = (n: number, variant = 0) => `term ${variant}${' '.repeat(n)}x\n   Definition.\n`;
  const doc = parseRst(term(10) + '\nother : classifier\n   Definition.\n', { registry });
  assert.deepEqual(doc.problems, []);
  assertLinear(term, (t) => parseRst(t, { registry }), 25000);
});

test('rendering sections of one title is linear (ids by a counter per title)', () => {
  const service = createLanguageService();
  let version = 0;
  const docs = new Map<number, ReturnType<typeof service.parse>>();
  const docOf = (n: number) => {
    let d = docs.get(n);
    if (!d) {
      const text = Array(n).fill('Same\n====\n\ntext\n').join('\n');
      d = service.parse({ uri: `mem://same${n}.rst`, version: ++version, getText: () => text });
      docs.set(n, d);
    }
    return d;
  };
  const html = renderDocument(docOf(4)).html;
  for (const id of ['same', 'same-1', 'same-2', 'same-3']) assert.ok(html.includes(`id="${id}"`), `${id} in ${html}`);
  assertLinear((n) => docOf(n), (d) => renderDocument(d), 5000);
});

// ---------------------------------------------------------------------------------------------
// The real server over stdio
// ---------------------------------------------------------------------------------------------

let client: LspTestClient;
let conn: MessageConnection;
let exited: Promise<never>;
let tmp: string;

before(async () => {
  client = await startLspClient();
  conn = client.conn;
  exited = new Promise<never>((_, reject) => conn.onClose(() => reject(new Error('the server exited'))));
  exited.catch(() => undefined);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-robust-'));
});

after(async () => {
  await client.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A request, or the server's death. */
const ask = <T>(method: string, params: unknown) => Promise.race([conn.sendRequest(method, params) as Promise<T>, exited]);

async function stillAnswers() {
  // Twice: a crash inside the previous notification may come a tick after the first answer.
  for (let i = 0; i < 2; i++) assert.ok(Array.isArray(await ask('workspace/symbol', { query: '' })));
}

test('watch events naming symlink loops, over-long names or no URI at all do not kill the server', async () => {
  fs.symlinkSync('loop', path.join(tmp, 'loop'));
  fs.symlinkSync('b', path.join(tmp, 'a'));
  fs.symlinkSync('a', path.join(tmp, 'b'));
  const uri = (name: string) => pathToFileURL(path.join(tmp, name)).href;
  const long = 'x'.repeat(300);
  const batches: unknown[] = [
    [{ uri: uri('loop'), type: 1 }],
    [{ uri: uri('a'), type: 1 }],
    [{ uri: uri(long), type: 1 }],
    [{ uri: uri(`${long}/y.rst`), type: 1 }],
    [{ uri: 5, type: 1 }],
    [null, { type: 2 }, { uri: uri('loop/z.rst'), type: 2 }],
  ];
  for (const changes of batches) {
    await conn.sendNotification('workspace/didChangeWatchedFiles', { changes });
    await stillAnswers();
  }
  await conn.sendNotification('workspace/didChangeWatchedFiles', { changes: 'nothing' });
  await conn.sendNotification('workspace/didChangeWatchedFiles', null);
  await stillAnswers();
});

test('requests with malformed parameters answer an error and the server keeps going', async () => {
  for (const [method, params] of [
    ['textDocument/definition', { textDocument: { uri: 5 }, position: { line: 0, character: 0 } }],
    ['textDocument/hover', { textDocument: { uri: 'file:///x.rst' }, position: 'here' }],
    ['textDocument/documentSymbol', {}],
    ['haGuide/preview', { uri: 7 }],
    ['textDocument/codeAction', { textDocument: { uri: 'file:///x.rst' } }],
  ] as const) {
    await assert.rejects(ask(method, params), (e: { code?: number }) => e.code === -32602, method);
  }
  await stillAnswers();
});

test('a refused rename answers RequestFailed', async () => {
  const uri = 'file:///work/refused.rst';
  const text = 'Title\n=====\n\nSee Title_.\n';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text } });
  await assert.rejects(ask('textDocument/prepareRename', { textDocument: { uri }, position: { line: 3, character: 5 } }), (e: { code?: number; message?: string }) => {
    assert.equal(e.code, -32803);
    assert.match(String(e.message), /section title/);
    return true;
  });
});

const surrogateUri = 'file:///work/surrogate.rst';
const surrogateText =
  'Title\n=====\n\n.. image:: a\ud800.png\n\n.. figure:: b\udc00c.png\n\n   Caption.\n\n' +
  // A diagram's file argument, one that continues on the next line, an include and a literal include.
  '.. graphviz:: g\ud800.dot\n\n.. graphviz::\n   :ali\ud800\n\n.. include:: i\udc00.rst\n\n.. literalinclude:: l\ud800.txt\n';

test('a file name with a lone surrogate: the preview of the document renders', async () => {
  const uri = surrogateUri;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text: surrogateText } });
  const preview = await ask<{ html: string }>('haGuide/preview', { uri, waitMs: 0 });
  assert.match(preview.html, /Title/);
  assert.doesNotMatch(preview.html, /could not render/);
  // The diagrams whose files cannot exist say which file, as written.
  assert.match(preview.html, /g\ud800\.dot&#39; not found/);
  assert.match(preview.html, /:ali\ud800&#39; not found/);
});

test('a file name with a lone surrogate: definition, hover, references and links answer', async () => {
  const uri = surrogateUri;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text: surrogateText } });
  const position = { line: 3, character: 12 };
  await ask('textDocument/definition', { textDocument: { uri }, position });
  await ask('textDocument/hover', { textDocument: { uri }, position });
  await ask('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } });
  const links = await ask<{ target?: string }[]>('textDocument/documentLink', { textDocument: { uri } });
  assert.ok(Array.isArray(links));
  for (const l of links) if (l.target) assert.doesNotThrow(() => decodeURIComponent(l.target!), l.target);
});

interface Completion {
  label: string;
  textEdit: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
}

test('a DOT completion inside a quoted string over several lines edits one line only', async () => {
  const uri = 'file:///work/multiline.dot';
  const text = 'digraph {\n  alpha; beta;\n  x -> "first\n  al';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dot', version: 1, text } });
  const items = await ask<Completion[]>('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 4 } });
  assert.ok(items.length > 0, 'node names are offered');
  for (const c of items) assert.equal(c.textEdit.range.start.line, c.textEdit.range.end.line, `${c.label}: ${JSON.stringify(c.textEdit.range)}`);
  const alpha = items.find((c) => c.label === 'alpha');
  assert.deepEqual(alpha?.textEdit.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 4 } });

  const rst = 'file:///work/multiline.rst';
  const rstText = '.. graphviz::\n\n   digraph {\n     node [color="red:\n       blu';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: rst, languageId: 'restructuredtext', version: 1, text: rstText } });
  const colours = await ask<Completion[]>('textDocument/completion', { textDocument: { uri: rst }, position: { line: 4, character: 10 } });
  assert.ok(colours.some((c) => c.label === 'blue'));
  for (const c of colours) assert.equal(c.textEdit.range.start.line, 4, `${c.label}: ${JSON.stringify(c.textEdit.range)}`);
});

test('an edit that joins a \\r and a \\n keeps the line table in step with the text', async () => {
  const uri = 'file:///work/crlf.rst';
  // Line 1 is "Y", between a lone \r and a lone \n: deleting it makes them one \r\n line break.
  const text = 'Title\rY\n=====\n\nSee `broken`_.\n';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text } });
  await client.diagnosticsFor(uri, 1);
  await conn.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: '' }],
  });
  // Now "Title\r\n=====\n\nSee `broken`_.\n": the unknown target `broken` is on line 3, characters 5-11.
  const p = await client.diagnosticsFor(uri, 2);
  const broken = p.diagnostics.find((d) => d.message.includes('broken'));
  assert.ok(broken, JSON.stringify(p.diagnostics));
  assert.deepEqual(broken.range, { start: { line: 3, character: 5 }, end: { line: 3, character: 11 } });
  // And a request answers for the text as it is.
  const symbols = await ask<{ name: string; range: { start: { line: number }; end: { line: number } } }[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.equal(symbols[0]?.name, 'Title');
  assert.deepEqual([symbols[0].range.start.line, symbols[0].range.end.line], [0, 3]);
});

test('a lone carriage return in a diagram: the DOT model, hover and completion answer (the parser library would loop on it)', { timeout: 30000 }, () => {
  const dotText = 'digraph {\r  a -> b;\r  b [shape=box];\r}\r';
  const model = dotModel(dotText);
  assert.deepEqual([...model.byKey.keys()].sort(), ['a', 'b']);
  const service = createNodeLanguageService({ graphviz: false });
  const doc = { uri: 'file:///cr/a.dot', version: 1, getText: () => dotText };
  for (let o = 0; o <= dotText.length; o++) {
    service.dotFile.hover(doc, o);
    service.dotFile.completion(doc, o);
  }
  const rst = 'T\n=\n\n.. graphviz::\n\n   digraph {\r   a -> b; }\n';
  const rdoc = { uri: 'file:///cr/a.rst', version: 1, getText: () => rst };
  service.index.set(rdoc.uri, 1, rst);
  for (let o = 0; o <= rst.length; o++) service.hover(rdoc, o);
});

test('thousands of :ref: to missing labels among thousands of labels: the workspace checks grow linearly (one "did you mean" per name)', () => {
  const ws = { exists: () => false, sourceDir: () => 'file:///w/' };
  // n references to 50 missing names, in a project of n / 4 labels: both grow with n.
  const make = (n: number, variant: number) => ({
    labels: Array.from({ length: n >> 2 }, (_, i) => `.. _label-${i}-${variant}:\n\nTitle ${i}\n=========\n`),
    text: `T\n=\n\n${Array.from({ length: n }, (_, i) => `:ref:\`missing-${i % 50}-${variant}\``).join(' ')}\n`,
  });
  assertLinear(
    make,
    ({ labels, text }) => {
      const service = createLanguageService({ workspace: ws });
      labels.forEach((l, i) => service.index.set(`file:///w/d${i}.rst`, 1, l));
      service.index.set('file:///w/x.rst', 1, text);
      const found = workspaceDiagnostics({ index: service.index, ws }, 'file:///w/x.rst');
      assert.equal(found.length, text.split(':ref:').length - 1);
    },
    2000,
    true,
  );
});

test('workspace symbols right after an edit not yet checked: ranges of the open document as it is now', async () => {
  const conn = client.conn;
  const uri = 'untitled:Symbols-1';
  const v1 = Array.from({ length: 40 }, (_, i) => `Title number ${i} with a long name\n${'='.repeat(34)}\n\nText.\n`).join('\n');
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text: v1 } });
  await client.diagnosticsFor(uri, 1, 30000);
  // Version 2 drops the first 30 lines and shortens every title; the symbols are asked for before its check.
  const v2 = v1.split('\n').slice(30).join('\n').replace(/with a long name/g, 'x').replace(/={34}/g, '='.repeat(18));
  const lines = v2.split('\n');
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: v2 }] });
  const symbols = (await conn.sendRequest('workspace/symbol', { query: 'Title' })) as { location: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } } }[];
  const mine = symbols.filter((s) => s.location.uri === uri);
  assert.ok(mine.length > 0);
  for (const s of mine) {
    const { start, end } = s.location.range;
    assert.ok(end.line < lines.length && end.character <= lines[end.line].length, `range ${JSON.stringify(s.location.range)} is past version 2's text`);
    assert.ok(lines[start.line].startsWith('Title number'), `line ${start.line} is "${lines[start.line]}"`);
  }
});

test('a closed buffer with no file behind it (untitled:) leaves the workspace: no symbol of it remains', async () => {
  const conn = client.conn;
  const uri = 'untitled:Closed-1';
  const text = Array.from({ length: 20 }, (_, i) => `Closed title ${i}\n${'='.repeat(16)}\n\nText.\n`).join('\n');
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text } });
  await client.diagnosticsFor(uri, 1, 30000);
  // Edited, then closed before the edit is checked: the server's last view of it is the text before the edit.
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'Short\n=====\n' }] });
  await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  await client.nextPublish(500);
  const symbols = (await conn.sendRequest('workspace/symbol', { query: 'Closed title' })) as { location: { uri: string } }[];
  assert.deepEqual(symbols.filter((s) => s.location.uri === uri), []);
});

test('workspace symbols right after a file is closed with an edit not yet checked: measured in its text on disk', async () => {
  const conn = client.conn;
  const titles = Array.from({ length: 40 }, (_, i) => `Ghost title ${i}\n${'='.repeat(13 + String(i).length)}\n\nText.\n`).join('\n');
  const lineOf = (text: string) => text.split('\n').indexOf('Ghost title 39');
  /**
   * A document with a tail of `paragraphs`, so that its check costs more than a frame and an edit waits for
   * its debounce: checked at version 2 (15 lines dropped), then edited (one line more) and closed before that
   * edit is checked. Returns where the symbol lands, or undefined when version 3 was checked before the close
   * (a machine fast enough for the check to take under a frame: the caller tries a longer document).
   */
  async function closeUnchecked(n: number, paragraphs: number) {
    const file = path.join(tmp, `closed-unchecked-${n}.rst`);
    const uri = pathToFileURL(file).href;
    const disk = `${titles}\n${Array.from({ length: paragraphs }, (_, i) => `Paragraph ${i} with *emphasis* and \`\`literal\`\` text.\n`).join('\n')}`;
    fs.writeFileSync(file, disk);
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text: disk } });
    await client.diagnosticsFor(uri, 1, 120000);
    const drop = (version: number, lines: number) =>
      conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } }, text: '' }] });
    await drop(2, 15);
    await client.diagnosticsFor(uri, 2, 120000);
    await drop(3, 1);
    // The editor discards the buffer: the file on disk is what the workspace has now.
    await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const symbols = (await conn.sendRequest('workspace/symbol', { query: 'Ghost title 39' })) as { name: string; location: { uri: string; range: { start: { line: number } } } }[];
    if (client.published.some((p) => p.uri === uri && p.version === 3)) return undefined;
    const mine = symbols.filter((s) => s.location.uri === uri && s.name === 'Ghost title 39');
    assert.equal(mine.length, 1, JSON.stringify(symbols.map((s) => s.name)));
    return { line: mine[0].location.range.start.line, disk: lineOf(disk) };
  }
  let got: { line: number; disk: number } | undefined;
  for (let n = 0, paragraphs = 30000; !got && n < 5; n++, paragraphs *= 2) got = await closeUnchecked(n, paragraphs);
  assert.ok(got, 'every version 3 was checked before its close: the case was never exercised');
  assert.equal(got.line, got.disk, `not the line on disk (${got.disk}); version 2 has it on line ${got.disk - 15}`);
});

test('highlighting code blocks is linear in every language, on adversarial text too (unclosed strings, quotes, brackets)', () => {
  const pieces = ['"\'', '"""', '<a ', '${', '/*', '#', '[', '\\', '`', 'x = ', '!!', '- ', '<<EOF\n', '\n'];
  for (const lang of ['python', 'pycon', 'bash', 'console', 'ini', 'yaml', 'json', 'dot', 'c++', 'rust', 'javascript', 'xml', 'sql', 'diff', 'docker', 'nginx', 'apache']) {
    const make = (n: number, variant = 0) => {
      let s = `${variant} `;
      for (let i = 0; s.length < n; i++) s += pieces[(i * 7 + variant) % pieces.length] + (i % 13 === 0 ? '\n' : '');
      return s;
    };
    assert.equal(highlightLines(make(2000), lang).length, make(2000).split('\n').length, lang);
    // 16,000 characters take several milliseconds: at 4,000 (about 2 ms) a collector pause on a busy machine
    // was as long as the work itself.
    expectLinear(`highlighting ${lang}`, make, (t) => highlightLines(t, lang), 16000);
  }
});
