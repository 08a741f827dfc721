import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createLanguageService, type HgDiagnostic } from '../../server/src/languageService';
import { createNodeLanguageService } from '../../server/src/nodeService';
import { ProjectKnowledge, sphinxPattern } from '../../server/src/project/project';
import { startLspClient } from './lspClient';

/**
 * What the server learns from a Sphinx project without running Python: conf.py (extensions, extlinks,
 * intersphinx, rst_epilog, language, exclude_patterns, setup(app)), a local extension, the registry of known
 * extensions, pyproject.toml's [tool.ha-guide] and included files. Checked through the real CLI and the real
 * server on test/fixtures/projects/knowledge, whose every construct Sphinx accepts.
 */
const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const FIXTURE = path.join(ROOT, 'test/fixtures/projects/knowledge');

interface Rec {
  file: string;
  line: number;
  severity: string;
  code: string;
  message: string;
}

function lint(cwd: string, ...args: string[]): { code: number | null; records: Rec[]; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', ...args], { cwd, encoding: 'utf8', timeout: 120000 });
  return { code: r.status, records: r.stdout ? (JSON.parse(r.stdout) as Rec[]) : [], stderr: r.stderr };
}

/** A project in a temporary folder: `setup.cfg` at its top (so it is a source tree) and an empty `doc/`. */
function tempProject(prefix: string): { dir: string; src: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const src = path.join(dir, 'doc');
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(dir, 'setup.cfg'), '[metadata]\n');
  return { dir, src };
}

function copyFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-project-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

test('CLI: a project whose every construct Sphinx accepts gets no error and no warning', () => {
  const r = lint(FIXTURE, 'doc/source');
  const loud = r.records.filter((x) => x.severity === 'error' || x.severity === 'warning');
  assert.deepEqual(loud, [], JSON.stringify(loud, null, 2));
  assert.equal(r.code, 0, r.stderr);
  // The one directive nobody knows is information, naming the extension it may come from.
  const infos = r.records.filter((x) => x.code.startsWith('project.'));
  assert.equal(infos.length, 1, JSON.stringify(r.records, null, 2));
  assert.equal(infos[0].code, 'project.extension-directive');
  assert.match(infos[0].message, /"mystery-directive".*"mystery_extension\.sphinxext", listed in conf\.py/);
  // exclude_patterns and [tool.ha-guide] exclude keep files out of a directory lint.
  assert.ok(!r.records.some((x) => /excluded\.rst|draft\.rst/.test(x.file)), JSON.stringify(r.records));
});

test('CLI: the same project with real mistakes reports each of them', () => {
  const dir = copyFixture();
  const index = path.join(dir, 'doc/source/index.rst');
  fs.appendFileSync(
    index,
    [
      '',
      'Broken: |nosuch|, :ref:`python3:tut-intro`, :ref:`not-anywhere`, :ref:`includd-label`, `No Such Link`_.',
      '',
      '.. show-options::',
      '   :config-fle: etc/demo.conf',
      '',
    ].join('\n'),
  );
  const r = lint(dir, 'doc/source');
  const codes = r.records.filter((x) => x.file.endsWith('index.rst')).map((x) => `${x.code} ${x.message}`);
  const has = (re: RegExp) => assert.ok(codes.some((c) => re.test(c)), `${re} not in\n${codes.join('\n')}`);
  has(/^rst\.undefined-substitution .*"nosuch"/);
  // python3 is not an intersphinx key: the whole name is looked up in every inventory.
  has(/^sphinx\.undefined-label-intersphinx undefined label in this project: 'python3:tut-intro'/);
  // With intersphinx on, an unprefixed label may be in an inventory (information); a typo of a label of the
  // project is still a warning.
  has(/^sphinx\.undefined-label-intersphinx undefined label in this project: 'not-anywhere'; it may be in an intersphinx inventory \(python\)/);
  has(/^sphinx\.undefined-label undefined label: 'includd-label' \(did you mean 'included-label'\?\)/);
  has(/^rst\.unknown-target .*"no such link"/i);
  has(/^rst\.directive-error .*config-fle/);
  assert.equal(r.code, 1);
});

test('CLI: a broken pyproject.toml is reported on that file, and defaults are used', () => {
  const dir = copyFixture();
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.ha-guide]\ndirectives = ["vendor-banner"\nroles = 5\n');
  const r = lint(dir, 'doc/source');
  const conf = r.records.filter((x) => x.code === 'project.config-error');
  assert.equal(conf.length, 1, JSON.stringify(r.records, null, 2));
  assert.equal(conf[0].file, 'pyproject.toml');
  assert.ok(conf[0].line >= 2 && conf[0].line <= 3, JSON.stringify(conf[0]));
  // Without the table, vendor-banner is not declared: the unknown-extension rule makes it information.
  assert.ok(r.records.some((x) => x.code === 'project.extension-directive' && /vendor-banner/.test(x.message)));
});

test('CLI: without conf.py the same document gets the errors Sphinx would give on a bare project', () => {
  const dir = copyFixture();
  fs.rmSync(path.join(dir, 'doc/source/conf.py'));
  fs.rmSync(path.join(dir, 'pyproject.toml'));
  const r = lint(dir, 'doc/source/index.rst');
  const codes = new Set(r.records.map((x) => x.code));
  assert.ok(codes.has('rst.undefined-substitution'), [...codes].join(' ')); // |product| comes from rst_epilog
  assert.ok(codes.has('rst.unknown-directive')); // feature-matrix, 注解
  assert.ok(codes.has('rst.unknown-role')); // :bug: is an extlinks key
});

test('project: every knob read from conf.py, pyproject.toml and the local extension, in memory', () => {
  const root = 'file:///p/doc/source/';
  const files: Record<string, string> = {};
  for (const [rel, to] of [
    ['doc/source/conf.py', 'file:///p/doc/source/conf.py'],
    ['doc/ext/localext.py', 'file:///p/doc/ext/localext.py'],
    ['pyproject.toml', 'file:///p/pyproject.toml'],
  ]) {
    files[to] = fs.readFileSync(path.join(FIXTURE, rel), 'utf8');
  }
  const reads: string[] = [];
  const knowledge = new ProjectKnowledge({
    readFile: (uri) => {
      reads.push(uri);
      return files[uri];
    },
    sourceDir: (uri) => (uri.startsWith(root) ? root : undefined),
  });
  const p = knowledge.project(root + 'index.rst')!;
  assert.ok(p);
  assert.deepEqual(p.localExtensions.map((l) => [l.module, l.uri]), [['localext', 'file:///p/doc/ext/localext.py']]);
  assert.deepEqual(p.unknownExtensions, ['mystery_extension.sphinxext']);
  assert.ok(p.knownExtensions.includes('oslo_config.sphinxext'));
  assert.ok(p.extras.roles!.includes('bug'));
  assert.ok(p.extras.roles!.includes('local-role'));
  assert.ok(p.extras.roles!.includes('confval'));
  assert.ok(p.extras.directives!.some((d) => typeof d !== 'string' && d.name === 'feature-matrix'));
  assert.ok(p.intersphinx.has('python'));
  assert.ok(p.substitutions.has('product'));
  assert.ok(p.targets.has('epilog-target'));
  assert.equal(p.extras.localDirectives?.['注解'], 'note');
  assert.ok(p.excluded(root + 'excluded.rst'));
  assert.ok(p.excluded(root + 'drafts/draft.rst'));
  assert.ok(!p.excluded(root + 'index.rst'));
  assert.equal(p.providers.get('role:oslo.config:option')?.source, 'oslo_config.sphinxext');
  assert.equal(p.providers.get('directive:feature-matrix')?.source, 'localext');
  // Read once: a second document of the project reads no file again.
  const before = reads.length;
  knowledge.project(root + 'other.rst');
  assert.equal(reads.length, before);
  // A change of conf.py drops what was read from it.
  files['file:///p/doc/source/conf.py'] += "\nextensions.append('another_unknown')\n";
  assert.ok(knowledge.invalidate('file:///p/doc/source/conf.py'));
  assert.deepEqual(knowledge.project(root + 'index.rst')!.unknownExtensions, ['mystery_extension.sphinxext', 'another_unknown']);
});

test('project: exclude_patterns globs as Sphinx matches them', () => {
  assert.ok(sphinxPattern('_build').test('_build'));
  assert.ok(sphinxPattern('**/.ipynb_checkpoints').test('a/b/.ipynb_checkpoints'));
  assert.ok(sphinxPattern('api/*').test('api/x.rst'));
  assert.ok(!sphinxPattern('api/*').test('api/x/y.rst'));
  assert.ok(sphinxPattern('include/[a-c]*.rst').test('include/b1.rst'));
  assert.ok(!sphinxPattern('include/[!a-c]*.rst').test('include/b1.rst'));
  assert.ok(!sphinxPattern('[').test('x')); // a malformed pattern matches nothing rather than throwing
});

test("service: a csv-table's :file: cells count in the document; the path still opens the file, and the file's new text is read", () => {
  const files: Record<string, string> = { 'file:///w/t.csv': 'a [#n]_,b\n' };
  let csvReads = 0;
  const readFile = (u: string) => {
    if (u.endsWith('.csv')) csvReads++;
    return files[u];
  };
  const service = createLanguageService({ workspace: { exists: (u) => u in files, sourceDir: () => undefined, readFile } });
  const text = 'Title\n=====\n\n.. csv-table:: T\n   :file: t.csv\n\n.. [#n] the note\n';
  const doc = { uri: 'file:///w/index.rst', version: 1, getText: () => text };
  service.index.set(doc.uri, 1, text);
  assert.deepEqual(service.computeRstDiagnostics(doc).map((d) => d.code), []);
  // Go to definition on the path opens the file (the cells' names placed there do not hide it).
  assert.deepEqual(service.definition(doc, text.indexOf('t.csv') + 1).map((d) => d.uri), ['file:///w/t.csv']);
  // Checking the same version again reads nothing from the disk (the server is told of each file change).
  const reads = csvReads;
  assert.deepEqual(service.computeRstDiagnostics(doc).map((d) => d.code), []);
  service.parse(doc);
  assert.equal(csvReads, reads);
  // The cell now names a target that does not exist: once the file change is known, the same version of the
  // document is read again.
  files['file:///w/t.csv'] = 'a [#n]_,b other_\n';
  service.fileChanged('file:///w/t.csv');
  assert.deepEqual(service.computeRstDiagnostics(doc).map((d) => d.code), ['rst.unknown-target']);
  assert.equal(csvReads, reads + 1);
});

