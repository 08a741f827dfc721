import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { dotCheckStats } from '../../server/src/dot/check';
import { createDotDiagnosticProvider, fileUriToPath, findGraphvizDirectives, joinPath, resolveGraphvizFile } from '../../server/src/dot/provider';
import { GraphvizService } from '../../server/src/graphviz/service';
import { createNodeLanguageService } from '../../server/src/nodeService';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';

/**
 * The provider on real RST (the real parser): Sphinx's graphviz directive semantics, DOT at exact
 * positions inside nested directives, the file form, and Graphviz's verdict through the worker.
 */
const graphviz = new GraphvizService();
after(() => graphviz.dispose());
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-dot-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const readFile = (p: string) => {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};
const provider = createDotDiagnosticProvider({ graphviz, readFile });

async function run(text: string, name = 'doc.rst') {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const doc = parseRst(text, { registry: createRegistry([], []) });
  const ps = await provider(doc, pathToFileURL(file).href);
  return ps.map((p) => ({ code: p.code, at: text.slice(p.start, p.end), message: p.message, start: p.start })).sort((a, b) => a.start - b.start);
}

test('a syntax error inside a directive nested in a list, at the exact token', { timeout: 30000 }, async () => {
  const text = 'Intro.\n\n* Item:\n\n  .. graphviz::\n\n     digraph {\n       a -> ;\n     }\n';
  const ps = await run(text);
  assert.deepEqual(ps.map((p) => [p.code, p.at]), [['dot.syntax', ';']]);
  assert.equal(ps[0].start, text.indexOf('-> ;') + 3);
});

