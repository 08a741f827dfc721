import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startLspClient, type LspTestClient, type Published } from '../unit/lspClient';

/**
 * The web extension's language server (dist/web/server.js) in a real web worker of Debian's Chromium, driven
 * over LSP by a test page (webWorker.html) the way the web extension drives it: the workspace is a virtual
 * file system (`vscode-test-web:` URIs) that the page answers the server's `haGuide/fs/*` requests from, as
 * the extension answers them with `vscode.workspace.fs`. Graphviz runs in a web worker of its own
 * (dist/web/graphvizWorker.js). The answers are compared with the desktop server's (dist/server.js over
 * stdio) on the same files.
 */
const ROOT = path.resolve(__dirname, '../../..');
const SEED = path.resolve(ROOT, '../shared/corpus/seed/ha.rst');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const FOLDER = 'vscode-test-web://mount/guide';

// The page's globals, for the functions that run in the page (this project compiles without the DOM library).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any;

interface LspPosition {
  line: number;
  character: number;
}
interface LspLocation {
  uri: string;
  range: { start: LspPosition; end: LspPosition };
}

const seed = fs.readFileSync(SEED, 'utf8');
/** The guide: a Sphinx project (conf.py), the seed, and an index that names it across files. */
const guide: Record<string, string> = {
  'conf.py': "project = 'HA Guide'\nextensions = ['sphinx.ext.graphviz']\n",
  'ha.rst': seed,
  'index.rst': 'Guides\n======\n\n.. toctree::\n\n   ha\n\nSee :ref:`ha` and :doc:`ha`, and :doc:`not-there`.\n',
  // The repository runs doc8 (tox.ini) and sphinx-lint (pre-commit): the web server reads both as the desktop's does.
  'tox.ini': '[testenv:docs]\ncommands = doc8 .\n\n[doc8]\nmax-line-length = 60\n',
  '.pre-commit-config.yaml': 'repos:\n  - repo: https://github.com/sphinx-contrib/sphinx-lint\n    rev: v1.0.2\n    hooks:\n      - id: sphinx-lint\n        args: [--enable=default-role]\n',
};

let browser: Browser;
let server: http.Server;
let origin: string;
let page: Page;
let desktop: LspTestClient;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-web-'));