test("service: a kept parse replaced or dropped leaves nothing noted under the files it read; a change to a file no kept parse reads drops none", () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 300; i++) files[`file:///w/t${i}.csv`] = `a${i},b\n`;
  let csvReads = 0;
  const readFile = (u: string) => {
    if (u.endsWith('.csv')) csvReads++;
    return files[u];
  };
  const service = createLanguageService({ workspace: { exists: (u) => u in files, sourceDir: () => undefined, readFile } });
  const uri = 'file:///w/index.rst';
  const edit = (i: number, table: number, version = i) => {
    const text = `Title\n=====\n\n.. include:: part.inc\n\n.. csv-table:: T\n   :file: t${table}.csv\n`;
    files['file:///w/part.inc'] = `.. csv-table:: P\n   :file: t${(table + 1) % 300}.csv\n`;
    service.fileChanged('file:///w/part.inc');
    service.index.set(uri, version, text);
    return service.parse({ uri, version, getText: () => text });
  };
  // Each version of the document, and each text of the file it includes, reads another CSV file.
  // (The included file is also kept as a document of the index, parsed with its first text.)
  for (let i = 0; i < 10; i++) edit(i, i);
  const sizes = service.parseCacheSizes();
  assert.deepEqual(sizes, { documents: 2, included: 1, readFiles: 3 }, 'only the files the kept parses read');
  for (let i = 10; i < 300; i++) edit(i, i);
  assert.deepEqual(service.parseCacheSizes(), sizes, 'as many after 300 edits as after 10');
  // A change to a file the earlier versions read drops nothing: the same version is not parsed again.
  const kept = service.parse({ uri, version: 299, getText: () => `Title\n=====\n\n.. include:: part.inc\n\n.. csv-table:: T\n   :file: t299.csv\n` });
  const reads = csvReads;
  service.fileChanged('file:///w/t5.csv');
  assert.equal(service.parse({ uri, version: 299, getText: () => `Title\n=====\n\n.. include:: part.inc\n\n.. csv-table:: T\n   :file: t299.csv\n` }), kept);
  assert.equal(csvReads, reads);
  // A change to the file it reads drops the parse, and the file noted goes with it until the new parse reads it.
  service.fileChanged('file:///w/t299.csv');
  assert.deepEqual(service.parseCacheSizes(), { documents: 1, included: 1, readFiles: 2 });
  assert.notEqual(service.parse({ uri, version: 299, getText: () => `Title\n=====\n\n.. include:: part.inc\n\n.. csv-table:: T\n   :file: t299.csv\n` }), kept);
  assert.equal(csvReads, reads + 1);
  assert.deepEqual(service.parseCacheSizes(), sizes);
  // Every file changed (a folder's files gone): no parse that read one is kept, nothing noted.
  service.fileChanged();
  assert.deepEqual(service.parseCacheSizes(), { documents: 0, included: 0, readFiles: 0 });
});

test('service: a label and a target in an included file count in the including document', () => {
  const files: Record<string, string> = {
    'file:///w/links.txt': '.. _Foo Bar: https://example.com/\n\n.. |sub| replace:: text\n\n.. _inc-label:\n\nIncluded\n--------\n',
    'file:///w/loop.rst': '.. include:: loop.rst\n',
  };
  const service = createLanguageService({
    workspace: { exists: (u) => u in files, sourceDir: () => undefined, readFile: (u) => files[u] },
  });
  const text = 'Title\n=====\n\nSee `Foo Bar`_, |sub| and :ref:`inc-label`.\n\n.. include:: links.txt\n';
  service.index.set('file:///w/index.rst', 1, text);
  const diags = service.computeRstDiagnostics({ uri: 'file:///w/index.rst', version: 1, getText: () => text });
  assert.deepEqual(diags.map((d) => d.code), []);
  // The included file joined the index: go to definition of the label opens it.
  const defs = service.definition({ uri: 'file:///w/index.rst', version: 1, getText: () => text }, text.indexOf('inc-label'));
  assert.deepEqual(defs.map((d) => d.uri), ['file:///w/links.txt']);
  // Without the include, the same names are unknown.
  const bare = text.replace('.. include:: links.txt\n', '');
  const bareDiags = service.computeRstDiagnostics({ uri: 'file:///w/bare.rst', version: 1, getText: () => bare });
  assert.deepEqual(bareDiags.map((d) => d.code).sort(), ['rst.undefined-substitution', 'rst.unknown-target']);
  // A file that includes itself is reported, not followed forever.
  const loop = files['file:///w/loop.rst'];
  const loopDiags = service.computeRstDiagnostics({ uri: 'file:///w/loop.rst', version: 1, getText: () => loop });
  assert.deepEqual(loopDiags.map((d) => d.code), ['rst.include-cycle']);
  // Another part of the same file is no circle (docutils logs a file with its clip options): scrapy's
  // settings.rst includes its own queue notes with `:start-after:`. The whole file again is one.
  const part = 'Queues\n======\n\n.. common-starts\n\nShared |sub2|.\n\n.. common-ends\n\n.. include:: part.rst\n   :start-after: common-starts\n   :end-before: common-ends\n\n.. |sub2| replace:: x\n';
  files['file:///w/part.rst'] = part;
  const partDiags = service.computeRstDiagnostics({ uri: 'file:///w/part.rst', version: 1, getText: () => part });
  assert.deepEqual(partDiags.map((d) => d.code), []);
  const again = part.replace('Shared |sub2|.', 'Shared.\n\n.. include:: part.rst');
  files['file:///w/part.rst'] = again;
  const againDiags = service.computeRstDiagnostics({ uri: 'file:///w/part.rst', version: 2, getText: () => again });
  assert.deepEqual(againDiags.map((d) => d.code), ['rst.include-cycle']);
});

test('server: the fixture project opened as a workspace: no error, hover names the extension, definition opens the .inc file', async () => {
  const rootUri = pathToFileURL(FIXTURE).href;
  const client = await startLspClient(rootUri);
  try {
    const indexPath = path.join(FIXTURE, 'doc/source/index.rst');
    const uri = pathToFileURL(indexPath).href;
    const text = fs.readFileSync(indexPath, 'utf8');
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text } });
    const pub = await client.diagnosticsFor(uri, 1, 30000);
    const loud = pub.diagnostics.filter((d) => d.severity <= 2);
    assert.deepEqual(loud, [], JSON.stringify(loud, null, 2));
    assert.deepEqual(pub.diagnostics.map((d) => d.code), ['project.extension-directive']);
    const at = (needle: string, delta = 1) => {
      const o = text.indexOf(needle) + delta;
      const before = text.slice(0, o).split('\n');
      return { line: before.length - 1, character: before[before.length - 1].length };
    };
    const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: at(':oslo.config:option:', 3) })) as {
      contents: { value: string } | string;
    };
    const value = typeof hover.contents === 'string' ? hover.contents : hover.contents.value;
    assert.match(value, /oslo_config\.sphinxext/);
    const defs = (await client.conn.sendRequest('textDocument/definition', { textDocument: { uri }, position: at('included-label', 2) })) as { uri: string }[];
    assert.ok(
      defs.some((d) => d.uri.endsWith('/includes/labels.inc')),
      JSON.stringify(defs),
    );
  } finally {
    await client.stop();
  }
});

test('quick fix: an unknown directive of an unknown extension is declared in [tool.ha-guide] of pyproject.toml', () => {
  const base = 'file:///q/';
  const files: Record<string, string> = {
    [base + 'doc/conf.py']: "extensions = ['nobody_knows_me']\n",
    [base + 'pyproject.toml']: '[project]\nname = "q"\n\n[tool.ha-guide]\nroles = ["r"]\ndirectives = ["other"]\n',
  };
  const service = createLanguageService({
    workspace: { exists: (u) => u in files, sourceDir: (u) => (u.startsWith(base + 'doc/') ? base + 'doc/' : undefined), readFile: (u) => files[u] },
  });
  const uri = base + 'doc/index.rst';
  const text = 'Title\n=====\n\n.. secret-box::\n';
  const doc = { uri, version: 1, getText: () => text };
  service.index.set(uri, 1, text);
  const diags = service.computeRstDiagnostics(doc);
  assert.deepEqual(diags.map((d) => [d.code, d.severity]), [['project.extension-directive', 'information']]);
  const actions = service.codeActions(doc, diags, { start: diags[0].start, end: diags[0].end });
  const fix = actions.find((a) => /Declare the directive "secret-box"/.test(a.title));
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  const [edit] = fix.edit[base + 'pyproject.toml'];
  const toml = files[base + 'pyproject.toml'];
  assert.equal(toml.slice(0, edit.start) + edit.newText + toml.slice(edit.end), toml.replace('directives = ["other"]', 'directives = ["secret-box", "other"]'));
  // Once declared (the file saved), the directive is known.
  files[base + 'pyproject.toml'] = toml.replace('directives = ["other"]', 'directives = ["secret-box", "other"]');
  assert.ok(service.fileChanged(base + 'pyproject.toml'));
  assert.deepEqual(service.computeRstDiagnostics({ ...doc, version: 2 }).map((d) => d.code), []);
  // Without a [tool.ha-guide] table, the fix adds one at the end of the file.
  files[base + 'pyproject.toml'] = '[project]\nname = "q"\n';
  service.fileChanged(base + 'pyproject.toml');
  const d3 = service.computeRstDiagnostics({ ...doc, version: 3 });
  const fix3 = service.codeActions({ ...doc, version: 3 }, d3, { start: d3[0].start, end: d3[0].end }).find((a) => /Declare/.test(a.title))!;
  assert.equal(fix3.edit[base + 'pyproject.toml'][0].newText, '\n[tool.ha-guide]\ndirectives = ["secret-box"]\n');
});

test('server: a conf.py line that cannot be read statically says so in a hover; a broken [tool.ha-guide] shows on pyproject.toml', async () => {
  const dir = copyFixture();
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.ha-guide]\nroles = 5\n');
  const client = await startLspClient(pathToFileURL(dir).href);
  try {
    const confPath = path.join(dir, 'doc/source/conf.py');
    const confUri = pathToFileURL(confPath).href;
    const conf = fs.readFileSync(confPath, 'utf8');
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: confUri, languageId: 'python', version: 1, text: conf } });
    const line = conf.split('\n').findIndex((l) => l.startsWith('release ='));
    const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: confUri }, position: { line, character: 3 } })) as { contents: { value: string } } | null;
    assert.match(hover?.contents.value ?? '', /cannot evaluate "metadata\.version\('knowledge-demo'\)" statically/);
    const other = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: confUri }, position: { line: line + 1, character: 0 } });
    assert.equal(other, null);
    const indexUri = pathToFileURL(path.join(dir, 'doc/source/index.rst')).href;
    await client.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: indexUri, languageId: 'restructuredtext', version: 1, text: fs.readFileSync(path.join(dir, 'doc/source/index.rst'), 'utf8') },
    });
    const toml = await client.diagnosticsFor(pathToFileURL(path.join(dir, 'pyproject.toml')).href, undefined, 30000);
    assert.equal(toml.diagnostics.length, 1, JSON.stringify(toml.diagnostics));
    assert.equal(toml.diagnostics[0].code, 'project.config-error');
    assert.equal(toml.diagnostics[0].range.start.line, 1);
    // conf.py itself is never checked as reStructuredText.
    assert.ok(!client.published.some((p) => p.uri === confUri && p.diagnostics.length > 0));
  } finally {
    await client.stop();
  }
});

