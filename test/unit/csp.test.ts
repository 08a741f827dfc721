import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildPreviewCsp, buildPreviewPage, buildStaticCsp, buildStaticPage, createNonce, isRemoteStyle } from '../../server/src/preview/page';

/** The preview page's Content Security Policy, as the webview and `ha-guide preview` serve it. */
const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
const nonce = 'AAAAAAAAAAAAAAAAAAAAAA==';
const vscodeSource = 'https://*.vscode-cdn.net';

describe('preview CSP', () => {
  const csp = directives(buildPreviewCsp({ cspSource: vscodeSource, nonce, transport: 'vscode' }));

  test("default-src 'none', and our one script only by nonce", () => {
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`]);
  });
  test('no inline code, no eval, no wasm in the page', () => {
    const all = [...csp.values()].flat().join(' ');
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "'strict-dynamic'", 'data:', '*']) assert.ok(!all.split(' ').includes(bad), bad);
  });
  test('styles and fonts from our origin; images from our origin and blob (export), from https only when remote content is allowed', () => {
    assert.deepEqual(csp.get('style-src'), [vscodeSource]);
    assert.deepEqual(csp.get('font-src'), [vscodeSource]);
    assert.deepEqual(csp.get('img-src'), [vscodeSource, 'blob:'], 'strict is the default');
    const strict = directives(buildPreviewCsp({ cspSource: "'self'", nonce, transport: 'events', security: 'strict' }));
    assert.deepEqual(strict.get('img-src'), ["'self'", 'blob:']);
    for (const [name, values] of strict) if (name !== 'connect-src') for (const v of values) assert.doesNotMatch(v, /^(?:https?:|\*|data:)/, `strict ${name} lets in ${v}`);
    const remote = directives(buildPreviewCsp({ cspSource: vscodeSource, nonce, transport: 'vscode', security: 'allowRemote' }));
    assert.deepEqual(remote.get('img-src'), [vscodeSource, 'https:', 'blob:']);
    assert.deepEqual(remote.get('style-src'), [vscodeSource], 'remote content means images only');
  });
  test('no connections, base or forms in VS Code; the event stream from our origin in a browser', () => {
    assert.deepEqual(csp.get('connect-src'), ["'none'"]);
    assert.deepEqual(csp.get('base-uri'), ["'none'"]);
    assert.deepEqual(csp.get('form-action'), ["'none'"]);
    const browser = directives(buildPreviewCsp({ cspSource: "'self'", nonce, transport: 'events' }));
    assert.deepEqual(browser.get('connect-src'), ["'self'"]);
  });
  test("VS Code's cspSource may hold several sources: each is kept as it is", () => {
    const two = directives(buildPreviewCsp({ cspSource: "'self' https://*.vscode-cdn.net", nonce, transport: 'vscode' }));
    assert.deepEqual(two.get('style-src'), ["'self'", 'https://*.vscode-cdn.net']);
    assert.deepEqual(two.get('img-src'), ["'self'", 'https://*.vscode-cdn.net', 'blob:']);
  });
  test('a source cannot smuggle in directives or keywords; a weak nonce is refused', () => {
    const sneaky = directives(buildPreviewCsp({ cspSource: "https://x; script-src 'unsafe-inline' 'unsafe-eval' *", nonce, transport: 'vscode' }));
    assert.deepEqual(sneaky.get('script-src'), [`'nonce-${nonce}'`]);
    assert.deepEqual(sneaky.get('style-src'), ['https://x']);
    assert.throws(() => buildPreviewCsp({ cspSource: "'unsafe-inline'", nonce, transport: 'vscode' }));
    assert.throws(() => buildPreviewCsp({ cspSource: vscodeSource, nonce: 'abc', transport: 'vscode' }));
    assert.throws(() => buildPreviewCsp({ cspSource: vscodeSource, nonce: `${nonce}' 'unsafe-inline`, transport: 'vscode' }));
  });
  test('nonces are random and long enough', () => {
    const seen = new Set(Array.from({ length: 100 }, createNonce));
    assert.equal(seen.size, 100);
    for (const n of seen) assert.match(n, /^[A-Za-z0-9+/=]{22,}$/);
  });
});

describe('preview page', () => {
  const page = buildPreviewPage({
    cspSource: vscodeSource,
    nonce,
    scriptUri: 'https://x.vscode-cdn.net/dist/webview.js',
    styleUri: 'https://x.vscode-cdn.net/media/preview.css',
    title: 'A "title" <script>',
    transport: 'vscode',
    state: { uri: 'file:///a/"quoted" <b>.rst', locked: true, line: 3 },
  });

  test('carries the policy in a meta element before anything loads', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page);
    assert.ok(meta);
    assert.ok(page.indexOf(meta[0]) < page.indexOf('<link'));
    assert.equal(meta[1].replace(/&#39;/g, "'"), buildPreviewCsp({ cspSource: vscodeSource, nonce, transport: 'vscode' }));
  });
  test('has exactly one script: ours, by URL, with the nonce, and no inline code', () => {
    const scripts = page.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0], `<script nonce="${nonce}" src="https://x.vscode-cdn.net/dist/webview.js"></script>`);
    assert.doesNotMatch(page, /\son\w+=|javascript:|style="/i);
  });
  test('escapes the title and the state it hands to the script', () => {
    assert.match(page, /<title>A &quot;title&quot; &lt;script&gt;<\/title>/);
    const state = /data-state="([^"]*)"/.exec(page)![1];
    assert.doesNotMatch(state, /[<>"]/);
    assert.deepEqual(JSON.parse(state.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&')), {
      uri: 'file:///a/"quoted" <b>.rst',
      locked: true,
      line: 3,
    });
  });
});

describe("the user's stylesheets and type settings (haGuide.styles, haGuide.preview.*)", () => {
  const options = {
    cspSource: vscodeSource,
    nonce,
    scriptUri: 'https://x.vscode-cdn.net/dist/webview.js',
    styleUri: 'https://x.vscode-cdn.net/media/preview.css',
    title: 't',
    transport: 'vscode' as const,
    styles: ['https://x.vscode-cdn.net/ws/my.css', 'https://cdn.example.org/theme.css', "https://evil.example/a.css; script-src 'unsafe-inline'"],
    appearance: { fontFamily: '"Fira Sans" , serif"><script>', fontSize: 18, lineHeight: 2, markEditorSelection: true },
  };
  const page = buildPreviewPage(options);

  test('load after ours, in their order, each a stylesheet link and nothing else', () => {
    const links = [...page.matchAll(/<link rel="stylesheet"[^>]*href="([^"]*)">/g)].map((m) => m[1].replace(/&#39;/g, "'"));
    assert.deepEqual(links, ['https://x.vscode-cdn.net/media/preview.css', ...options.styles]);
    assert.equal((page.match(/<script\b/g) ?? []).length, 1, 'no script from a stylesheet setting');
  });
  test('the policy admits each https stylesheet by its exact URL, never one that would end the source list', () => {
    const csp = directives(buildPreviewCsp(options));
    assert.deepEqual(csp.get('style-src'), [vscodeSource, 'https://x.vscode-cdn.net/ws/my.css', 'https://cdn.example.org/theme.css']);
    assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`]);
    assert.ok(![...csp.values()].flat().includes("'unsafe-inline'"));
    // A query is loaded with the URL, and left out of the source (a source matches paths only).
    assert.deepEqual(directives(buildPreviewCsp({ ...options, styles: ['https://fonts.example/css?family=Fira+Sans'] })).get('style-src'), [vscodeSource, 'https://fonts.example/css']);
    assert.equal(isRemoteStyle('http://a.example/x.css'), false);
  });
  test('hands the type settings to the script as escaped data attributes, never as an inline style', () => {
    const family = /data-font-family="([^"]*)"/.exec(page)?.[1];
    assert.equal(family, '&quot;Fira Sans&quot; , serif&quot;&gt;&lt;script&gt;');
    assert.match(page, /data-font-size="18"/);
    assert.match(page, /data-line-height="2"/);
    assert.match(page, /data-mark-selection="true"/);
    assert.doesNotMatch(page, /style="/);
    const plain = buildPreviewPage({ ...options, appearance: { fontSize: Number.NaN, lineHeight: -1, markEditorSelection: false } });
    assert.doesNotMatch(plain, /data-font-size|data-line-height|data-mark-selection|data-font-family/);
  });
});

describe('static page (ha-guide render)', () => {
  test('runs no script at all and allows only its own inline stylesheet', () => {
    const csp = directives(buildStaticCsp(nonce));
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.equal(csp.get('script-src'), undefined, 'falls back to default-src: none');
    assert.deepEqual(csp.get('style-src'), [`'nonce-${nonce}'`]);
    assert.deepEqual(csp.get('img-src'), ['data:'], 'strict: inlined images only, nothing remote');
    assert.deepEqual(directives(buildStaticCsp(nonce, 'allowRemote')).get('img-src'), ['data:', 'https:']);
    const page = buildStaticPage({ title: 't', css: 'p{} </style><script>alert(1)</script>', body: '<p>x</p>', nonce });
    assert.equal((page.match(/<\/style>/g) ?? []).length, 1, 'the stylesheet cannot be closed early');
    assert.doesNotMatch(page.replace(/<style[\s\S]*?<\/style>/, ''), /<script/i);
  });
});