/** Serves the harness page and dist/web/ on 127.0.0.1. */
function serve(): Promise<string> {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = url.pathname === '/' ? path.join(ROOT, 'test/browser/webWorker.html') : url.pathname.startsWith('/web/') ? path.join(ROOT, 'dist/web', path.basename(url.pathname)) : undefined;
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.endsWith('.html') ? 'text/html' : 'text/javascript' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

const webUri = (name: string) => `${FOLDER}/${name}`;
const desktopUri = (name: string) => pathToFileURL(path.join(work, name)).href;

/** The complete diagnostics (the second publish) of a document version on the desktop server. */
async function desktopDiagnostics(uri: string, version: number): Promise<Published> {
  for (;;) {
    const hits = desktop.published.filter((p) => p.uri === uri && p.version === version);
    if (hits.length >= 2) return hits[hits.length - 1];
    await desktop.nextPublish(1000);
  }
}

function webRequest<T>(method: string, params: unknown): Promise<T> {
  return page.evaluate(([m, p]) => window.lsp.request(m, p), [method, params] as const) as Promise<T>;
}
function webNotify(method: string, params: unknown): Promise<void> {
  return page.evaluate(([m, p]) => window.lsp.notify(m, p), [method, params] as const) as Promise<void>;
}
function webDiagnostics(uri: string, version: number): Promise<Published> {
  return page.evaluate(([u, v]) => window.lsp.publishedFor(u, v), [uri, version] as const) as Promise<Published>;
}
/** What a diagnostic says, without where its document lives. */
const comparable = (p: Published) => p.diagnostics.map((d) => ({ code: d.code, severity: d.severity, range: d.range, message: d.message }));

before(async () => {
  for (const f of ['server.js', 'graphvizWorker.js']) assert.ok(fs.existsSync(path.join(ROOT, 'dist/web', f)), `dist/web/${f} is missing: run npm run build`);
  for (const [name, text] of Object.entries(guide)) fs.writeFileSync(path.join(work, name), text);
  origin = await serve();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  page = await browser.newPage();
  await page.goto(origin + '/');
  await page.evaluate((files) => {
    for (const [uri, text] of files) window.lsp.files.set(uri, text);
  }, Object.entries(guide).map(([name, text]) => [webUri(name), text]));
  const init = await webRequest<{ serverInfo: { name: string } }>('initialize', {
    processId: null,
    rootUri: FOLDER,
    workspaceFolders: [{ uri: FOLDER, name: 'guide' }],
    capabilities: {},
    initializationOptions: { graphvizWorker: `${origin}/web/graphvizWorker.js` },
  });
  assert.equal(init.serverInfo.name, 'HA Guide Studio');
  await webNotify('initialized', {});
  desktop = await startLspClient(pathToFileURL(work).href);
});

after(async () => {
  await desktop?.stop();
  await browser?.close();
  server?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the web extension language server in a Chromium web worker', () => {
  test('the seed gets the desktop server\'s diagnostics, with its diagrams laid out by Graphviz in its own worker', async () => {
    await webNotify('textDocument/didOpen', { textDocument: { uri: webUri('ha.rst'), languageId: 'restructuredtext', version: 1, text: seed } });
    await desktop.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: desktopUri('ha.rst'), languageId: 'restructuredtext', version: 1, text: seed } });
    const web = await webDiagnostics(webUri('ha.rst'), 1);
    assert.deepEqual(comparable(web), comparable(await desktopDiagnostics(desktopUri('ha.rst'), 1)));
    const codes = new Set(web.diagnostics.map((d) => d.code));
    assert.ok(codes.has('sphinx-lint.default-role') && codes.has('doc8.line-too-long'), [...codes].join(' '));

    // The preview's rendering: every diagram of the seed drawn.
    const preview = await webRequest<{ title: string; diagrams: Record<string, string>; pending?: unknown[] }>('haGuide/preview', { uri: webUri('ha.rst'), waitMs: 60_000 });
    assert.equal(preview.title, 'High Availability Guide');
    const drawings = Object.values(preview.diagrams);
    assert.equal(drawings.length, 6);
    for (const svg of drawings) assert.match(svg, /^<svg[\s\S]*<g class="node"[\s\S]*<text[^>]*>[^<]+<\/text>/);
    // The same drawings as the desktop server's Graphviz worker thread makes.
    const native = (await desktop.conn.sendRequest('haGuide/preview', { uri: desktopUri('ha.rst'), waitMs: 60_000 })) as { diagrams: Record<string, string> };
    assert.deepEqual(preview.diagrams, native.diagrams);
    const logs: string[] = await page.evaluate(() => window.lsp.logs);
    assert.ok(!logs.some((l) => l.startsWith('error')), logs.join('\n'));
    assert.deepEqual(await page.evaluate(() => window.lsp.errors), []);
  });

  test('definitions within the seed and across files of the virtual workspace, read through the client', async () => {
    // `tooz driver list`_ (line 233) is defined at the end of the seed.
    const line = seed.split('\n').findIndex((l) => l.includes('`tooz driver list`_'));
    const at = { line, character: seed.split('\n')[line].indexOf('tooz') + 2 };
    const web = await webRequest<LspLocation[]>('textDocument/definition', { textDocument: { uri: webUri('ha.rst') }, position: at });
    const native = (await desktop.conn.sendRequest('textDocument/definition', { textDocument: { uri: desktopUri('ha.rst') }, position: at })) as LspLocation[];
    assert.equal(web.length, 1);
    assert.deepEqual(web, native.map((l) => ({ ...l, uri: webUri('ha.rst') })));
    assert.equal(web[0].range.start.line, seed.split('\n').findIndex((l) => l.startsWith('.. _tooz driver list:')));

    // index.rst, never opened before: its :ref: and :doc: resolve to ha.rst, which the server indexed from the
    // file system the page answers for; the missing document is reported as on the desktop.
    const index = guide['index.rst'];
    await webNotify('textDocument/didOpen', { textDocument: { uri: webUri('index.rst'), languageId: 'restructuredtext', version: 1, text: index } });
    await desktop.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: desktopUri('index.rst'), languageId: 'restructuredtext', version: 1, text: index } });
    const diagnostics = await webDiagnostics(webUri('index.rst'), 1);
    assert.deepEqual(comparable(diagnostics), comparable(await desktopDiagnostics(desktopUri('index.rst'), 1)));
    assert.deepEqual(diagnostics.diagnostics.map((d) => d.code), ['sphinx.unknown-document']);
    const ref = { line: 7, character: index.split('\n')[7].indexOf(':ref:') + 7 };
    const toLabel = await webRequest<LspLocation[]>('textDocument/definition', { textDocument: { uri: webUri('index.rst') }, position: ref });
    assert.deepEqual(toLabel.map((l) => [l.uri, l.range.start.line]), [[webUri('ha.rst'), 0]]);
    const requests: string[] = await page.evaluate(() => window.lsp.fsRequests);
    assert.ok(requests.includes(`haGuide/fs/list ${FOLDER}`), requests.join('\n'));
    assert.ok(requests.includes(`haGuide/fs/read ${webUri('conf.py')}`), requests.join('\n'));
  });

  test('a file created in the virtual workspace counts once reported, as on the desktop', async () => {
    const uri = webUri('not-there.rst');
    const from: number = await page.evaluate(() => window.lsp.published.length);
    await page.evaluate((u) => window.lsp.files.set(u, 'Now there\n=========\n'), uri);
    await webNotify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
    // The server checks the open documents again: index.rst no longer names a missing document.
    const again = (await page.evaluate(([f, u]) => window.lsp.publishedAfter(f, u, 0), [from, webUri('index.rst')] as const)) as Published;
    assert.deepEqual(again.diagnostics, []);
    const requests: string[] = await page.evaluate(() => window.lsp.fsRequests);
    assert.ok(requests.includes(`haGuide/fs/stat ${uri}`), requests.join('\n'));
  });

  test('a layout over the timeout ends the Graphviz worker; the next diagram is laid out by a new one', async () => {
    await webNotify('workspace/didChangeConfiguration', { settings: { haGuide: { graphviz: { timeoutMs: 100 } } } });
    const big = 'digraph {' + Array.from({ length: 5000 }, (_, i) => `n${i} -> n${(i * 7) % 5000}; n${i} -> n${(i * 13 + 1) % 5000};`).join('\n') + '}';
    const publish = async (name: string, text: string) => {
      const from: number = await page.evaluate(() => window.lsp.published.length);
      await webNotify('textDocument/didOpen', { textDocument: { uri: webUri(name), languageId: 'dot', version: 1, text } });
      return (await page.evaluate(([f, u]) => window.lsp.publishedAfter(f, u), [from, webUri(name)] as const)) as Published;
    };
    const slow = await publish('big.dot', big);
    assert.deepEqual(slow.diagnostics.map((d) => d.code), ['dot.layout-timeout']);
    assert.match(slow.diagnostics[0].message, /within 0\.1 s/);
    // The next diagram, with the usual limit: a fresh worker (the one stuck in the layout above was ended)
    // loads Graphviz again and lays it out.
    await webNotify('workspace/didChangeConfiguration', { settings: { haGuide: { graphviz: { timeoutMs: 5000 } } } });
    const next = await publish('small.dot', 'digraph { still -> works }');
    assert.deepEqual(next.diagnostics, []);
    const preview = await webRequest<{ diagrams: Record<string, string> }>('haGuide/preview', { uri: webUri('small.rst'), text: '.. graphviz::\n\n   digraph { still -> works }\n', waitMs: 60_000 });
    assert.match(Object.values(preview.diagrams).join(''), /<title>still-&gt;works<\/title>/);
    const logs: string[] = await page.evaluate(() => window.lsp.logs);
    assert.ok(logs.some((l) => /Graphviz layout timed out after 100 ms; restarting the worker/.test(l)), logs.join('\n'));
  });

  test('a document opened before the workspace is listed gets its project and cross-file names once it is', { timeout: 120_000 }, async () => {
    const early = await browser.newPage();
    try {
      await early.goto(origin + '/');
      await early.evaluate((files) => {
        for (const [uri, text] of files) window.lsp.files.set(uri, text);
        window.lsp.holdList = new Promise((r) => (window.releaseList = r));
      }, Object.entries(guide).map(([name, text]) => [webUri(name), text]));
      await early.evaluate(async ([folder, gv]) => {
        await window.lsp.request('initialize', { processId: null, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'guide' }], capabilities: {}, initializationOptions: { graphvizWorker: gv } });
        window.lsp.notify('initialized', {});
      }, [FOLDER, `${origin}/web/graphvizWorker.js`] as const);
      const uri = webUri('index.rst');
      await early.evaluate(([u, text]) => window.lsp.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: 'restructuredtext', version: 1, text } }), [uri, guide['index.rst']] as const);
      // Checked at once, with nothing of the workspace known yet: `ha` is not a label of any document.
      const first = (await early.evaluate((u) => window.lsp.publishedAfter(0, u), uri)) as Published;
      assert.ok(first.diagnostics.some((d) => d.code === 'sphinx.undefined-label'), JSON.stringify(first.diagnostics));
      const from: number = await early.evaluate(() => window.lsp.published.length);
      await early.evaluate(() => window.releaseList());
      // Once listed and indexed, the open document is checked again with its project: only the missing document.
      const again = (await early.evaluate(([f, u]) => window.lsp.publishedAfter(f, u, 1), [from, uri] as const)) as Published;
      assert.deepEqual(again.diagnostics.map((d) => d.code), ['sphinx.unknown-document']);
    } finally {
      await early.close();
    }
  });
});
