import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli } from '../../server/src/cli/cli';
import { highlightLines, isKnownLanguage } from '../../server/src/render/highlight';
import { makeId, renderDocument, safeHref } from '../../server/src/render/render';
import { RstPreviewRenderer, type PreviewRender } from '../../server/src/render/renderPreview';
import { isSafeLink, sanitizeSvg } from '../../server/src/render/renderSvg';
import { GraphvizService } from '../../server/src/graphviz/service';
import { createLanguageService } from '../../server/src/languageService';
import { createNodePreviewRenderer, projectHighlightLanguage, renderForPreview } from '../../server/src/preview/nodePreview';

/**
 * The renderer: golden HTML for every fixture in test/fixtures/render (`UPDATE_GOLDEN=1` rewrites them),
 * diagrams laid out by the real Graphviz (wasm, in its worker), and the preview's update behaviour.
 */
const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/render');
const SEED = path.resolve(ROOT, '../shared/corpus/seed/ha.rst');
const graphviz = new GraphvizService();
after(() => graphviz.dispose());

const service = createLanguageService();
let version = 0;
const parse = (text: string, uri = 'file:///fixtures/render/doc.rst') => service.parse({ uri, version: ++version, getText: () => text });

async function renderFixture(name: string): Promise<PreviewRender> {
  const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  const uri = `file:///fixtures/render/${name}`;
  const renderer = new RstPreviewRenderer({ graphviz });
  return renderer.render(parse(text, uri), { uri, inlineDiagrams: true, now: new Date(2026, 0, 2) });
}

describe('golden HTML', () => {
  for (const name of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.rst')).sort()) {
    test(name, async () => {
      const rendered = await renderFixture(name);
      const actual = `<!-- title: ${rendered.title} -->\n${rendered.html}`;
      const golden = path.join(FIXTURES, name.replace(/\.rst$/, '.html'));
      if (process.env.UPDATE_GOLDEN || !fs.existsSync(golden)) fs.writeFileSync(golden, actual);
      assert.equal(actual, fs.readFileSync(golden, 'utf8'), `${name}: output differs from ${path.relative(ROOT, golden)} (UPDATE_GOLDEN=1 rewrites it)`);
    });
  }
});

/** Top-level elements of an HTML fragment, with their start tags (a small scanner, enough for our output). */
function topLevel(html: string): string[] {
  const tags: string[] = [];
  let depth = 0;
  const voids = new Set(['hr', 'img', 'br', 'input', 'meta', 'link']);
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*?)(\/?)>/g)) {
    const [whole, close, name, , selfClose] = m;
    if (close) depth--;
    else {
      if (depth === 0) tags.push(whole);
      if (!voids.has(name.toLowerCase()) && !selfClose) depth++;
    }
  }
  return tags;
}

describe('source lines', () => {
  for (const name of ['blocks.rst', 'tables.rst', 'directives.rst', 'references.rst', 'diagrams.rst']) {
    test(`every top-level block of ${name} carries its source line`, async () => {
      const { html } = await renderFixture(name);
      const top = topLevel(html).filter((t) => !t.includes('class="hg-target"'));
      assert.ok(top.length > 3);
      for (const t of top) assert.match(t, /data-line="\d+"/, t);
      // Items of generated tables of contents have no source line of their own.
      const own = html.replace(/<nav class="hg-contents[\s\S]*?<\/nav>/g, '');
      for (const t of own.match(/<(li|tr|dt)\b[^>]*>/g) ?? []) assert.match(t, /data-line="\d+"/, t);
    });
  }

  test('paragraphs and titles point at the line they start on', async () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'blocks.rst'), 'utf8');
    const lines = text.split('\n');
    const { html } = await renderFixture('blocks.rst');
    let checked = 0;
    for (const m of html.matchAll(/<(p|h\d)(?: id="[^"]*")? data-line="(\d+)"[^>]*>([^<]{4,})/g)) {
      const words = m[3].replace(/&\w+;/g, '').trim().slice(0, 8);
      assert.ok(lines[Number(m[2])].includes(words), `line ${m[2]} "${lines[Number(m[2])]}" should hold "${words}"`);
      checked++;
    }
    assert.ok(checked >= 8, `only ${checked} blocks checked`);
  });
});