test('glossary terms across a project: a duplicate description and a :term: naming no term, as Sphinx reports them', async () => {
  const root = 'file:///g/doc/';
  const files: Record<string, string> = { [root + 'conf.py']: "extensions = []\n" };
  const service = createLanguageService({
    workspace: { exists: (u) => u in files, sourceDir: (u) => (u.startsWith(root) ? root : undefined), readFile: (u) => files[u] },
  });
  const a = 'A\n=\n\n.. glossary::\n\n   Load balancer\n   LB\n      Spreads requests.\n\n   Pool\n      Members.\n';
  const b = 'B\n=\n\nSee :term:`load balancer`, :term:`the pool <Pool>` and :term:`listener`.\n\n.. glossary::\n\n   Pool\n      Again.\n';
  service.index.set(root + 'a.rst', 1, a);
  service.index.set(root + 'b.rst', 1, b);
  const diags = await service.computeDiagnostics({ uri: root + 'b.rst', version: 1, getText: () => b });
  const mine = diags.filter((d) => d.code.includes('term')).map((d) => [d.code, d.message, b.slice(d.start, d.end)]);
  assert.deepEqual(mine, [
    ['sphinx.undefined-term', "term not in glossary: 'listener'", 'listener'],
    ['sphinx.duplicate-term', 'duplicate term description of Pool, other instance in a.rst', 'Pool'],
  ]);
  const first = await service.computeDiagnostics({ uri: root + 'a.rst', version: 1, getText: () => a });
  assert.deepEqual(first.filter((d) => d.code.includes('term')), []);
});

test("a glossary term written with markup (bind9's ``ip_address``) is named by its text, as Sphinx's term.astext()", async () => {
  const root = 'file:///g2/doc/';
  const files: Record<string, string> = { [root + 'conf.py']: 'extensions = []\n' };
  const service = createLanguageService({
    workspace: { exists: (u) => u in files, sourceDir: (u) => (u.startsWith(root) ? root : undefined), readFile: (u) => files[u] },
  });
  const a = 'A\n=\n\n.. glossary::\n\n   ``ip_address``\n      An address.\n\n   *acl* name\n      A name.\n\nSee :term:`ip_address`, :term:`acl name` and :term:`port`.\n';
  service.index.set(root + 'a.rst', 1, a);
  const diags = await service.computeDiagnostics({ uri: root + 'a.rst', version: 1, getText: () => a });
  assert.deepEqual(
    diags.filter((d) => d.code.includes('term')).map((d) => [d.code, a.slice(d.start, d.end)]),
    [['sphinx.undefined-term', 'port']],
  );
});

test("CLI: a :ref: to no label of the project, where a toctree names a document the build writes (PowerDNS Recursor's ignored `yamlsettings.rst`), is information: that document may define it", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-written-'));
  fs.mkdirSync(path.join(dir, '.git'));
  fs.writeFileSync(path.join(dir, 'conf.py'), 'extensions = []\n');
  fs.writeFileSync(path.join(dir, 'index.rst'), 'Index\n=====\n\n.. _intro:\n\nSee :ref:`setting-yaml-incoming.reuseport` and :ref:`intr`.\n\n.. toctree::\n\n   yamlsettings\n');
  const before = lint(dir, '.').records.map((x) => `${x.line} ${x.code}`);
  assert.deepEqual(before, ['6 sphinx.undefined-label', '6 sphinx.undefined-label', '10 sphinx.toctree-missing-document']);
  fs.writeFileSync(path.join(dir, '.gitignore'), '/yamlsettings.rst\n');
  const r = lint(dir, '.');
  // A label one typo away from one of the project's is still a warning, with its "did you mean".
  assert.deepEqual(
    r.records.map((x) => `${x.line} ${x.code}`),
    ['6 project.generated-label', '6 sphinx.undefined-label'],
  );
  assert.match(r.records[0].message, /the build writes the document yamlsettings, which may define it/);
});

test("CLI: a csv-table's :header: cells are read as docutils reads them: a footnote referred to there is referenced (knot-resolver's glue table)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-csvhead-'));
  fs.writeFileSync(path.join(dir, 'conf.py'), 'extensions = []\n');
  fs.writeFileSync(
    path.join(dir, 'index.rst'),
    'Index\n=====\n\n.. csv-table::\n   :header: "Glue type", "Example glue [#example_glue]_", :nosuchrole:`x`\n\n   "mandatory glue", "ns1.example.org", "a"\n\n.. [#example_glue] The examples.\n\n.. [#unused] Not referred to.\n',
  );
  const r = lint(dir, '.');
  assert.deepEqual(
    r.records.map((x) => `${x.line} ${x.code}`),
    ['5 rst.unknown-role', '11 sphinx.footnote-not-referenced'],
  );
});

test('a glossary term with inline markup is the term its text names, markup left out, as Sphinx registers it (term.astext())', async () => {
  const root = 'file:///g/doc/';
  const files: Record<string, string> = { [root + 'conf.py']: "extensions = []\n" };
  const service = createLanguageService({
    workspace: { exists: (u) => u in files, sourceDir: (u) => (u.startsWith(root) ? root : undefined), readFile: (u) => files[u] },
  });
  const a = 'A\n=\n\n.. glossary::\n\n   ``args``\n      The arguments.\n\n   *Immutable* object\n      Never changed.\n\n   Pool : classifier\n      Members.\n';
  const b = 'B\n=\n\nSee :term:`args`, :term:`immutable object`, :term:`pool`, :term:`\\`\\`args\\`\\``.\n\n.. glossary::\n\n   **Pool**\n      Again.\n';
  service.index.set(root + 'a.rst', 1, a);
  service.index.set(root + 'b.rst', 1, b);
  const diags = await service.computeDiagnostics({ uri: root + 'b.rst', version: 1, getText: () => b });
  const mine = diags.filter((d) => d.code.includes('term')).map((d) => [d.code, d.message, b.slice(d.start, d.end)]);
  // The term is "args", not "``args``"; a duplicate is named by its text, as the markup shows it.
  assert.deepEqual(mine, [
    ['sphinx.undefined-term', "term not in glossary: '``args``'", '\\`\\`args\\`\\`'],
    ['sphinx.duplicate-term', 'duplicate term description of Pool, other instance in a.rst', '**Pool**'],
  ]);
});

test('CLI: problems inside an included .inc file are reported in that file, at its own lines, once', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-inc-'));
  fs.writeFileSync(path.join(dir, 'conf.py'), "extensions = []\n");
  fs.writeFileSync(path.join(dir, 'index.rst'), 'Index\n=====\n\n.. _here:\n\nSee part.\n\n.. include:: part.inc\n\n.. toctree::\n\n   other\n');
  fs.writeFileSync(path.join(dir, 'other.rst'), 'Other\n=====\n\n.. include:: part.inc\n');
  fs.writeFileSync(path.join(dir, 'part.inc'), 'Part text with :nosuchrole:`x` and a link to `here`_.\n\nAnd *broken emphasis.\n');
  const r = lint(dir, '.');
  const inc = r.records.filter((x) => x.file === 'part.inc').map((x) => `${x.line} ${x.code}`);
  // `here`_ resolves through the including document's target; each problem once, though two documents include it.
  assert.deepEqual(inc, ['1 rst.unknown-role', '3 rst.inline-unterminated']);
});

test('CLI: files outside the project (through ../ or a symbolic link) are not read, and say so', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-confine-'));
  const project = path.join(base, 'project');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(project);
  fs.mkdirSync(outside);
  fs.mkdirSync(path.join(project, '.git'));
  fs.writeFileSync(path.join(outside, 'secret.inc'), '.. _secret-label:\n\nSECRET CONTENT\n');
  fs.symlinkSync(path.join(outside, 'secret.inc'), path.join(project, 'link.inc'));
  fs.writeFileSync(path.join(project, 'conf.py'), 'extensions = []\n');
  fs.writeFileSync(
    path.join(project, 'index.rst'),
    ['Index', '=====', '', 'See :ref:`secret-label`.', '', '.. include:: ../outside/secret.inc', '', '.. include:: link.inc', '', `.. literalinclude:: ${path.join(outside, 'secret.inc')}`, ''].join('\n'),
  );
  const r = lint(path.join(project), 'index.rst');
  const got = r.records.map((x) => `${x.line} ${x.code}`);
  // An absolute path is relative to the source folder in Sphinx (so it names a file inside, which is missing).
  assert.deepEqual(got, ['4 sphinx.undefined-label', '6 rst.file-outside-project', '8 rst.file-outside-project', '10 sphinx.include-not-found']);
  assert.ok(!r.records.some((x) => /SECRET CONTENT/.test(x.message)));
  // With --root above both folders, the same files are read: the label resolves.
  const wide = lint(project, '--root', base, 'index.rst');
  assert.deepEqual(wide.records.map((x) => `${x.line} ${x.code}`), ['10 sphinx.include-not-found']);
});

test('CLI render: no byte of a file outside the project reaches the page (../, symbolic links, images)', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-render-confine-'));
  const project = path.join(base, 'project');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(project);
  fs.mkdirSync(outside);
  fs.mkdirSync(path.join(project, '.git'));
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'SECRET-TEXT-7f3a\n');
  fs.writeFileSync(path.join(outside, 'secret.dot'), 'digraph { "SECRET-DOT-7f3a" }\n');
  // A PNG whose bytes carry a marker that base64 would show as "U0VDUkVU" (SECRET).
  fs.writeFileSync(path.join(outside, 'secret.png'), Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('SECRET-PNG-7f3a')]));
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(project, 'link.txt'));
  fs.symlinkSync(path.join(outside, 'secret.png'), path.join(project, 'link.png'));
  fs.symlinkSync(outside, path.join(project, 'linkdir'));
  fs.writeFileSync(path.join(project, 'inside.txt'), 'INSIDE-TEXT-7f3a\n');
  const doc = [
    'Page',
    '====',
    '',
    '.. literalinclude:: ../outside/secret.txt',
    '',
    '.. literalinclude:: link.txt',
    '',
    '.. literalinclude:: linkdir/secret.txt',
    '',
    '.. literalinclude:: inside.txt',
    '',
    '.. image:: link.png',
    '',
    '.. image:: ../outside/secret.png',
    '',
    '.. graphviz:: ../outside/secret.dot',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(project, 'index.rst'), doc);
  const r = spawnSync(process.execPath, [CLI, 'render', 'index.rst'], { cwd: project, encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.includes('INSIDE-TEXT-7f3a'), 'the file inside the project is rendered');
  for (const marker of ['SECRET-TEXT-7f3a', 'SECRET-DOT-7f3a', Buffer.from('SECRET-PNG-7f3a').toString('base64').slice(0, 12)]) {
    assert.ok(!r.stdout.includes(marker), `${marker} leaked into the page`);
  }
  assert.ok(!r.stdout.includes(Buffer.from('\x89PNG\r\n\x1a\nSECRET', 'latin1').toString('base64').slice(0, 12)), 'the outside PNG leaked as a data: URI');
});