test('Sphinx semantics: content and file, no content, missing file, unknown layout', { timeout: 30000 }, async () => {
  const ps = await run(
    [
      '.. graphviz:: x.dot',
      '',
      '   digraph { a }',
      '',
      '.. graphviz::',
      '',
      'Text.',
      '',
      '.. graphviz:: missing.dot',
      '',
      '.. graphviz::',
      '   :layout: neatoo',
      '',
      '   digraph { b }',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    ps.map((p) => [p.code, p.at, p.message]),
    [
      ['sphinx.graphviz-content-and-file', 'x.dot', 'Graphviz directive cannot have both content and a filename argument'],
      ['sphinx.graphviz-no-content', 'graphviz', 'Ignoring "graphviz" directive without content.'],
      ['sphinx.graphviz-file-not-found', 'missing.dot', "External Graphviz file 'missing.dot' not found or reading it failed"],
      ['sphinx.graphviz-unknown-layout', 'neatoo', 'Unknown Graphviz layout engine "neatoo" (one of dot, neato, fdp, sfdp, circo, twopi, osage, patchwork, nop, nop2)'],
    ],
  );
});

test('the file form: the .dot file is checked, a leading / is relative to the conf.py directory', { timeout: 30000 }, async () => {
  fs.mkdirSync(path.join(dir, 'src', 'sub', 'figs'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src', 'conf.py'), '');
  fs.writeFileSync(path.join(dir, 'src', 'sub', 'figs', 'a.dot'), 'digraph {\n  a [shape=cylnder]\n}\n');
  fs.mkdirSync(path.join(dir, 'src', 'figs'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src', 'figs', 'b.dot'), 'graph {\n  a -> b\n}\n');
  const ps = await run('.. graphviz:: figs/a.dot\n\n.. graphviz:: /figs/b.dot\n', 'src/sub/page.rst');
  assert.deepEqual(
    ps.map((p) => [p.code, p.at, p.message]),
    [
      ['dot.unknown-shape', 'figs/a.dot', 'figs/a.dot:2:12: Unknown shape "cylnder"; did you mean "cylinder"? (Graphviz draws a box instead)'],
      ['dot.edge-op-mismatch', '/figs/b.dot', '/figs/b.dot:2:5: Directed edge "->" in an undirected graph: use "--" (Graphviz rejects the diagram)'],
    ],
  );
});

test('graph and digraph directives: wrapped like Sphinx, engine from :layout: and :graphviz_dot:', { timeout: 30000 }, async () => {
  const text = ['.. digraph:: G', '   :graphviz_dot: neato', '', '   a -> b [colr=red]', '', '.. graph:: U', '', '   a -> b', ''].join('\n');
  const ps = await run(text);
  assert.deepEqual(
    ps.map((p) => [p.code, p.at]),
    [
      ['dot.unknown-attribute', 'colr'],
      ['dot.edge-op-mismatch', '->'],
    ],
  );
});

test('a Graphviz-only error (HTML label) comes back through the worker at the label', { timeout: 30000 }, async () => {
  const ps = await run('.. graphviz::\n\n   digraph {\n     a [label=<<b>x</i>>]\n   }\n');
  assert.deepEqual(ps.map((p) => [p.code, p.at]), [['dot.html-label', '<<b>x</i>>']]);
});

test('the Node language service runs the DOT checks and its dispose ends the worker', { timeout: 30000 }, async () => {
  const service = createNodeLanguageService();
  const text = '.. graphviz::\n\n   digraph { rankdir=XY; a -> b }\n';
  const diags = await service.computeDiagnostics({ uri: 'untitled:x', version: 1, getText: () => text });
  assert.deepEqual(
    diags.map((d) => [d.code, d.severity, d.source, text.slice(d.start, d.end)]),
    [['dot.invalid-value', 'warning', 'dot', 'XY']],
  );
  assert.equal(service.graphviz?.stats().layouts, 1);
  service.dispose();
  assert.equal((await service.graphviz?.layout('digraph {}', 'dot'))?.status, 'crash');
});

test('paths: file URIs, joins, and the search for conf.py', () => {
  assert.equal(fileUriToPath('file:///home/u/doc%20s/a.rst'), '/home/u/doc s/a.rst');
  assert.equal(fileUriToPath('file:///c%3A/docs/a.rst'), 'c:/docs/a.rst');
  assert.equal(fileUriToPath('untitled:Untitled-1'), undefined);
  assert.equal(joinPath('/a/b', '../c/./d.dot'), '/a/c/d.dot');
  assert.equal(joinPath('c:/a', 'b.dot'), 'c:/a/b.dot');
  const files = new Map([['/p/src/conf.py', ''], ['/p/src/figs/x.dot', 'digraph {}']]);
  const rf = (p: string) => files.get(p);
  assert.equal(resolveGraphvizFile('/p/src/a/b/page.rst', '/figs/x.dot', rf), '/p/src/figs/x.dot');
  assert.equal(resolveGraphvizFile('/p/src/a/page.rst', '../figs/x.dot', rf), '/p/src/figs/x.dot');
  // Without conf.py: the nearest ancestor that has the file.
  const noConf = new Map([['/q/doc/_static/d.dot', '']]);
  assert.equal(resolveGraphvizFile('/q/doc/ext/page.rst', '/_static/d.dot', (p) => noConf.get(p)), '/q/doc/_static/d.dot');
});

test('the DOT checks run once per diagram text: an edit elsewhere re-checks nothing, an edit in one diagram re-checks it alone', async () => {
  // More distinct diagrams than the parse cache holds, each with a problem (so a stale result would show).
  const diagrams = Array.from({ length: 150 }, (_, i) => `.. graphviz::\n\n   digraph { n${i} [colour=red] }\n`);
  const checksOnly = createDotDiagnosticProvider({});
  const check = async (text: string) => {
    const ps = await checksOnly(parseRst(text, { registry: createRegistry([], []) }), 'file:///checks/doc.rst');
    return ps.map((p) => [p.code, text.slice(p.start, p.end)]);
  };
  const v1 = 'Intro.\n\n' + diagrams.join('\n');
  const before = dotCheckStats();
  const first = await check(v1);
  assert.equal(first.length, 150);
  assert.deepEqual(first[0], ['dot.unknown-attribute', 'colour']);
  const afterFirst = dotCheckStats();
  assert.equal(afterFirst.runs - before.runs, 150);
  // Typing in the RST above every diagram: all positions move, no check runs again.
  const v2 = 'Intro, longer now.\n\n' + diagrams.join('\n');
  assert.deepEqual(await check(v2), first);
  const afterEdit = dotCheckStats();
  assert.equal(afterEdit.runs, afterFirst.runs);
  assert.equal(afterEdit.hits - afterFirst.hits, 150);
  // Typing in one diagram: that diagram alone.
  const v3 = v2.replace('n7 [colour=red]', 'n7 [color=red]');
  assert.equal((await check(v3)).length, 149);
  assert.equal(dotCheckStats().runs - afterEdit.runs, 1);
});

test('the diagrams found in a tree are kept for that tree only: a new text at the same address is read anew', () => {
  const registry = createRegistry([], []);
  const names = (text: string) => findGraphvizDirectives(parseRst(text, { registry })).map((d) => d.name);
  const nested = '- item\n\n  .. digraph:: g\n\n     a -> b\n';
  // Same text twice (two trees), then diagrams added, nested, removed: each tree answers for itself.
  assert.deepEqual(names('Intro.\n'), []);
  assert.deepEqual(names('Intro.\n'), []);
  assert.deepEqual(names('Intro.\n\n.. graphviz::\n\n   digraph { a }\n'), ['graphviz']);
  assert.deepEqual(names('Intro.\n\n' + nested + '\n.. graph:: h\n\n   a -- b\n'), ['digraph', 'graph']);
  assert.deepEqual(names('Intro.\n'), []);
  // The same tree asked twice gets the same list, not a second walk.
  const doc = parseRst(nested, { registry });
  assert.equal(findGraphvizDirectives(doc), findGraphvizDirectives(doc));
});

test('a /-rooted graphviz file: no conf.py look-up per check when the project layer gives the source folder (or says there is none)', async () => {
  const reads: string[] = [];
  const counting = (p: string) => {
    reads.push(p);
    return p.endsWith('/x.dot') ? 'digraph { a -> b }' : undefined;
  };
  const text = '.. graphviz:: /x.dot\n';
  const doc = parseRst(text, { registry: createRegistry([], []) });
  for (const sourceDir of [() => '/project/docs', () => undefined]) {
    reads.length = 0;
    const p = createDotDiagnosticProvider({ readFile: counting, sourceDir });
    for (let i = 0; i < 3; i++) assert.deepEqual(await p(doc, 'file:///project/docs/guide/a.rst'), []);
    assert.deepEqual(reads.filter((r) => r.endsWith('conf.py')), []);
  }
  // Without the project layer, the conf.py search (the CLI's and tests' way) still finds the folder.
  reads.length = 0;
  await createDotDiagnosticProvider({ readFile: counting })(doc, 'file:///project/docs/guide/a.rst');
  assert.ok(reads.some((r) => r.endsWith('conf.py')));
});