describe('security', () => {
  test('a hostile document renders no script, no event handler and no dangerous link', async () => {
    const { html } = await renderFixture('hostile.rst');
    assert.doesNotMatch(html, /<script/i);
    const attributes = [...html.matchAll(/<[a-zA-Z][^\s>/]*((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)].flatMap((m) => [...m[1].matchAll(/\s([^\s=>]+)(?:="[^"]*")?/g)].map((a) => a[1]));
    assert.ok(attributes.length > 100);
    assert.deepEqual(attributes.filter((a) => /^on/i.test(a)), [], 'an on* attribute survived');
    assert.doesNotMatch(html, /(?:href|src)\s*=\s*"\s*(?:javascript|vbscript|data):/i);
    assert.doesNotMatch(html, /xlink:href="(?!https:)/);
    assert.match(html, /&lt;script&gt;window.__pwned = 1/, 'raw HTML is shown as text');
    assert.match(html, /xlink:href="https:\/\/example.org\/ok"/, 'a safe DOT URL is kept');
    assert.match(html, /&lt;svg onload=alert\(1\)&gt;/, 'a label that looks like markup is text');
  });

  test('the SVG sanitiser keeps drawing elements and drops everything active', () => {
    const svg = sanitizeSvg(
      `<?xml version="1.0"?><!DOCTYPE svg><!-- c --><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" width="10pt" viewBox="0 0 10 10">` +
        `<script>alert(1)</script><style>*{}</style><foreignObject><div>x</div></foreignObject><image href="x.png"/>` +
        `<defs><linearGradient id="l_1"><stop offset="0" stop-color="red"/></linearGradient></defs>` +
        `<g id="node1" class="node" style="fill:red"><title>a&#45;&gt;b</title><a xlink:href="javascript:alert(1)" xlink:title="t">` +
        `<polygon fill="url(#l_1)" stroke="url(https://evil/x)" points="0,0 1,1"/><text onclick="x()" x="1">A &amp; B &lt;c&gt;</text></a>` +
        `<a href=" JaVaScRiPt:alert(1)"><path d="M0,0"/></a><a xlink:href="https://ok.example/"><path d="M1,1"/></a></g></svg>`,
      { idPrefix: 'p-', annotate: (kind, title) => (kind === 'node' ? { 'data-dot-line': title, onclick: 'bad' } : undefined) },
    )!;
    assert.doesNotMatch(svg, /script|style|foreignObject|image|onload|onclick|javascript|https:\/\/evil|DOCTYPE|<!--|<\?xml/i);
    assert.match(svg, /<linearGradient id="p-l_1">/);
    assert.match(svg, /fill="url\(#p-l_1\)"/);
    assert.doesNotMatch(svg, /id="node1"/, 'unreferenced ids are dropped');
    assert.match(svg, /<text x="1">A &amp; B &lt;c&gt;<\/text>/);
    assert.match(svg, /data-dot-line="a-&gt;b"/);
    assert.match(svg, /xlink:href="https:\/\/ok.example\/"/);
    assert.match(svg, /^<svg [^>]*class="hg-svg"/);
    assert.equal(sanitizeSvg('no svg here'), undefined);
  });

  test('links keep only http(s), mailto, ftp, irc, news, tel, fragments and relative references', () => {
    for (const ok of ['https://x.org', 'http://x', 'mailto:a@b.c', 'ftp://x', 'irc://oftc.net/#openstack-dns', 'ircs://x/#c', 'news:comp.x', 'tel:+1', '#frag', 'install.rst', '../a/b.html']) {
      assert.ok(safeHref(ok) !== undefined, ok);
    }
    assert.equal(safeHref('service:central'), undefined);
    for (const bad of ['javascript:alert(1)', ' javascript:x', 'JAVASCRIPT:x', 'java\tscript:x', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd']) {
      assert.equal(safeHref(bad), undefined, bad);
    }
    assert.ok(isSafeLink('https://x') && isSafeLink('#id') && !isSafeLink('javascript:x') && !isSafeLink('data:x') && !isSafeLink('file:///x'));
  });
});

describe('pieces', () => {
  test("ids follow docutils' make_id", () => {
    assert.equal(makeId('Needs Access to:'), 'needs-access-to');
    assert.equal(makeId('2. Café au lait'), 'cafe-au-lait');
    assert.equal(makeId('---'), '');
  });

  test('code is highlighted by highlight.js in the languages guides use, one balanced HTML line per source line', () => {
    /** The text of each span of a class in the highlighted HTML. */
    const spans = (code: string, lang: string, cls: string) =>
      [...highlightLines(code, lang).join('\n').matchAll(new RegExp(`<span class="${cls}">([^<]*)</span>`, 'g'))].map((m) => m[1]);
    assert.deepEqual(spans('[api]\nport = 80', 'ini', 'hl-section'), ['[api]']);
    assert.deepEqual(spans('[api]\nport = 80', 'ini', 'hl-attr'), ['port']);
    assert.deepEqual(spans('[api]\nport = 80', 'ini', 'hl-number'), ['80']);
    assert.deepEqual(spans('echo $HOME # hi', 'bash', 'hl-variable'), ['$HOME']);
    assert.deepEqual(spans('echo $HOME # hi', 'bash', 'hl-comment'), ['# hi']);
    assert.deepEqual(spans('def f(): return None', 'python', 'hl-keyword'), ['def', 'return']);
    assert.deepEqual(spans('def f(): return None', 'python', 'hl-title function_'), ['f']);
    // YAML: a tag is a tag, and values are strings (the hand-written highlighter left them plain).
    assert.deepEqual(spans('key: !!str value\nother: plain words', 'yaml', 'hl-attr'), ['key:', 'other:']);
    assert.deepEqual(spans('key: !!str value\nother: plain words', 'yaml', 'hl-type'), ['!!str']);
    assert.deepEqual(spans('key: !!str value\nother: plain words', 'yaml', 'hl-string'), ['value', 'plain', 'words']);
    assert.deepEqual(spans('{"a": 1}', 'json', 'hl-attr'), ['&quot;a&quot;']);
    assert.deepEqual(spans('$ ls -l\ntotal 0', 'console', 'hl-meta prompt_'), ['$ ']);
    assert.deepEqual(spans('digraph G { a -> b [label="x"] }', 'dot', 'hl-keyword'), ['digraph']);
    assert.deepEqual(spans('digraph G { a -> b [label="x"] }', 'dot', 'hl-attr'), ['label']);
    assert.deepEqual(spans('digraph G { a -> b [label="x"] }', 'graphviz', 'hl-string'), ['&quot;x&quot;']);
    for (const lang of ['ini', 'bash', 'console', 'shell', 'python', 'pycon', 'yaml', 'json', 'dot', 'text', 'none', 'c', 'c++', 'rust', 'go', 'java',
      'javascript', 'typescript', 'html', 'xml', 'sql', 'diff', 'docker', 'nginx', 'apache']) assert.ok(isKnownLanguage(lang), lang);
    assert.ok(!isKnownLanguage('cobol'));
    // Unknown and plain languages: escaped text, one line per line.
    assert.deepEqual(highlightLines('a\n<b>', undefined), ['a', '&lt;b&gt;']);
    assert.deepEqual(highlightLines('a\n<b>', 'cobol'), ['a', '&lt;b&gt;']);
    // A string across lines: every line closes what it opened and reopens it on the next line.
    const lines = highlightLines('x = """one\ntwo"""\ny = 1', 'python');
    assert.equal(lines.length, 3);
    for (const l of lines) assert.equal((l.match(/<span/g) ?? []).length, (l.match(/<\/span>/g) ?? []).length, l);
    assert.match(lines[1], /^<span class="hl-string">two&quot;&quot;&quot;<\/span>$/);
  });

  test('a paragraph before a literal block keeps one colon of `::` unless a space precedes it, as docutils', () => {
    const para = (text: string) => /<p[^>]*>([\s\S]*?)<\/p>/.exec(renderDocument(parse(text)).html)?.[1];
    assert.equal(para('Run::\n\n   x\n'), 'Run:');
    assert.equal(para('Run ::\n\n   x\n'), 'Run');
    assert.equal(para('**Usage**::\n\n   x\n'), '<strong>Usage</strong>:');
    assert.equal(para('``code``\n::\n\n   x\n'), '<code class="hg-literal-text">code</code>');
    assert.equal(para('::\n\n   x\n'), undefined);
  });

  test('rendering without Graphviz shows diagrams as pending, never throws', () => {
    const out = renderDocument(parse('.. graphviz::\n\n   digraph { a }\n'));
    assert.match(out.html, /hg-diagram-pending/);
    for (const text of ['', '\n\n', '..', '.. graphviz::', '.. |x| replace:: |x|\n\n|x|', '`unterminated', '+--+\n|  |', '* a\n\n  * b\n\n    * c']) {
      assert.equal(typeof renderDocument(parse(text)).html, 'string');
    }
  });

  test('links follow the name binder: |x|__ takes an anonymous target, an ambiguous name is no link, [01]_ is not [1]', () => {
    const { html } = renderDocument(
      parse(`|sub|__ then \`next\`__, dup_ and [01]_ and [1]_.

.. |sub| replace:: substituted

__ https://first.example
__ https://second.example

.. _dup:

Para.

.. _dup:

Para.

.. [1] One.
`),
    );
    assert.match(html, /<a [^>]*href="https:\/\/first.example">substituted<\/a>/);
    assert.match(html, /<a [^>]*href="https:\/\/second.example">next<\/a>/);
    assert.match(html, /<span class="hg-reference hg-unresolved">dup<\/span>/);
    assert.match(html, /<a class="hg-footnote-reference" id="footnote-reference-1">\[01\]<\/a>/);
    assert.match(html, /<a class="hg-footnote-reference" id="footnote-reference-2" href="#footnote-1">\[1\]<\/a>/);
  });

  test('a recursive substitution stops', () => {
    const { html } = renderDocument(parse('.. |a| replace:: x |b|\n.. |b| replace:: y |a|\n\n|a|\n'));
    assert.match(html, /x y x y/);
  });
});

describe('preview of the seed guide', () => {
  const text = fs.readFileSync(SEED, 'utf8');
  const uri = 'file:///seed/ha.rst';

  test('six diagrams, the title, nodes linked to their DOT statements', async () => {
    const renderer = new RstPreviewRenderer({ graphviz });
    const r = await renderer.render(parse(text, uri), { uri, interactive: true });
    assert.equal(r.title, 'High Availability Guide');
    assert.equal(Object.keys(r.diagrams).length, 6);
    assert.equal(r.pending, 0);
    assert.equal(r.errors, 0);
    assert.equal((r.html.match(/class="hg-diagram-svg" data-key="/g) ?? []).length, 6);
    // "API Server 1" [shape=box] in the first diagram: the node's group points at that statement.
    const base = Number(/data-dot-base="(\d+)"/.exec(r.html)![1]);
    const svg = Object.values(r.diagrams)[0];
    const node = /<g class="node" data-dot-line="(\d+)" data-dot-character="(\d+)"[^>]*>\s*<title>API Server 1<\/title>/.exec(svg)!;
    const line = text.split('\n')[base + Number(node[1])];
    assert.equal(line.slice(Number(node[2])).trim(), '"API Server 1" [shape=box]');
    const edge = /<g class="edge" data-dot-line="(\d+)"[^>]*>\s*<title>L7 Load Balancers-&gt;API Server 2<\/title>/.exec(svg)!;
    assert.match(text.split('\n')[base + Number(edge[1])], /"L7 Load Balancers" -> \{"API Server 1"/);
  });

  test('an edit lays out only the diagram it changed; lines added above change no drawing', async () => {
    const renderer = new RstPreviewRenderer({ graphviz });
    const first = await renderer.render(parse(text, uri), { uri, interactive: true });
    const before = graphviz.stats().layouts;
    const edited = text.replace('"DNS Servers" [shape=egg]', '"DNS Servers" [shape=box3d]');
    const second = await renderer.render(parse(edited, uri), { uri, interactive: true });
    assert.equal(graphviz.stats().layouts - before, 1, 'exactly one layout');
    const k1 = Object.keys(first.diagrams);
    const k2 = Object.keys(second.diagrams);
    assert.deepEqual(
      k1.map((k, i) => k === k2[i]),
      [true, true, false, true, true, true],
    );
    const third = await renderer.render(parse(`\n\n\n${edited}`, uri), { uri, interactive: true });
    assert.equal(graphviz.stats().layouts - before, 1, 'no layout for lines added above');
    assert.deepEqual(Object.keys(third.diagrams), k2);
    assert.notEqual(/data-dot-base="(\d+)"/.exec(third.html)![1], /data-dot-base="(\d+)"/.exec(second.html)![1]);
  });

  test('a broken diagram shows the error over its last good drawing', async () => {
    const renderer = new RstPreviewRenderer({ graphviz });
    const good = await renderer.render(parse(text, uri), { uri, interactive: true });
    const broken = text.replace('"API Server 1";\n', '"API Server 1" -> ;\n');
    const r = await renderer.render(parse(broken, uri), { uri, interactive: true });
    assert.equal(r.errors, 1);
    const figure = /<figure class="hg-diagram hg-diagram-error hg-diagram-stale"[^>]*>[\s\S]*?<\/figure>/.exec(r.html)![0];
    assert.match(figure, /role="alert">Line \d+: /);
    assert.match(figure, new RegExp(`data-key="${Object.keys(good.diagrams)[0]}"`), 'the last good drawing stays');
    // Without a last good drawing: the error alone.
    const fresh = await new RstPreviewRenderer({ graphviz }).render(parse(broken, uri), { uri });
    assert.match(fresh.html, /<figure class="hg-diagram hg-diagram-error"[^>]*>\n<div class="hg-diagram-message hg-diagram-message-error" role="alert">Line \d+: [^<]+<\/div>\n<\/figure>/);
  });

  test('a broken diagram keeps its own last good drawing when a diagram is inserted above it', async () => {
    const u = 'file:///identity.rst';
    const diagram = (name: string, body: string) => `.. graphviz::\n\n   digraph ${name} { ${body} }\n\n`;
    const doc = (extra: string, beta: string) =>
      `Alpha\n=====\n\n${diagram('Alpha', 'a1 -> a2;')}Beta\n====\n\n${extra}${diagram('Beta', beta)}`;
    /** The `data-key` of each diagram figure, in document order ('' when it shows no drawing). */
    const figures = (html: string) =>
      [...html.matchAll(/<figure class="hg-diagram[^"]*"[^>]*>[\s\S]*?<\/figure>/g)].map((m) => ({
        error: /hg-diagram-error/.test(m[0]),
        key: /data-key="([^"]+)"/.exec(m[0])?.[1] ?? '',
      }));
    const renderer = new RstPreviewRenderer({ graphviz });
    const good = figures((await renderer.render(parse(doc('', 'b1 -> b2;'), u), { uri: u })).html);
    assert.equal(good.length, 2);
    assert.ok(good.every((f) => !f.error && f.key));
    const [alphaKey, betaKey] = good.map((f) => f.key);
    // A new diagram above Beta (in Beta's section) while Beta is broken.
    const after = figures((await renderer.render(parse(doc(diagram('Inserted', 'x1 -> x2 -> x3;'), 'b1 -> ;'), u), { uri: u })).html);
    assert.equal(after.length, 3);
    assert.deepEqual(after.map((f) => f.error), [false, false, true]);
    const insertedKey = after[1].key;
    assert.ok(insertedKey && insertedKey !== alphaKey && insertedKey !== betaKey);
    assert.equal(after[2].key, betaKey, "Beta's error shows Beta's last good drawing");
    // A broken copy of Beta at the top of the document has no drawing of its own; Beta keeps its own.
    const moved = figures((await renderer.render(parse(`${diagram('Beta', 'b1 -> ;')}${doc('', 'b1 -> ;')}`, u), { uri: u })).html);
    assert.deepEqual(moved.map((f) => [f.error, f.key]), [[true, ''], [false, alphaKey], [true, betaKey]]);
  });

  test('a slow diagram does not hold the text back', async () => {
    const nodes = Array.from({ length: 1500 }, (_, i) => `n${i} -> n${(i * 7 + 3) % 1500};`).join(' ');
    const doc = `Slow\n====\n\n.. graphviz::\n\n   digraph Slow { ${nodes} }\n\nAfter.\n`;
    const renderer = new RstPreviewRenderer({ graphviz });
    const quick = await renderer.render(parse(doc, 'file:///slow.rst'), { uri: 'file:///slow.rst', waitMs: 0 });
    assert.equal(quick.pending, 1);
    assert.match(quick.html, /<p data-line="7">After.<\/p>/);
    const full = await renderer.render(parse(doc, 'file:///slow.rst'), { uri: 'file:///slow.rst' });
    assert.equal(full.pending, 0);
    assert.equal(Object.keys(full.diagrams).length, 1);
  });
});

describe('ha-guide render', () => {
  test("renders as the file's Sphinx project does: rst_epilog's substitutions, highlight_language", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-render-project-'));
    fs.writeFileSync(path.join(dir, 'conf.py'), "highlight_language = 'bash'\nrst_epilog = '.. |product| replace:: HA Guide Studio'\n");
    fs.writeFileSync(path.join(dir, 'index.rst'), 'Index\n=====\n\nBy |product|::\n\n   echo $HOME\n');
    const out = path.join(dir, 'index.html');
    const io = { out: '', err: '' };
    assert.equal(await runCli(['render', path.join(dir, 'index.rst'), '-o', out], { stdout: { write: (s: string) => (io.out += s) }, stderr: { write: (s: string) => (io.err += s) } }), 0, io.err);
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /By HA Guide Studio:/);
    assert.match(html, /<span class="hl-variable">\$HOME<\/span>/);
    // Without conf.py: no project, the substitution is unresolved and the literal block plain.
    fs.rmSync(path.join(dir, 'conf.py'));
    assert.equal(await runCli(['render', path.join(dir, 'index.rst'), '-o', out], { stdout: { write: () => true }, stderr: { write: () => true } }), 0);
    const bare = fs.readFileSync(out, 'utf8');
    assert.match(bare, /<span class="hg-substitution hg-unresolved">\|product\|<\/span>/);
    assert.doesNotMatch(bare, /<span class="hl-variable">/); // (the inlined stylesheet names the class)
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("links to the project's other documents: a :ref: to a label there, the titles :doc: and the toctree show; excluded documents are not read", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-render-links-'));
    fs.writeFileSync(path.join(dir, 'conf.py'), "exclude_patterns = ['drafts/*']\n");
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.mkdirSync(path.join(dir, 'drafts'));
    fs.writeFileSync(path.join(dir, 'sub', 'other.rst'), 'Other page\n==========\n\nText.\n\n.. _deep-label:\n\nDeep section\n------------\n');
    fs.writeFileSync(path.join(dir, 'drafts', 'draft.rst'), '.. _draft-label:\n\nDraft\n=====\n');
    fs.writeFileSync(
      path.join(dir, 'index.rst'),
      'Index\n=====\n\nSee :doc:`sub/other`, :doc:`its title <sub/other>`, :ref:`deep-label`, :ref:`draft-label` and :doc:`missing`.\n\n.. toctree::\n\n   sub/other\n',
    );
    const out = path.join(dir, 'index.html');
    const io = { out: '', err: '' };
    assert.equal(await runCli(['render', path.join(dir, 'index.rst'), '-o', out], { stdout: { write: (s: string) => (io.out += s) }, stderr: { write: (s: string) => (io.err += s) } }), 0, io.err);
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /<a class="hg-reference hg-doc" href="sub\/other.rst">Other page<\/a>, <a class="hg-reference hg-doc" href="sub\/other.rst">its title<\/a>/);
    assert.match(html, /<a class="hg-reference hg-xref" href="sub\/other.rst#L6">Deep section<\/a>/);
    assert.match(html, /<span class="hg-reference hg-xref hg-unresolved">draft-label<\/span>/);
    assert.match(html, /<a class="hg-reference hg-doc" href="missing.rst">missing<\/a>/);
    assert.match(html, /<li data-line="7"><a class="hg-doc" href="sub\/other.rst">Other page<\/a><\/li>/);
    // A `/`-rooted :doc: is rooted at the source folder, not at the document's own folder.
    fs.writeFileSync(path.join(dir, 'sub', 'third.rst'), 'Third\n=====\n\nUp to :doc:`/index`, across to :doc:`/sub/other`, get :download:`/files/run.sh`.\n\n.. toctree::\n\n   /index\n');
    assert.equal(await runCli(['render', path.join(dir, 'sub', 'third.rst'), '-o', out], { stdout: { write: () => true }, stderr: { write: () => true } }), 0);
    const third = fs.readFileSync(out, 'utf8');
    assert.match(third, /Up to <a class="hg-reference hg-doc" href="..\/index.rst">Index<\/a>, across to <a class="hg-reference hg-doc" href="other.rst">Other page<\/a>/);
    assert.match(third, /<a class="hg-doc" href="..\/index.rst">Index<\/a>/);
    assert.match(third, /<a class="hg-reference hg-download" href="..\/files\/run.sh"><code class="hg-literal-text">\/files\/run.sh<\/code><\/a>/);
    // Outside a Sphinx project nothing around the file is read (`:ref:` is Sphinx's; no walk of a home folder).
    fs.rmSync(path.join(dir, 'conf.py'));
    assert.equal(await runCli(['render', path.join(dir, 'index.rst'), '-o', out], { stdout: { write: () => true }, stderr: { write: () => true } }), 0);
    assert.match(fs.readFileSync(out, 'utf8'), /<span class="hg-reference hg-xref hg-unresolved">deep-label<\/span>/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("links into another project's documentation (intersphinx): a :doc: to its page, a :ref: named with its inventory", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-render-intersphinx-'));
    fs.writeFileSync(path.join(dir, 'conf.py'), "extensions = ['sphinx.ext.intersphinx']\nintersphinx_mapping = {'cdg': ('https://docs.example.org/deploy/latest/', None)}\n");
    fs.writeFileSync(path.join(dir, 'index.rst'), 'Index\n=====\n\nSee :doc:`cdg:configure-openstack`, :doc:`the guide <cdg:index>`, :ref:`cdg:install-maas` and :ref:`nope:x`.\n');
    const out = path.join(dir, 'index.html');
    assert.equal(await runCli(['render', path.join(dir, 'index.rst'), '-o', out], { stdout: { write: () => true }, stderr: { write: () => true } }), 0);
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /<a class="hg-reference hg-doc hg-external" href="https:\/\/docs.example.org\/deploy\/latest\/configure-openstack.html">cdg:configure-openstack<\/a>/);
    assert.match(html, /<a class="hg-reference hg-doc hg-external" href="https:\/\/docs.example.org\/deploy\/latest\/index.html">the guide<\/a>/);
    assert.match(html, /<span class="hg-reference hg-intersphinx" title="in the cdg documentation \(intersphinx\)">cdg:install-maas<\/span>/);
    // A prefix conf.py does not map is a label of this project, and it has none of that name.
    assert.match(html, /<span class="hg-reference hg-xref hg-unresolved">nope:x<\/span>/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('writes a self-contained page: diagrams inline, no script, a strict CSP', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-render-'));
    const out = path.join(dir, 'ha.html');
    const io = { out: '', err: '' };
    const code = await runCli(['render', SEED, '-o', out], { stdout: { write: (s: string) => (io.out += s) }, stderr: { write: (s: string) => (io.err += s) } });
    assert.equal(code, 0, io.err);
    const html = fs.readFileSync(out, 'utf8');
    assert.equal((html.match(/<svg /g) ?? []).length, 6);
    assert.doesNotMatch(html, /<script/i);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;nonce-/);
    assert.match(html, /<title>High Availability Guide<\/title>/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('bad usage and unreadable input exit 2', async () => {
    const sink = { write: () => true };
    assert.equal(await runCli(['render'], { stdout: sink, stderr: sink }), 2);
    assert.equal(await runCli(['render', '/nonexistent/x.rst'], { stdout: sink, stderr: sink }), 2);
    assert.equal(await runCli(['render', SEED, '--bogus'], { stdout: sink, stderr: sink }), 2);
    assert.equal(await runCli(['preview', '/nonexistent/x.rst'], { stdout: sink, stderr: sink }), 2);
    assert.equal(await runCli(['preview', '--port', 'x'], { stdout: sink, stderr: sink }), 2);
  });
});

test('a :ref: to a label of another document links to that document at the label, with its section title', async () => {
  const ws = { exists: () => false, sourceDir: () => 'file:///ws/' };
  const service = createLanguageService({ workspace: ws });
  service.indexDocument({ uri: 'file:///ws/admin/ha.rst', version: 1, getText: () => 'Intro.\n\n.. _ha:\n\nHigh Availability\n=================\n' });
  const doc = { uri: 'file:///ws/index.rst', version: 1, getText: () => 'Index\n=====\n\nSee :ref:`ha` and :ref:`nope`.\n' };
  service.indexDocument(doc);
  const out = await renderForPreview(service, createNodePreviewRenderer(undefined, { index: service.index, ws }), doc, { uri: doc.uri });
  assert.ok(out);
  assert.match(out.html, /<a class="hg-reference hg-xref" href="admin\/ha\.rst#L3">High Availability<\/a>/);
  assert.match(out.html, /<span class="hg-reference hg-xref hg-unresolved">nope<\/span>/);
});

test("a :ref: to a label of the same document shows the title of the section the label stands before, as Sphinx does", () => {
  const html = renderDocument(parse('Doc\n===\n\nSee :ref:`my-sec`, :ref:`other <my-sec>` and :ref:`plain`.\n\n.. _my-sec:\n.. _alias:\n\nMy section\n----------\n\n.. _plain:\n\nA paragraph.\n')).html;
  assert.match(html, /<a class="hg-reference hg-xref" href="#my-sec">My section<\/a>, <a class="hg-reference hg-xref" href="#my-sec">other<\/a>/);
  // A label before a paragraph names no title: Sphinx asks for an explicit one; the label is shown.
  assert.match(html, /<a class="hg-reference hg-xref" href="#plain">plain<\/a>/);
});

test("a cross-reference whose text starts with `!` is text, without the `!`, as Sphinx shows it (python/typing's :ref:`!Any`)", () => {
  const html = renderDocument(parse('Doc\n===\n\n.. _any:\n\nAny\n---\n\nSee :ref:`!Any`, :doc:`!nodoc`, :term:`!word` and :ref:`Any`.\n')).html;
  assert.match(html, /See <span class="hg-xref-text">Any<\/span>, <span class="hg-xref-text">nodoc<\/span>, <span class="hg-xref-text">word<\/span> and <a class="hg-reference hg-xref" href="#any/);
});

test("what Sphinx links and the preview cannot: its own index and search pages by name, a URI of a scheme the preview does not open as plain text", () => {
  const html = renderDocument(parse('See :ref:`genindex`, :ref:`the modules <modindex>`, :ref:`search`, irc://oftc.net/#openstack-dns and [service:central].\n')).html;
  assert.match(html, /<span class="hg-reference hg-xref hg-sphinx-page">Index<\/span>, <span class="hg-reference hg-xref hg-sphinx-page">the modules<\/span>, <span class="hg-reference hg-xref hg-sphinx-page">Search Page<\/span>/);
  assert.match(html, /<a class="hg-reference hg-external" href="irc:\/\/oftc.net\/#openstack-dns">irc:\/\/oftc.net\/#openstack-dns<\/a>/);
  assert.match(html, /\[<span class="hg-reference hg-uri-text">service:central<\/span>\]/);
  assert.doesNotMatch(html, /hg-unresolved/);
});

test('a parsed literal renders its markup and substitutions, dedented; a line-block directive renders its lines', () => {
  const text = '.. |tag| replace:: 1.2.3\n\n.. parsed-literal::\n   :name: steps\n\n     # git checkout |tag|\n   run **this** `docs <https://example.org/>`_\n     and *indented*\n\n.. line-block::\n\n   first *line*\n      second |tag|\n';
  const html = renderDocument(parse(text)).html;
  const pre = /<pre class="hg-literal hg-parsed-literal"[^>]*>([\s\S]*?)<\/pre>/.exec(html);
  assert.ok(pre, html);
  assert.match(pre[0], /id="steps"/);
  assert.equal(
    pre[1],
    '<code>  # git checkout 1.2.3\nrun <strong>this</strong> <a class="hg-reference hg-external" href="https://example.org/">docs</a>\n  and <em>indented</em></code>',
  );
  assert.match(html, /<div class="hg-line" data-line="11">first <em>line<\/em><\/div>/);
  assert.match(html, /<div class="hg-line hg-indent-3" data-line="12">second 1\.2\.3<\/div>/);
});

test('a date substitution formats its content, on the directive line or below it, as docutils does (%Y-%m-%d without one)', () => {
  const text = '.. |y| date:: %Y\n.. |dm| date::\n   %d.%m.\n.. |iso| date::\n\n|y|, |dm| and |iso|.\n';
  const html = renderDocument(parse(text), { now: new Date(2026, 2, 4) }).html;
  assert.match(html, />2026, 04\.03\. and 2026-03-04\.</, html);
});

test("literal blocks take the project's highlight_language until a highlight directive changes it", () => {
  const text = 'Run::\n\n   def f(): return None\n\n.. highlight:: bash\n\nThen::\n\n   echo $HOME\n';
  const doc = parse(text);
  const plain = renderDocument(doc).html;
  assert.doesNotMatch(plain.split('Then')[0], /hl-keyword/, 'no project: literal blocks are plain');
  const python = renderDocument(doc, { highlightLanguage: projectHighlightLanguage(undefined) }).html;
  assert.match(python.split('Then')[0], /<span class="hl-keyword">def<\/span>/);
  assert.match(python.split('Then')[1], /<span class="hl-variable">\$HOME<\/span>/);
  assert.equal(projectHighlightLanguage('yaml'), 'yaml');
  assert.equal(projectHighlightLanguage({ unknown: 'os.environ[...]' }), undefined);
});

test("a substitution conf.py's rst_epilog defines renders in the preview; the document's own definition wins; an undefined one stays marked", async () => {
  const files: Record<string, string> = {
    'file:///p/conf.py': [
      'import subprocess',
      "latest = subprocess.check_output(['git', 'describe']).decode()",
      'rst_epilog = """',
      '.. |release| replace:: 2026.2 (*Hibiscus*)',
      '.. |latest_tag| replace:: {latest}',
      '.. |own| replace:: from the epilog',
      '.. |logo| image:: logo.png',
      '""".format(latest=latest)',
      '',
    ].join('\n'),
  };
  const ws = { exists: (u: string) => u in files, sourceDir: () => 'file:///p/', readFile: (u: string) => files[u] };
  const service = createLanguageService({ workspace: ws });
  const doc = { uri: 'file:///p/index.rst', version: 1, getText: () => 'Index\n=====\n\nOn |release|, tag |latest_tag|, |own|, |logo| and |nope|.\n\n.. |own| replace:: from the document\n' };
  const out = await renderForPreview(service, createNodePreviewRenderer(undefined, { index: service.index, ws }), doc, { uri: doc.uri });
  assert.ok(out);
  assert.match(out.html, /On 2026\.2 \(<em>Hibiscus<\/em>\), tag \{latest\}, from the document, /);
  assert.match(out.html, /<img[^>]*class="hg-inline-image"[^>]*data-hg-src="file:\/\/\/p\/logo\.png"|<img[^>]*data-hg-src="file:\/\/\/p\/logo\.png"[^>]*class="hg-inline-image"/);
  assert.ok(out.resources.includes('file:///p/logo.png'), out.resources.join(' '));
  assert.match(out.html, /<span class="hg-substitution hg-unresolved">\|nope\|<\/span>/);
  // Without the project's epilog the same document shows them unresolved.
  const bare = renderDocument(service.parse(doc), { uri: doc.uri });
  assert.match(bare.html, /<span class="hg-substitution hg-unresolved">\|latest_tag\|<\/span>/);
  assert.match(bare.html, /<span class="hg-substitution" title="Set by Sphinx from conf.py">\|release\|<\/span>/); // Sphinx's own, from conf.py's release
});

test("an image named name.* is the file Sphinx's HTML builder picks: SVG, then PNG, GIF, JPEG (pytest's fixture diagrams)", async () => {
  const files: Record<string, string> = {
    'file:///p/conf.py': "project = 'p'\n",
    'file:///p/example/both.svg': '<svg/>',
    'file:///p/example/both.png': 'PNG',
    'file:///p/example/raster.png': 'PNG',
    'file:///p/example/raster.jpg': 'JPG',
  };
  const ws = { exists: (u: string) => u in files, sourceDir: () => 'file:///p/', readFile: (u: string) => files[u] };
  const service = createLanguageService({ workspace: ws });
  const text = 'Fixtures\n========\n\n.. image:: /example/both.*\n\n.. figure:: example/raster.*\n\n   Raster.\n\n.. image:: example/none.*\n';
  const doc = { uri: 'file:///p/index.rst', version: 1, getText: () => text };
  const out = await renderForPreview(service, createNodePreviewRenderer(undefined, { index: service.index, ws }), doc, { uri: doc.uri });
  assert.ok(out);
  assert.deepEqual(out.resources, ['file:///p/example/both.svg', 'file:///p/example/raster.png', 'file:///p/example/none.*']);
  // The check agrees: only the image with no file at all is reported.
  service.index.set(doc.uri, 1, text);
  const diags = (await service.computeDiagnostics(doc)).filter((d) => d.code === 'sphinx.image-not-found');
  assert.deepEqual(diags.map((d) => d.message), ['image file not readable: example/none.*']);
});