test('quick fix: DOT "did you mean" replaces the misspelled attribute, value or keyword', () => {
  const service = createNodeLanguageService({ graphviz: false });
  const text = 'T\n=\n\n.. graphviz::\n\n   digraph g {\n      randkir=LR;\n      a [shape=bxo];\n      subgrpah cluster_x { b }\n   }\n';
  const uri = 'file:///dotfix/a.rst';
  const doc = { uri, version: 1, getText: () => text };
  service.index.set(uri, 1, text);
  return (async () => {
    const diags = await service.computeDiagnostics(doc);
    const fixed: string[] = [];
    for (const d of diags.filter((x) => x.code.startsWith('dot.') && x.data?.suggestion)) {
      const fix = service.codeActions(doc, [d], { start: d.start, end: d.end }).find((a) => a.isPreferred);
      assert.ok(fix, `${d.code}: no fix`);
      const [e] = fix.edit[uri];
      fixed.push(`${text.slice(e.start, e.end)} -> ${e.newText}`);
    }
    assert.deepEqual(fixed.sort(), ['bxo -> box', 'randkir -> rankdir', 'subgrpah -> subgraph']);
  })();
});

test("CLI: sphinx-scrapy's cross-reference types, the extensions its setup() loads and the inventories it adds (scrapy's docs)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-scrapy-'));
  const src = path.join(dir, 'docs');
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(dir, 'tox.ini'), '[tox]\n');
  const conf = (extra: string, disabledReftypes = 'intersphinx_disabled_reftypes = []\n') =>
    fs.writeFileSync(path.join(src, 'conf.py'), `extensions = ["sphinx_scrapy"]\n${disabledReftypes}${extra}`);
  fs.writeFileSync(
    path.join(src, 'index.rst'),
    [
      'Settings', '========', '',
      '.. setting:: DOWNLOAD_DELAY', '',
      'See :setting:`DOWNLOAD_DELAY`, :signal:`spider_opened`, :reqmeta:`proxy` and :command:`crawl`.', '',
      '.. stat:: downloader/request_count', '',
      'Counted in :stat:`downloader/request_count` since :gh:`6978` and :gh:`parsel#12`.', '',
      '.. autoclass:: scrapy.Spider', '',
      'Python: :doc:`library/re`, :term:`awaitable`, :ref:`tut-venv`; tox: :doc:`tox:index`.', '',
      '.. autoclass:: scrapy.Spider', '   :no-such-option:', '',
    ].join('\n'),
  );
  const codes = () => lint(dir, 'docs').records.filter((r) => r.file.endsWith('index.rst')).map((r) => `${r.severity} ${r.code} ${r.message}`);
  conf('scrapy_intersphinx_enable = ["tox", "attrs"]\n');
  const on = codes();
  // autodoc comes with sphinx-scrapy: its options are checked as Sphinx 9 checks them ("An option to
  // autoclass is either unknown or has an invalid value"); nothing else is an error or a warning.
  assert.deepEqual(on.filter((c) => /^(error|warning)/.test(c)), ['error rst.directive-error Error in "autoclass" directive: unknown option: "no-such-option".'], on.join('\n'));
  // python and scrapy always, tox and attrs from scrapy_intersphinx_enable.
  const inventories = '(python, scrapy, tox, attrs)';
  assert.ok(on.includes(`information sphinx.unknown-document-intersphinx unknown document in this project: 'library/re'; it may be in an intersphinx inventory ${inventories}`), on.join('\n'));
  assert.ok(on.some((c) => c.startsWith("information sphinx.undefined-term-intersphinx term not in this project's glossary: 'awaitable'")), on.join('\n'));
  assert.ok(on.some((c) => c.startsWith("information sphinx.undefined-label-intersphinx undefined label in this project: 'tut-venv'")), on.join('\n'));
  // A cross-reference type takes no content (Sphinx's Target directive).
  fs.appendFileSync(path.join(src, 'index.rst'), '\n.. signal:: spider_opened\n\n   Sent when a spider opens.\n');
  assert.ok(codes().some((c) => c.startsWith('error rst.directive-error Error in "signal" directive: no content permitted.')));
  // tox disabled again, and Sphinx's default intersphinx_disabled_reftypes (std:doc): `:doc:` refs are the project's.
  conf('scrapy_intersphinx_enable = ["tox"]\nscrapy_intersphinx_disable = ["tox"]\n', '');
  const off = codes();
  assert.ok(off.includes("warning sphinx.unknown-document unknown document: 'tox:index'"), off.join('\n'));
  assert.ok(off.includes("warning sphinx.unknown-document unknown document: 'library/re'"), off.join('\n'));
  assert.ok(off.some((c) => c.startsWith("information sphinx.undefined-term-intersphinx term not in this project's glossary: 'awaitable'; it may be in an intersphinx inventory (python, scrapy)")), off.join('\n'));
  // Without sphinx-scrapy, its roles and directive are unknown (errors: no extension is left that may define them).
  conf('extensions = []\n');
  const none = codes();
  // and autoclass is unknown: nothing loads autodoc any more.
  assert.ok(none.some((c) => c.startsWith('error rst.unknown-directive Unknown directive type "autoclass". It comes with the extension sphinx.ext.autodoc')), none.join('\n'));
  assert.ok(none.some((c) => c.startsWith('error rst.unknown-directive') && c.includes('"setting"')), none.join('\n'));
  assert.ok(none.some((c) => c.startsWith('error rst.unknown-directive') && c.includes('"stat"')), none.join('\n'));
  assert.ok(none.some((c) => c.startsWith('error') && c.includes('Unknown interpreted text role "gh"')), none.join('\n'));
  assert.ok(none.some((c) => c.includes("term not in glossary: 'awaitable'") && c.startsWith('warning')), none.join('\n'));
});

test("CLI: the directives of Sphinx's own extensions need conf.py to load them, and :numref: needs numfig, as sphinx-build 9 says", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-loaded-'));
  const src = path.join(dir, 'doc');
  fs.mkdirSync(path.join(src, '_ext'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'setup.cfg'), '[metadata]\n');
  fs.writeFileSync(
    path.join(src, 'index.rst'),
    ['Guide', '=====', '', '.. todo:: Write more.', '', '.. automodule:: os', '', '.. _fig:', '', '.. figure:: a.png', '', '   The caption.', '', 'See :numref:`fig`.', ''].join('\n'),
  );
  fs.writeFileSync(path.join(src, 'a.png'), '');
  fs.writeFileSync(path.join(src, '_ext', 'loader.py'), "def setup(app):\n    app.setup_extension('sphinx.ext.todo')\n");
  const records = (conf: string) => {
    fs.writeFileSync(path.join(src, 'conf.py'), conf);
    return lint(dir, 'doc').records.filter((r) => r.file.endsWith('index.rst')).map((r) => `${r.line} ${r.severity} ${r.code} ${r.message}`);
  };
  assert.deepEqual(records('extensions = []\n'), [
    '4 error rst.unknown-directive Unknown directive type "todo". It comes with the extension sphinx.ext.todo, which conf.py does not load.',
    '6 error rst.unknown-directive Unknown directive type "automodule". It comes with the extension sphinx.ext.autodoc, which conf.py does not load.',
    '14 warning sphinx.numfig-disabled numfig is disabled. :numref: is ignored.',
  ]);
  // autosummary loads autodoc; numfig on.
  assert.deepEqual(records("extensions = ['sphinx.ext.todo', 'sphinx.ext.autosummary']\nnumfig = True\n"), []);
  // A local extension's setup_extension call loads todo.
  assert.deepEqual(records("import sys, os\nsys.path.insert(0, os.path.abspath('_ext'))\nextensions = ['loader', 'sphinx.ext.autodoc']\nnumfig = True\n"), []);
  // An extension whose setup() was not read for setup_extension calls: nothing is judged unloaded.
  assert.deepEqual(records("extensions = ['reno.sphinxext']\nnumfig = True\n"), []);
});

test("CLI: a toctree entry naming a document without a title gets Sphinx's warning, unless hidden or the title may come from elsewhere", () => {
  const { dir, src } = tempProject('ha-guide-notitle-');
  fs.writeFileSync(path.join(src, 'conf.py'), "extensions = ['sphinx.ext.todo']\n");
  fs.writeFileSync(path.join(src, 'titled.rst'), 'Titled\n======\n');
  fs.writeFileSync(path.join(src, 'moved.rst'), '.. _moved:\n\nThis content has been moved to :doc:`titled`.\n');
  fs.writeFileSync(path.join(src, 'hidden.rst'), 'Only text.\n');
  fs.writeFileSync(path.join(src, 'included.rst'), '.. include:: titled.rst\n');
  fs.writeFileSync(path.join(src, 'tree.rst'), ':orphan:\n\n.. toctree::\n\n   titled\n');
  fs.writeFileSync(path.join(src, 'extension.rst'), '.. todo:: Write this page.\n');
  fs.writeFileSync(
    path.join(src, 'index.rst'),
    ['Guide', '=====', '', '.. toctree::', '', '   titled', '   moved', '   included', '   tree', '   extension', '', '.. toctree::', '   :hidden:', '', '   hidden', ''].join('\n'),
  );
  const records = () => lint(dir, 'doc').records.map((r) => `${r.file}:${r.line} ${r.severity} ${r.code} ${r.message}`);
  // What sphinx-build 9.0.4 says for `moved` (once per page that draws the tree); the hidden entry is drawn
  // only by themes that show the whole tree. Sphinx warns for `extension` too: a directive of an extension
  // may write sections, so a page holding one is not judged here (a warning missed, never a false one).
  assert.deepEqual(records(), ["doc/index.rst:7 warning sphinx.toctree-no-title toctree contains reference to document 'moved' that doesn't have a title: no link will be generated"]);
  fs.writeFileSync(path.join(src, 'moved.rst'), 'Moved\n=====\n\nThis content has been moved.\n');
  assert.deepEqual(records(), []);
});

test("CLI: footnotes no footnote reference points at get Sphinx's warning, paired as docutils pairs them", () => {
  const { dir, src } = tempProject('ha-guide-footnotes-');
  fs.writeFileSync(path.join(src, 'conf.py'), "project = 'x'\n");
  const text = [
    'Top', '===', '', 'Refs [1]_ and [#used]_ and [*]_ and named_ and [#]_.', '',
    '.. [1] one', '.. [2] two', '.. [#used] used', '.. [#unused] unused', '.. [#named] via a plain reference',
    '.. [*] sym one', '.. [*] sym two', '.. [#] anon auto', '.. [#] anon auto two', '',
  ].join('\n');
  fs.writeFileSync(path.join(src, 'index.rst'), text);
  const records = () => lint(dir, 'doc').records.map((r) => `${r.file}:${r.line} ${r.code} ${r.message}`);
  // sphinx-build 9.0.4 on this document: lines 7, 9, 10, 12 and 14.
  assert.deepEqual(records(), [
    'doc/index.rst:7 sphinx.footnote-not-referenced Footnote [2] is not referenced.',
    'doc/index.rst:9 sphinx.footnote-not-referenced Footnote [#] is not referenced.',
    'doc/index.rst:10 sphinx.footnote-not-referenced Footnote [#] is not referenced.',
    'doc/index.rst:12 sphinx.footnote-not-referenced Footnote [*] is not referenced.',
    'doc/index.rst:14 sphinx.footnote-not-referenced Footnote [#] is not referenced.',
  ]);
  // Its footnotes may be referenced from a file it includes: not judged.
  fs.writeFileSync(path.join(src, 'refs.inc'), 'More: [2]_ [#unused]_.\n');
  fs.writeFileSync(path.join(src, 'index.rst'), text + '\n.. include:: refs.inc\n');
  assert.deepEqual(records(), []);
  // `[1]_` is a reference to the anonymous footnote docutils numbers 1; `[#]_` goes to the first one all the same.
  fs.writeFileSync(path.join(src, 'index.rst'), 'Top\n===\n\nRefs [1]_ and [#]_.\n\n.. [#] one\n.. [#] two\n');
  assert.deepEqual(records(), ['doc/index.rst:7 sphinx.footnote-not-referenced Footnote [#] is not referenced.']);
  fs.writeFileSync(path.join(src, 'index.rst'), 'Top\n===\n\nRef [2]_.\n\n.. [#] one\n.. [#] two\n');
  assert.deepEqual(records(), ['doc/index.rst:6 sphinx.footnote-not-referenced Footnote [#] is not referenced.']);
});

test("CLI: references in the cells of a csv-table's :file: count in the document; their problems are at the option", () => {
  const { dir, src } = tempProject('ha-guide-csv-file-');
  fs.writeFileSync(path.join(src, 'conf.py'), "project = 'x'\n");
  fs.mkdirSync(path.join(src, 'tables'));
  fs.writeFileSync(path.join(src, 'tables', 'modes.csv'), 'Name [#number]_,Cited [Cit]_ and [#]_\n"A, quoted [#cert]_",via target_\n');
  const text = [
    'Top', '===', '', 'Before [#]_.', '', '.. csv-table:: Modes', '   :file: tables/modes.csv', '', 'After [#]_.', '',
    '.. [#number] the number', '.. [#cert] the certificates', '.. [#] first', '.. [#] second', '.. [#] third', '.. [Cit] a citation', '',
    '.. _target: https://example.org/', '',
  ].join('\n');
  fs.writeFileSync(path.join(src, 'index.rst'), text);
  const records = () => lint(dir, 'doc').records.map((r) => `${r.file}:${r.line} ${r.code} ${r.message}`);
  // docutils parses each cell as RST in the document: sphinx-build 5.3 reports nothing here.
  assert.deepEqual(records(), []);
  // A `/` path is read from the source folder; a reference to no target in a cell is docutils' error (sphinx-build 5.3
  // names the CSV file, `tables/modes.csv:1`): reported at the option, the document's place of the table.
  fs.writeFileSync(path.join(src, 'tables', 'modes.csv'), 'Name [#number]_,Cited [Cit]_ and [#]_\n"A, quoted [#cert]_",via target_ and missing_\n');
  fs.writeFileSync(path.join(src, 'index.rst'), text.replace(':file: tables/', ':file: /tables/'));
  assert.deepEqual(records(), ['doc/index.rst:7 rst.unknown-target Unknown target name: "missing".']);
});

test("CLI: a csv-table's :file: in an included file is read from that file's folder; its cells' references count", () => {
  const { dir, src } = tempProject('ha-guide-csv-included-');
  fs.writeFileSync(path.join(src, 'conf.py'), "project = 'x'\n");
  fs.mkdirSync(path.join(src, 'parts', 'tables'), { recursive: true });
  fs.writeFileSync(path.join(src, 'parts', 'tables', 'modes.csv'), 'Name [#cert]_,Cited [Cit]_\n');
  fs.writeFileSync(path.join(src, 'parts', 'modes.rst.inc'), '.. csv-table:: Modes\n   :file: tables/modes.csv\n\n.. [#cert] the certificates\n.. [Cit] a citation\n');
  fs.writeFileSync(path.join(src, 'index.rst'), 'Top\n===\n\n.. include:: parts/modes.rst.inc\n');
  const records = () => lint(dir, 'doc').records.map((r) => `${r.file}:${r.line} ${r.code} ${r.message}`);
  // docutils reads the file from the included file's folder (its current source) and parses the cells in place.
  assert.deepEqual(records(), []);
  // A reference to no target in a cell: reported at the option, in the included file.
  fs.writeFileSync(path.join(src, 'parts', 'tables', 'modes.csv'), 'Name [#cert]_,Cited [Cit]_ and missing_\n');
  assert.deepEqual(records(), ['doc/parts/modes.rst.inc:2 rst.unknown-target Unknown target name: "missing".']);
});

test('CLI: citations are the project\'s: cited across documents; a duplicate in another document, an uncited one and a reference to none warned as Sphinx warns', () => {
  const { dir, src } = tempProject('ha-guide-citations-');
  fs.writeFileSync(path.join(src, 'conf.py'), "project = 'x'\n");
  fs.writeFileSync(path.join(src, 'index.rst'), 'Top\n===\n\n.. toctree::\n\n   b\n   c\n\nSee [Foo]_ and [Bar]_ and Unref_.\n');
  fs.writeFileSync(path.join(src, 'b.rst'), 'B\n=\n\n.. [Foo] the foo.\n.. [Bar] the bar.\n.. [Unref] not cited.\n');
  fs.writeFileSync(path.join(src, 'c.rst'), 'C\n=\n\n.. [bar] again.\n');
  const records = () => lint(dir, 'doc').records.map((r) => `${r.file}:${r.line} ${r.code} ${r.message}`);
  // sphinx-build 9.0.4 on the same files says exactly this: labels compare as written, so `[bar]` is no
  // duplicate of `[Bar]` and `[unref]_` does not cite `[Unref]`; a plain `Unref_` is docutils' unknown target.
  assert.deepEqual(records(), [
    'doc/b.rst:6 sphinx.citation-not-referenced Citation [Unref] is not referenced.',
    'doc/c.rst:4 sphinx.citation-not-referenced Citation [bar] is not referenced.',
    'doc/index.rst:9 rst.unknown-target Unknown target name: "unref".',
  ]);
  fs.writeFileSync(path.join(src, 'c.rst'), 'C\n=\n\nCites [unref]_.\n\n.. [Foo] again.\n');
  assert.deepEqual(records(), [
    'doc/b.rst:6 sphinx.citation-not-referenced Citation [Unref] is not referenced.',
    'doc/c.rst:4 sphinx.citation-not-found citation not found: unref',
    'doc/c.rst:6 sphinx.duplicate-citation duplicate citation Foo, other instance in b.rst',
    'doc/index.rst:9 rst.unknown-target Unknown target name: "unref".',
  ]);
  fs.writeFileSync(path.join(src, 'c.rst'), 'C\n=\n\nCites [Unref]_.\n');
  assert.deepEqual(records(), ['doc/index.rst:9 rst.unknown-target Unknown target name: "unref".']);
});

test('service: a citation reference coming or going elsewhere re-checks the document defining the citation; one that only moves does not', async () => {
  const files: Record<string, string> = { 'file:///w/doc/conf.py': "project = 'x'\n" };
  const service = createLanguageService({
    workspace: { exists: (u) => u in files, sourceDir: (u) => (u.startsWith('file:///w/doc/') ? 'file:///w/doc/' : undefined), readFile: (u) => files[u] },
  });
  const b = 'B\n=\n\n.. [Unref] not cited yet.\n';
  service.index.set('file:///w/doc/b.rst', 1, b);
  service.index.set('file:///w/doc/c.rst', 1, 'C\n=\n\nNothing.\n');
  const codes = async () => (await service.computeFastDiagnostics({ uri: 'file:///w/doc/b.rst', version: 1, getText: () => b })).map((d) => d.code).filter((c) => c.startsWith('sphinx.citation'));
  assert.deepEqual(await codes(), ['sphinx.citation-not-referenced']);
  service.index.takeChanges();
  service.index.set('file:///w/doc/c.rst', 2, 'C\n=\n\nCites [Unref]_.\n');
  const changes = service.index.takeChanges();
  assert.ok(changes !== 'all' && changes.has('citation:Unref'), JSON.stringify(changes === 'all' ? changes : [...changes]));
  assert.deepEqual(await codes(), []);
  service.index.set('file:///w/doc/c.rst', 3, 'C\n=\n\nMore text first. Cites [Unref]_.\n');
  const moved = service.index.takeChanges();
  assert.ok(moved !== 'all' && !moved.has('citation:Unref'), JSON.stringify(moved === 'all' ? moved : [...moved]));
});

test('service: autosectionlabel duplicates follow the titles of other documents; a title that only moves, or a title no other document has, re-checks no one', async () => {
  const files: Record<string, string> = { 'file:///w/doc/conf.py': "extensions = ['sphinx.ext.autosectionlabel']\n" };
  const service = createLanguageService({
    workspace: { exists: (u) => u in files, sourceDir: (u) => (u.startsWith('file:///w/doc/') ? 'file:///w/doc/' : undefined), readFile: (u) => files[u] },
  });
  const b = 'B\n=\n\nSetup\n-----\n\nText.\n';
  service.index.set('file:///w/doc/a.rst', 1, 'A\n=\n\nNothing.\n');
  service.index.set('file:///w/doc/b.rst', 1, b);
  const duplicates = async () =>
    (await service.computeFastDiagnostics({ uri: 'file:///w/doc/b.rst', version: 1, getText: () => b })).filter((d) => d.code === 'sphinx.duplicate-section-label').map((d) => d.message.replace(/;.*/, ''));
  assert.deepEqual(await duplicates(), []);
  service.index.takeChanges();
  // a.rst, read before b.rst, gains the title b.rst has.
  service.index.set('file:///w/doc/a.rst', 2, 'A\n=\n\nSetup\n-----\n');
  const changes = service.index.takeChanges();
  assert.ok(changes !== 'all' && service.usesAny('file:///w/doc/b.rst', changes), JSON.stringify(changes === 'all' ? changes : [...changes]));
  assert.deepEqual(await duplicates(), ['duplicate label setup, other instance in a.rst']);
  // The title moves down in a.rst, and a.rst gains a title b.rst does not have: b.rst's checks are not redone.
  service.index.set('file:///w/doc/a.rst', 3, 'A\n=\n\nMore text.\n\nSetup\n-----\n');
  service.index.set('file:///w/doc/a.rst', 4, 'A\n=\n\nMore text.\n\nSetup\n-----\n\nOther\n-----\n');
  const moved = service.index.takeChanges();
  assert.ok(moved !== 'all' && moved.has('section:other') && !service.usesAny('file:///w/doc/b.rst', moved), JSON.stringify(moved === 'all' ? moved : [...moved]));
  // a.rst goes: b.rst's title is the only one again.
  service.index.delete('file:///w/doc/a.rst');
  const gone = service.index.takeChanges();
  assert.ok(gone !== 'all' && service.usesAny('file:///w/doc/b.rst', gone));
  assert.deepEqual(await duplicates(), []);
});

test("quick fixes: load the extension a directive comes with, and turn numfig on, in conf.py; the project then builds clean", async () => {
  const base = 'file:///e/';
  const files: Record<string, string> = {};
  const service = createLanguageService({
    workspace: { exists: (u) => u in files, sourceDir: (u) => (u.startsWith(base + 'doc/') ? base + 'doc/' : undefined), readFile: (u) => files[u] },
  });
  const uri = base + 'doc/index.rst';
  const text = 'Title\n=====\n\n.. _fig:\n\n.. figure:: a.png\n\n   Caption.\n\n.. todo:: More.\n\nSee :numref:`fig`.\n';
  files[base + 'doc/a.png'] = '';
  service.index.set(uri, 1, text);
  let version = 1;
  const apply = async (confText: string, code: string, title: RegExp): Promise<string> => {
    files[base + 'doc/conf.py'] = confText;
    service.fileChanged(base + 'doc/conf.py');
    const doc = { uri, version: ++version, getText: () => text };
    return applyFix(doc, await service.computeFastDiagnostics(doc), code, title, base + 'doc/conf.py');
  };
  const applyFix = (doc: { uri: string; version: number; getText: () => string }, diags: HgDiagnostic[], code: string, title: RegExp, target: string): string => {
    const d = diags.find((x) => x.code === code);
    assert.ok(d, `${code} not in ${diags.map((x) => x.code)}`);
    const fix = service.codeActions(doc, diags, { start: d.start, end: d.end }).find((a) => title.test(a.title));
    assert.ok(fix, `no fix ${title}`);
    const conf = files[target];
    const edits = [...fix.edit[target]].sort((a, b) => b.start - a.start);
    return edits.reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), conf);
  };
  const todo = /^Load sphinx\.ext\.todo in conf\.py/;
  // One entry per line, double quotes: the layout and quotes are kept.
  assert.equal(await apply('extensions = [\n    "sphinx.ext.graphviz",\n]\n', 'rst.unknown-directive', todo), 'extensions = [\n    "sphinx.ext.todo",\n    "sphinx.ext.graphviz",\n]\n');
  assert.equal(await apply("extensions = ['sphinx.ext.graphviz']", 'rst.unknown-directive', todo), "extensions = ['sphinx.ext.todo', 'sphinx.ext.graphviz']");
  assert.equal(await apply('extensions = []\n', 'rst.unknown-directive', todo), "extensions = ['sphinx.ext.todo']\n");
  assert.equal(await apply("project = 'x'", 'rst.unknown-directive', todo), "project = 'x'\nextensions = ['sphinx.ext.todo']\n");
  assert.equal(await apply("extensions = list(BASE)\n", 'rst.unknown-directive', todo), "extensions = list(BASE)\nextensions.append('sphinx.ext.todo')\n");
  const numfig = /^Turn numfig on in conf\.py/;
  assert.equal(await apply("extensions = ['sphinx.ext.todo']\nnumfig = False\n", 'sphinx.numfig-disabled', numfig), "extensions = ['sphinx.ext.todo']\nnumfig = True\n");
  // The fixes applied, nothing is left.
  files[base + 'doc/conf.py'] = "extensions = ['sphinx.ext.todo']\nnumfig = True\n";
  service.fileChanged(base + 'doc/conf.py');
  assert.deepEqual((await service.computeFastDiagnostics({ uri, version: ++version, getText: () => text })).map((d) => d.code), []);
});

test("CLI: an :option: naming no option the project describes gets Sphinx's warning; never where an extension may describe options", () => {
  const { dir, src } = tempProject('ha-guide-options-');
  fs.writeFileSync(
    path.join(src, 'index.rst'),
    [
      'Top', '===', '', '.. program:: sphinx-build', '', '.. option:: -t tag, --tag tag', '', '   Define a tag.', '',
      '.. option:: -D setting=value', '', '   Override.', '', '.. option:: --jobs[=N]', '', '   Jobs.', '',
      'Refs :option:`-t`, :option:`--tag`, :option:`sphinx-build --tag`, :option:`-D x=y`, :option:`--jobs=4`,',
      ':option:`--nosuch`, :option:`sphinx-build -v`, :option:`!--nolink`, :option:`title <--tag>`.', '',
    ].join('\n'),
  );
  const records = (conf: string) => {
    fs.writeFileSync(path.join(src, 'conf.py'), conf);
    return lint(dir, 'doc').records.map((r) => `${r.file}:${r.line} ${r.code} ${r.message}`);
  };
  // sphinx-build 9.0.4 warns for exactly these two here.
  assert.deepEqual(records("project = 'x'\n"), [
    "doc/index.rst:19 sphinx.unknown-option unknown option: '--nosuch'",
    "doc/index.rst:19 sphinx.unknown-option unknown option: 'sphinx-build -v'",
  ]);
  // A third-party extension may describe options (sphinx-click), intersphinx may resolve them: not judged.
  assert.deepEqual(records("extensions = ['sphinx_click']\n"), []);
  assert.deepEqual(records("extensions = ['sphinx.ext.intersphinx']\nintersphinx_mapping = {'python': ('https://docs.python.org/3', None)}\n"), []);
  // With std:cmdoption disabled for intersphinx, they are checked again.
  assert.equal(records("extensions = ['sphinx.ext.intersphinx']\nintersphinx_mapping = {'python': ('https://docs.python.org/3', None)}\nintersphinx_disabled_reftypes = ['std:cmdoption']\n").length, 2);
  // A local extension that replaces how the std domain reads an option description (CMake's `cmake.py` reads
  // `-W<category>` as `-W`): the names its descriptions give are not this reading's, so nothing is judged.
  fs.writeFileSync(
    path.join(src, 'optre.py'),
    "import re\nimport sphinx.domains.std\n\nsphinx.domains.std.option_desc_re = (\n    re.compile(r'((?:/|--|-|\\+)?[^\\s=<]+)(=?\\s*.*)'))\n\ndef setup(app):\n    pass\n",
  );
  assert.deepEqual(records("import os, sys\nsys.path.insert(0, os.path.abspath('.'))\nextensions = ['optre']\n"), []);
  // A local extension that leaves it alone: checked as before.
  fs.writeFileSync(path.join(src, 'optre.py'), 'def setup(app):\n    pass\n');
  assert.equal(records("import os, sys\nsys.path.insert(0, os.path.abspath('.'))\nextensions = ['optre']\n").length, 2);
});

test('CLI: an :option: is looked up for the program current where it stands, as Sphinx does; where that cannot be known, for any', () => {
  const { dir, src } = tempProject('ha-guide-programs-');
  fs.writeFileSync(path.join(src, 'conf.py'), "project = 'x'\n");
  const index = [
    'Index', '=====', '', '.. toctree::', '', '   tools', '', 'Before any program: :option:`--verbose`.', '',
    '.. program:: prog-a', '', '.. option:: --verbose', '', '   Talk more.', '', '.. option:: -f, --file=<path>', '', '   A file.', '',
    'After prog-a: :option:`--verbose`, :option:`-f`, :option:`--file=x`, :option:`prog-a --verbose`.', '',
    '.. program:: prog b', '', '.. option:: --quiet', '', '   Less.', '',
    'In prog b: :option:`--verbose`, :option:`--quiet`, :option:`prog b --quiet`, :option:`prog-a --file`.', '',
    '.. program:: None', '', 'After None: :option:`--quiet`, :option:`prog b --quiet`.', '',
  ].join('\n');
  fs.writeFileSync(path.join(src, 'index.rst'), index);
  fs.writeFileSync(path.join(src, 'tools.rst'), 'Tools\n=====\n\nNo program here: :option:`--verbose`.\n\n.. program:: prog-a\n\nNow: :option:`--verbose`.\n');
  const records = () => lint(dir, 'doc').records.map((r) => `${r.file}:${r.line} ${r.message}`);
  // sphinx-build 9.0.4 on these two documents: exactly these four.
  assert.deepEqual(records(), [
    "doc/index.rst:8 unknown option: '--verbose'",
    "doc/index.rst:28 unknown option: '--verbose'",
    "doc/index.rst:32 unknown option: '--quiet'",
    "doc/tools.rst:4 unknown option: '--verbose'",
  ]);
  // A description pulled in by an include belongs to the includer's program (prog-z), which this reading does not
  // carry into the included file: it counts for any program. sphinx-build 9.0.4 warns for index.rst:8 and :28
  // too (no --verbose for no program, nor for prog b): missed here, never a warning Sphinx does not give.
  fs.writeFileSync(path.join(src, 'opts.inc'), '.. option:: --verbose\n\n   Talk more.\n');
  fs.writeFileSync(path.join(src, 'tools.rst'), 'Tools\n=====\n\n.. program:: prog-z\n\n.. include:: opts.inc\n\nNo program here: :option:`--verbose`.\n');
  assert.deepEqual(records(), ["doc/index.rst:32 unknown option: '--quiet'"]);
});

test('CLI: footnotes and targets used inside a directive known by name only (declared in pyproject.toml) are not judged unused', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-opaque-'));
  const src = path.join(dir, 'doc');
  fs.mkdirSync(src);
  // The unused-target hint made a warning, so that ha-guide lint prints it.
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.ha-guide]\ndirectives = ["vendor-box"]\n\n[tool.ha-guide.severity]\n"rst.unused-target" = "warning"\n');
  fs.writeFileSync(path.join(src, 'conf.py'), "project = 'x'\n");
  const text = ['Top', '===', '', '.. vendor-box::', '', '   Read [1]_ and `Pacemaker`_.', '', '.. [1] A note.', '', '.. _Pacemaker: https://clusterlabs.org', ''].join('\n');
  fs.writeFileSync(path.join(src, 'index.rst'), text);
  const records = () => lint(dir, 'doc').records.map((r) => `${r.file}:${r.line} ${r.code}`);
  // Sphinx reads the box's content as RST (as such extensions do): both may be used there.
  assert.deepEqual(records(), []);
  // The same words outside any directive: both used. Then gone: both unused.
  fs.writeFileSync(path.join(src, 'index.rst'), text.replace('.. vendor-box::\n\n   ', ''));
  assert.deepEqual(records(), []);
  fs.writeFileSync(path.join(src, 'index.rst'), text.replace('.. vendor-box::\n\n   Read [1]_ and `Pacemaker`_.', 'Nothing here.'));
  assert.deepEqual(records(), ['doc/index.rst:6 sphinx.footnote-not-referenced', 'doc/index.rst:8 rst.unused-target']);
});

test('CLI: ignored-links of [tool.ha-guide] leaves matching labels, documents and paths unchecked, as markdown.validate.ignoredLinks', () => {
  const { dir, src } = tempProject('ha-guide-ignored-links-');
  fs.writeFileSync(path.join(src, 'conf.py'), "project = 'x'\n");
  fs.writeFileSync(
    path.join(src, 'index.rst'),
    [
      'Index', '=====', '',
      'See :ref:`gen-label`, :ref:`Title <gen-other>`, :doc:`generated/api`, :doc:`API <generated/cli>`,',
      ':download:`the file <generated/x.tar.gz>` and :ref:`missing-label`.', '',
      '.. toctree::', '', '   generated/index', '   Ref <generated/ref>', '   missing-page', '',
      '.. image:: generated/diagram.png', '', '.. include:: generated/part.rst', '',
      '.. literalinclude:: generated/conf.sample', '', '.. graphviz:: generated/flow.dot', '',
    ].join('\n'),
  );
  const codes = () => lint(dir, 'doc').records.map((r) => `${r.line} ${r.code}`);
  const all = codes();
  assert.equal(all.length, 13, all.join('\n'));
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.ha-guide]\nignored-links = ["generated/**", "gen-*"]\n');
  assert.deepEqual(codes(), ['5 sphinx.undefined-label', '11 sphinx.toctree-missing-document']);
  // A glob matches the whole target: "generated" alone names no file of the folder.
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.ha-guide]\nignored-links = ["generated", "gen"]\n');
  assert.deepEqual(codes(), all);
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.ha-guide]\nignored-links = "generated/**"\n');
  const wrong = lint(dir, 'doc').records.filter((r) => r.code === 'project.config-error').map((r) => r.message);
  assert.deepEqual(wrong, ['"ignored-links" in [tool.ha-guide] should be a list of strings, not "generated/**"']);
});

test('CLI: the folder sphinx-gallery writes is known from its entry although another entry of the dict is computed (networkx\'s conf.py)', () => {
  const { dir, src } = tempProject('ha-guide-gallery-');
  fs.writeFileSync(
    path.join(src, 'conf.py'),
    [
      'from sphinx_gallery.sorting import ExplicitOrder',
      "extensions = ['sphinx_gallery.gen_gallery']",
      'sphinx_gallery_conf = {',
      "    'examples_dirs': '../examples',",
      "    'subsection_order': ExplicitOrder(['../examples/basic']),",
      "    'gallery_dirs': 'auto_examples',",
      '}',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(src, 'index.rst'), 'Docs\n====\n\n.. toctree::\n\n   auto_examples/index\n   elsewhere/index\n');
  const r = lint(dir, 'doc');
  assert.deepEqual(
    r.records.map((x) => `${x.line} ${x.code} ${x.message}`),
    ["7 sphinx.toctree-missing-document toctree contains reference to nonexisting document 'elsewhere/index'"],
  );
});

test("a local extension whose module name has a hyphen (bareos' `bareos-ext`) is read, as importlib.import_module finds bareos-ext.py", () => {
  const files: Record<string, string> = {
    'file:///p/source/conf.py': 'import os, sys\nsys.path.insert(0, os.path.abspath("_extensions"))\nextensions = ["bareos-ext"]\n',
    'file:///p/source/_extensions/bareos-ext.py': 'def setup(app):\n    app.add_role("bcommand", R)\n',
  };
  const root = 'file:///p/source/';
  const p = new ProjectKnowledge({ readFile: (uri) => files[uri], sourceDir: (uri) => (uri.startsWith(root) ? root : undefined) }).project(root + 'index.rst')!;
  assert.deepEqual(p.localExtensions.map((l) => [l.module, l.uri]), [['bareos-ext', 'file:///p/source/_extensions/bareos-ext.py']]);
  assert.deepEqual(p.unknownExtensions, []);
  assert.ok(p.extras.roles!.includes('bcommand'));
  assert.equal(p.providers.get('role:bcommand')?.source, 'bareos-ext');
});

test("a local extension whose setup() hands the app to code not read (bind9's `return iscconf.setup(app, \"namedconf\", ...)`) is one whose directives and roles are not known", () => {
  const files: Record<string, string> = {
    'file:///p/arm/conf.py': 'import sys\nfrom pathlib import Path\nsys.path.append(str(Path(__file__).resolve().parent / "_ext"))\nextensions = ["namedconf", "plain"]\n',
    'file:///p/arm/_ext/namedconf.py': 'import iscconf\n\ndef setup(app):\n    return iscconf.setup(app, "namedconf")\n',
    'file:///p/arm/_ext/plain.py': 'def setup(app):\n    app.add_role("gl", R)\n    return {"version": "0.1"}\n',
  };
  const root = 'file:///p/arm/';
  const p = new ProjectKnowledge({ readFile: (uri) => files[uri], sourceDir: (uri) => (uri.startsWith(root) ? root : undefined) }).project(root + 'index.rst')!;
  assert.deepEqual(p.localExtensions.map((l) => l.module), ['namedconf', 'plain']);
  assert.deepEqual(p.unknownExtensions, ['namedconf']);
  assert.ok(p.extras.roles!.includes('gl'));
});

test("a project's conf.py that takes its settings from a module beside it (`from shared_conf import *`) has that module's extensions, and a change of the module is seen", () => {
  const files: Record<string, string> = {
    'file:///p/sites/docs/conf.py': 'import sys\nfrom os.path import abspath\nsys.path.append(abspath(".."))\nfrom shared_conf import *\nextensions.extend(["sphinx.ext.autodoc"])\n',
    'file:///p/sites/shared_conf.py': 'extensions = ["sphinx.ext.intersphinx"]\nintersphinx_mapping = {"python": ("https://docs.python.org/3/", None)}\n',
  };
  const root = 'file:///p/sites/docs/';
  const knowledge = new ProjectKnowledge({ readFile: (uri) => files[uri], sourceDir: (uri) => (uri.startsWith(root) ? root : undefined) });
  const p = knowledge.project(root + 'index.rst')!;
  assert.deepEqual(p.unknownExtensions, [], 'shared_conf is read, not an extension nobody knows');
  assert.ok(p.knownExtensions.includes('sphinx.ext.intersphinx') && p.knownExtensions.includes('sphinx.ext.autodoc'));
  assert.deepEqual([...p.intersphinx], ['python']);
  files['file:///p/sites/shared_conf.py'] = 'extensions = []\n';
  assert.ok(knowledge.invalidate('file:///p/sites/shared_conf.py'));
  assert.deepEqual([...knowledge.project(root + 'index.rst')!.intersphinx], []);
  // A star import of a module the project does not hold: its settings are unknowable, as before.
  delete files['file:///p/sites/shared_conf.py'];
  knowledge.invalidate('file:///p/sites/shared_conf.py');
  assert.deepEqual(knowledge.project(root + 'index.rst')!.unknownExtensions, ['shared_conf']);
});

test("CLI: a toctree naming genindex, modindex or search, and a :download: of an address, are what Sphinx accepts (pydata-sphinx-theme's test site, its kitchen sink)", () => {
  const { dir, src } = tempProject('ha-guide-virtual-');
  fs.writeFileSync(path.join(src, 'conf.py'), "project = 'x'\n");
  fs.writeFileSync(path.join(src, 'page1.rst'), 'Page\n====\n\nText.\n');
  fs.writeFileSync(
    path.join(src, 'index.rst'),
    [
      'Index', '=====', '',
      ':download:`a picture <https://picsum.photos/200/200>`, :download:`https://example.org/x.svg` and :download:`a file <missing.zip>`.', '',
      '.. toctree::', '', '   page1', '   genindex', '   Modules <modindex>', '   search', '   indexes', '',
    ].join('\n'),
  );
  assert.deepEqual(
    lint(dir, 'doc').records.map((x) => `${x.line} ${x.code} ${x.message}`),
    ['4 sphinx.download-not-found download file not readable: missing.zip', "12 sphinx.toctree-missing-document toctree contains reference to nonexisting document 'indexes'"],
  );
});

test("CLI: ablog's posts are orphans unless conf.py sets post_auto_orphan = False (psutil's blog)", () => {
  const { dir, src } = tempProject('ha-guide-ablog-');
  fs.writeFileSync(path.join(src, 'index.rst'), 'Index\n=====\n\nText.\n');
  fs.mkdirSync(path.join(src, 'blog'));
  fs.writeFileSync(path.join(src, 'blog', 'post.rst'), '.. post:: 2025-02-13\n   :tags: release\n\nA release\n=========\n\nText.\n');
  fs.writeFileSync(path.join(src, 'blog', 'page.rst'), 'A page\n======\n\nText.\n');
  const notInToc = () => lint(dir, 'doc').records.filter((x) => x.code === 'sphinx.not-in-toctree').map((x) => x.file.replace(/\\/g, '/'));
  fs.writeFileSync(path.join(src, 'conf.py'), "extensions = ['ablog']\n");
  assert.deepEqual(notInToc(), ['doc/blog/page.rst']);
  fs.writeFileSync(path.join(src, 'conf.py'), "extensions = ['ablog']\npost_auto_orphan = False\n");
  assert.deepEqual(notInToc(), ['doc/blog/page.rst', 'doc/blog/post.rst']);
  fs.writeFileSync(path.join(src, 'conf.py'), 'extensions = []\n');
  assert.deepEqual(notInToc(), ['doc/blog/page.rst', 'doc/blog/post.rst'], 'without ablog, a post directive is nothing');
});

test("CLI: a local extension's directive whose class derives from Sphinx's TocTree is a toctree (scikit-image's naturalsortedtoctree)", () => {
  const { dir, src } = tempProject('ha-guide-toctree-class-');
  fs.mkdirSync(path.join(dir, 'doc', 'ext'));
  const ext = (base: string) =>
    [
      'from docutils.parsers.rst import Directive',
      'from sphinx.directives.other import TocTree',
      '',
      `class NaturalSortedTocTree(${base}):`,
      '    def parse_content(self, toctree):',
      '        return super().parse_content(toctree)',
      '',
      'class Sorted(NaturalSortedTocTree):',
      '    pass',
      '',
      'def setup(app):',
      "    app.add_directive('naturalsortedtoctree', Sorted)",
      '',
    ].join('\n');
  fs.writeFileSync(path.join(dir, 'doc', 'ext', 'sk.py'), ext('TocTree'));
  fs.writeFileSync(path.join(src, 'conf.py'), "import os, sys\nsys.path.insert(0, os.path.abspath('ext'))\nextensions = ['sk']\n");
  fs.writeFileSync(path.join(src, 'index.rst'), 'Index\n=====\n\n.. naturalsortedtoctree::\n   :glob:\n   :reversed:\n\n   release_*\n   missing\n');
  for (const v of ['0.1', '0.2']) fs.writeFileSync(path.join(src, `release_${v}.rst`), `Release ${v}\n===========\n\nText.\n`);
  const found = () => lint(dir, 'doc').records.map((x) => `${x.file.replace(/\\/g, '/')}:${x.line} ${x.code}`);
  assert.deepEqual(found(), ['doc/index.rst:9 sphinx.toctree-missing-document']);
  // A directive of another class lists no documents: they are in no toctree.
  fs.writeFileSync(path.join(dir, 'doc', 'ext', 'sk.py'), ext('Directive'));
  assert.deepEqual(found(), ['doc/release_0.1.rst:1 sphinx.not-in-toctree', 'doc/release_0.2.rst:1 sphinx.not-in-toctree']);
});

test("CLI: a sphinx-design card's header and footer lines (^^^, +++) cut its content, as sphinx-design reads it: they are no title underlines", () => {
  const { dir, src } = tempProject('ha-guide-cards-');
  fs.writeFileSync(path.join(src, 'conf.py'), "extensions = ['sphinx_design']\n");
  const card = (name: string) => [`.. ${name}::`, '', '    panel 1 header', '    ^^^^^^^^^^^^^^', '    panel 1 content', '    more content', '    ++++++++++++++', '    panel 1 footer', ''];
  fs.writeFileSync(path.join(src, 'index.rst'), ['Index', '=====', '', ...card('card'), '.. grid::', '', ...card('grid-item-card').map((l) => (l ? '    ' + l : l)), ...card('note')].join('\n'));
  assert.deepEqual(
    lint(dir, 'doc').records.map((x) => `${x.line} ${x.code}`),
    ['26 rst.unexpected-section-title'],
    'only in the note, which sphinx-design does not cut (docutils says the same of it: line 7 of such a note alone)',
  );
});

test("CLI: substitutions of an rst_epilog conf.py reads from a file beside it count in every document (bokeh: 249 false errors); a file outside the repository is never read", () => {
  const { dir, src } = tempProject('ha-guide-epilog-file-');
  fs.writeFileSync(path.join(src, 'conf.py'), 'rst_epilog = open("rst_epilog.txt").read()\nrst_prolog = open("../../outside-prolog.txt").read()\n');
  fs.writeFileSync(path.join(src, 'rst_epilog.txt'), '.. |bokeh| replace:: Bokeh\n');
  fs.writeFileSync(path.join(path.dirname(dir), 'outside-prolog.txt'), '.. |outside| replace:: read\n');
  fs.writeFileSync(path.join(src, 'index.rst'), 'Index\n=====\n\n|bokeh| and |outside|.\n');
  try {
    const r = lint(dir, 'doc');
    // Not read, so the prolog the build reads is not known here: its substitution is reported (information: the
    // prolog is computed in a way not read), |bokeh| of the file beside conf.py is not.
    assert.deepEqual(r.records.map((x) => `${x.line} ${x.code} ${x.message}`), [
      '4 project.computed-prelude Undefined substitution referenced: "outside". It may be defined in rst_prolog, which conf.py computes in a way not read here.',
    ]);
  } finally {
    fs.rmSync(path.join(path.dirname(dir), 'outside-prolog.txt'), { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("CLI: conf.py's suppress_warnings silences the Sphinx warnings of those types, as the build does (sympy: ['ref.citation', 'ref.footnote'])", () => {
  const { dir, src } = tempProject('ha-guide-suppress-');
  fs.writeFileSync(path.join(src, 'index.rst'), 'Index\n=====\n\nText [#f1]_ and :ref:`nowhere`.\n\n.. [Ho05] A citation nothing cites.\n\n.. [#f2] A footnote nothing refers to.\n\n.. [#f1] Referred to.\n\n.. image:: missing.png\n');
  const codes = (suppress: string) => {
    fs.writeFileSync(path.join(src, 'conf.py'), `suppress_warnings = ${suppress}\n`);
    return lint(dir, 'doc').records.map((x) => x.code).sort();
  };
  try {
    const all = ['sphinx.citation-not-referenced', 'sphinx.footnote-not-referenced', 'sphinx.image-not-found', 'sphinx.undefined-label'];
    assert.deepEqual(codes('[]'), all);
    assert.deepEqual(codes("['ref.citation', 'ref.footnote']"), ['sphinx.image-not-found', 'sphinx.undefined-label']);
    assert.deepEqual(codes("['ref']"), ['sphinx.image-not-found'], 'a type alone silences all its subtypes');
    assert.deepEqual(codes("['image.*', 'ref.doc']"), ['sphinx.citation-not-referenced', 'sphinx.footnote-not-referenced', 'sphinx.undefined-label']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("CLI: `:orphan:` after leading labels, comments and substitution definitions is the document's metadata, as docutils reads it (bokeh's dev_guide); after a directive or a title it is not", () => {
  const { dir, src } = tempProject('ha-guide-orphan-');
  fs.writeFileSync(path.join(src, 'conf.py'), 'project = "x"\n');
  fs.writeFileSync(path.join(src, 'index.rst'), 'Index\n=====\n\nText.\n');
  fs.writeFileSync(path.join(src, 'labelled.rst'), '.. _devguide_setup:\n\n.. a comment\n\n.. |x| replace:: y\n\n:orphan:\n\nSetting up\n==========\n\n|x|\n');
  fs.writeFileSync(path.join(src, 'directive.rst'), '.. note:: A note.\n\n:orphan:\n\nTitle\n=====\n');
  fs.writeFileSync(path.join(src, 'titled.rst'), 'Title\n=====\n\n:orphan:\n\nText.\n');
  try {
    const r = lint(dir, 'doc');
    assert.deepEqual(r.records.filter((x) => x.code === 'sphinx.not-in-toctree').map((x) => path.basename(x.file)).sort(), ['directive.rst', 'titled.rst']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("CLI: a toctree in the docstring of a module an automodule documents is the documenting page's, its entries read from that page; the module is found in a src/ layout (bokeh's glyphs)", () => {
  const { dir, src } = tempProject('ha-guide-docstring-toc-');
  fs.writeFileSync(path.join(src, 'conf.py'), 'extensions = ["sphinx.ext.autodoc"]\n');
  fs.writeFileSync(path.join(src, 'index.rst'), 'Index\n=====\n\n.. toctree::\n\n   reference/glyphs\n');
  fs.mkdirSync(path.join(src, 'reference', 'glyphs'), { recursive: true });
  fs.writeFileSync(path.join(src, 'reference', 'glyphs.rst'), 'Glyphs\n======\n\n.. automodule:: pkg.glyphs\n');
  fs.writeFileSync(path.join(src, 'reference', 'glyphs', 'arc.rst'), 'Arc\n===\n');
  fs.writeFileSync(path.join(src, 'reference', 'glyphs', 'wedge.rst'), 'Wedge\n=====\n');
  fs.writeFileSync(path.join(src, 'reference', 'lost.rst'), 'Lost\n====\n');
  fs.mkdirSync(path.join(dir, 'src', 'pkg'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src', 'pkg', '__init__.py'), '');
  fs.writeFileSync(path.join(dir, 'src', 'pkg', 'glyphs.py'), '"""The glyphs.\n\n.. toctree::\n   :glob:\n\n   glyphs/*\n"""\n');
  try {
    const r = lint(dir, 'doc');
    assert.deepEqual(r.records.filter((x) => x.code === 'sphinx.not-in-toctree').map((x) => path.basename(x.file)), ['lost.rst']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("CLI: a directive a local extension adds to the Python domain is known without its prefix, as `py` is Sphinx's primary_domain unless conf.py sets another (trio's `.. interface::`)", () => {
  const { dir, src } = tempProject('ha-guide-py-domain-');
  fs.writeFileSync(path.join(src, 'local_customization.py'), 'from sphinx.domains.python import PyClasslike\n\nclass Interface(PyClasslike):\n    pass\n\ndef setup(app):\n    app.add_directive_to_domain("py", "interface", Interface)\n');
  fs.writeFileSync(path.join(src, 'index.rst'), 'T\n=\n\n.. interface:: The nursery interface\n\n   text\n\n.. py:interface:: Other\n\n   text\n');
  const codes = (primary: string) => {
    fs.writeFileSync(path.join(src, 'conf.py'), `import os, sys\nsys.path.insert(0, os.path.abspath("."))\nextensions = ["local_customization"]\n${primary}`);
    return lint(dir, 'doc').records.map((x) => `${x.line} ${x.code}`);
  };
  try {
    assert.deepEqual(codes(''), []);
    assert.deepEqual(codes('primary_domain = "py"\n'), []);
    assert.deepEqual(codes('primary_domain = "cpp"\n'), ['4 rst.unknown-directive']);
    assert.deepEqual(codes('primary_domain = None\n'), ['4 rst.unknown-directive']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("CLI: the content of a local directive whose class parses it as RST (an object description of a local domain, `nested_parse(self.content, ...)`, `nested_parse_with_titles`) is checked, as Sphinx reads it (esbonio's `esbonio:config`)", () => {
  const { dir, src } = tempProject('ha-guide-content-class-');
  fs.mkdirSync(path.join(dir, 'doc', 'ext'));
  const ext = [
    'from docutils import nodes',
    'from docutils.parsers.rst import Directive',
    'from sphinx.directives import ObjectDescription',
    'from sphinx.domains import Domain',
    'from sphinx.util.nodes import nested_parse_with_titles',
    '',
    'class ConfigValue(ObjectDescription[str]):',
    '    has_content = True',
    '',
    'class Setting(ConfigValue):',
    '    pass',
    '',
    'class EsDomain(Domain):',
    '    name = "es"',
    '    directives = {"config": Setting}',
    '',
    'class Collection(Directive):',
    '    has_content = True',
    '    def run(self):',
    '        node = nodes.container()',
    '        self.state.nested_parse(self.content, self.content_offset, node)',
    '        return [node]',
    '',
    'class RelevantTo(Directive):',
    '    has_content = True',
    '    def run(self):',
    '        node = nodes.container()',
    '        nested_parse_with_titles(self.state, self.content, node)',
    '        return [node]',
    '',
    'class Raw(Directive):',
    '    has_content = True',
    '    def run(self):',
    '        return [nodes.literal_block("", "\\n".join(self.content))]',
    '',
    'def setup(app):',
    '    app.add_domain(EsDomain)',
    "    app.add_directive('collection', Collection)",
    "    app.add_directive('relevant-to', RelevantTo)",
    "    app.add_directive('raw-text', Raw)",
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'doc', 'ext', 'es.py'), ext);
  fs.writeFileSync(path.join(src, 'conf.py'), "import os, sys\nsys.path.insert(0, os.path.abspath('ext'))\nextensions = ['es']\n");
  const index = [
    'Index',
    '=====',
    '',
    '.. es:config:: es.server.enabled',
    '',
    '   A list of |nosub1|.',
    '',
    '.. collection::',
    '',
    '   See |nosub2|.',
    '',
    '.. relevant-to::',
    '',
    '   A title inside',
    '   --------------',
    '',
    '   See |nosub3|.',
    '',
    '.. raw-text::',
    '',
    '   Not RST: |nosub4|.',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(src, 'index.rst'), index);
  // A real Sphinx 5.3 build of this project reports the first three, and nothing of the title inside relevant-to.
  const found = lint(dir, 'doc').records.map((x) => `${x.file.replace(/\\/g, '/')}:${x.line} ${x.code} ${x.message}`);
  assert.deepEqual(found, [
    'doc/index.rst:6 rst.undefined-substitution Undefined substitution referenced: "nosub1".',
    'doc/index.rst:10 rst.undefined-substitution Undefined substitution referenced: "nosub2".',
    'doc/index.rst:17 rst.undefined-substitution Undefined substitution referenced: "nosub3".',
  ]);
  fs.rmSync(dir, { recursive: true, force: true });
});
