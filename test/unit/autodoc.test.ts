import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLanguageService } from '../../server/src/languageService';
import { autodocTargets, docstringText, findModule, moduleFolders } from '../../server/src/project/autodoc';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';
import { summarize } from '../../server/src/features/summary';

/**
 * sphinx.ext.autodoc pulls a module's docstrings into a document, and the labels they define with them (swift's
 * `symlink_container_sync_client_config`, defined in swift/common/middleware/symlink.py's docstring and used
 * from overview_container_sync.rst: swift builds with `sphinx-build -W`).
 */

const MODULE = [
  '# Copyright',
  '"""',
  'Symlink middleware',
  '',
  '.. _symlink_sync:',
  '',
  'Container sync configuration',
  '----------------------------',
  '"""',
  'import os',
  "x = '''not a docstring: .. _assigned:'''",
  '',
  'class Thing(object):',
  "    '''A thing.",
  '',
  '    .. _thing_label:',
  "    '''",
  '',
  '    def method(self):',
  '        r"""Raw docstring \\d."""',
  '        return f"""{self}"""',
  '',
].join('\n');

test('docstringText: the docstrings alone, at their places; everything else blank', () => {
  const t = docstringText(MODULE);
  assert.equal(t.length, MODULE.length);
  assert.equal(t.split('\n').length, MODULE.split('\n').length);
  for (let i = 0; i < t.length; i++) if (t[i] !== ' ') assert.equal(t[i], MODULE[i], `offset ${i}`);
  const kept = t.split('\n').map((l) => l.trim()).filter(Boolean);
  assert.deepEqual(kept, ['Symlink middleware', '.. _symlink_sync:', 'Container sync configuration', '----------------------------', 'A thing.', '.. _thing_label:', 'Raw docstring \\d.']);
  // What a parse of it defines: the docstrings' labels, not the assigned string's.
  const labels = summarize('file:///m.py', 1, parseRst(t, { registry: createRegistry([], []) })).labels.map((l) => l.name);
  assert.ok(labels.includes('symlink_sync') && labels.includes('thing_label') && !labels.includes('assigned'), labels.join(' '));
  // Broken Python never throws, and keeps the text's length.
  assert.equal(docstringText('def (:\n  """x\n').length, 'def (:\n  """x\n'.length);
});

test('autodocTargets and findModule: the dotted names, and the longest prefix that is a module under the first folder that has it', () => {
  const doc = parseRst(`.. automodule:: swift.common.middleware.symlink\n   :members:\n\n.. autoclass:: pkg.mod.Thing\n\n.. py:autofunction:: pkg.mod.f(a, b)\n\n.. automodule:: swift.common.middleware.symlink\n\n.. note:: not autodoc\n`, { registry: createRegistry([], []) });
  assert.deepEqual(autodocTargets(doc), ['swift.common.middleware.symlink', 'pkg.mod.Thing', 'pkg.mod.f']);
  // A name without its module takes the current one: from currentmodule, module or an automodule above it.
  const current = parseRst(
    [
      '.. currentmodule:: pkg.mod', '', '.. autoclass:: Thing', '', '.. automethod:: Thing.run', '',
      '.. autofunction:: other.helper', '', '.. py:module:: pkg.api', '', '.. autoexception:: Error', '',
      '.. automodule:: pkg.db', '', '.. autodata:: ENGINE', '', '.. currentmodule:: None', '', '.. autoclass:: Plain', '',
    ].join('\n'),
    { registry: createRegistry([], []) },
  );
  assert.deepEqual(autodocTargets(current), ['pkg.mod.Thing', 'pkg.mod.Thing.run', 'other.helper', 'pkg.api.Error', 'pkg.db', 'pkg.db.ENGINE', 'Plain']);
  const files: Record<string, string> = { 'file:///r/pkg/mod.py': 'M', 'file:///r/pkg/__init__.py': 'I', 'file:///r/alt/pkg/mod.py': 'A', 'file:///r/swift/common/middleware/symlink/__init__.py': 'S' };
  const read = (u: string) => files[u];
  assert.deepEqual(findModule('pkg.mod.Thing', ['file:///r/'], read), { uri: 'file:///r/pkg/mod.py', text: 'M' });
  assert.deepEqual(findModule('pkg.mod.Thing', ['file:///r/alt/', 'file:///r/'], read)?.uri, 'file:///r/alt/pkg/mod.py');
  assert.deepEqual(findModule('swift.common.middleware.symlink', ['file:///r/'], read)?.uri, 'file:///r/swift/common/middleware/symlink/__init__.py');
  assert.equal(findModule('nowhere.at.all', ['file:///r/'], read), undefined);
  assert.deepEqual(moduleFolders('file:///r/doc/source/', ['../bin', '_exts']), [
    'file:///r/doc/bin/', 'file:///r/doc/source/_exts/', 'file:///r/doc/source/', 'file:///r/doc/', 'file:///r/', 'file:///',
    // The src layout (bokeh's src/bokeh), after every folder above.
    'file:///r/doc/source/src/', 'file:///r/doc/src/', 'file:///r/src/', 'file:///src/',
  ]);
});

test('autodocTargets: a page documenting many objects (SQLAlchemy\'s PostgreSQL dialect page names 66) keeps them all, up to 256', () => {
  const page = (n: number) => parseRst(Array.from({ length: n }, (_, i) => `.. autoclass:: pkg.mod${i % 7}.Thing${i}\n`).join('\n'), { registry: createRegistry([], []) });
  assert.equal(autodocTargets(page(100)).length, 100);
  assert.equal(autodocTargets(page(100))[99], 'pkg.mod1.Thing99');
  assert.equal(autodocTargets(page(300)).length, 256);
});

test('service: a label a documented module\'s docstring defines counts, and go to definition opens the .py at it', async () => {
  const files: Record<string, string> = {
    'file:///w/doc/source/conf.py': "extensions = ['sphinx.ext.autodoc']\n",
    'file:///w/pkg/__init__.py': '',
    'file:///w/pkg/mod.py': MODULE,
  };
  const service = createLanguageService({
    workspace: { exists: (u) => u in files, sourceDir: (u) => (u.startsWith('file:///w/doc/source/') ? 'file:///w/doc/source/' : undefined), readFile: (u) => files[u] },
  });
  const api = 'API\n===\n\n.. automodule:: pkg.mod\n   :members:\n';
  const text = 'Guide\n=====\n\nSee :ref:`symlink_sync`, :ref:`thing_label` and :ref:`nowhere_label`.\n';
  service.index.set('file:///w/doc/source/api.rst', 1, api);
  service.index.set('file:///w/doc/source/index.rst', 1, text);
  const doc = { uri: 'file:///w/doc/source/index.rst', version: 1, getText: () => text };
  const diags = await service.computeFastDiagnostics(doc);
  assert.deepEqual(diags.filter((d) => d.code === 'sphinx.undefined-label').map((d) => d.message), ["undefined label: 'nowhere_label'"]);
  const defs = service.definition(doc, text.indexOf('symlink_sync'));
  assert.deepEqual(defs.map((d) => d.uri), ['file:///w/pkg/mod.py']);
  assert.equal(MODULE.slice(defs[0].start, defs[0].end), 'symlink_sync');
  // The module changed on disk: indexed again as its docstrings, for the same document (its labels still
  // count in the project), and gone when the file is.
  service.reindexIncluded('file:///w/pkg/mod.py', MODULE.replace('_symlink_sync:', '_symlink_renamed:'));
  assert.equal(service.index.get('file:///w/pkg/mod.py')?.includedFrom, 'file:///w/doc/source/api.rst');
  assert.ok(!service.index.get('file:///w/pkg/mod.py')?.text.includes('import os'));
  const after = await service.computeFastDiagnostics({ ...doc, version: 2 });
  assert.deepEqual(after.filter((d) => d.code === 'sphinx.undefined-label').map((d) => d.message), ["undefined label: 'symlink_sync'", "undefined label: 'nowhere_label'"]);
  service.reindexIncluded('file:///w/pkg/mod.py', undefined);
  assert.equal(service.index.get('file:///w/pkg/mod.py'), undefined);
  // Without the automodule, the docstring's labels are unknown.
  const bare = createLanguageService({
    workspace: { exists: (u) => u in files, sourceDir: (u) => (u.startsWith('file:///w/doc/source/') ? 'file:///w/doc/source/' : undefined), readFile: (u) => files[u] },
  });
  bare.index.set('file:///w/doc/source/index.rst', 1, text);
  const bareDiags = await bare.computeFastDiagnostics(doc);
  assert.equal(bareDiags.filter((d) => d.code === 'sphinx.undefined-label').length, 3);
});

test('section titles: allowed in the content of only, ifconfig, autodoc and object descriptions (Sphinx 7.4+ parses it with titles), even in a list', async () => {
  const files: Record<string, string> = { 'file:///w/doc/source/conf.py': "extensions = ['sphinx.ext.autodoc', 'sphinx.ext.ifconfig']\n" };
  const service = createLanguageService({
    workspace: { exists: (u) => u in files, sourceDir: (u) => (u.startsWith('file:///w/doc/source/') ? 'file:///w/doc/source/' : undefined), readFile: (u) => files[u] },
  });
  let version = 0;
  const check = async (directive: string, inList = false) => {
    // openstacksdk's user/connection.rst: a `from_config` section inside its automodule; scrapy's
    // spider-middleware.rst: settings sections inside `.. class::`.
    const body = `.. ${directive}\n\n   from_config\n   -----------\n\n   Text.\n`;
    const block = inList ? body.replace(/^(?=.)/gm, '  ').replace(/^ {2}/, '* ') : body;
    const text = `Connection\n==========\n\n${block}\nObject\n------\n`;
    const doc = { uri: 'file:///w/doc/source/connection.rst', version: ++version, getText: () => text };
    const diags = await service.computeFastDiagnostics(doc);
    return { codes: diags.map((d) => `${d.code} ${text.slice(d.start, d.end).trim()}`), sections: service.parse(doc).sections.map((s) => [s.title, s.level]) };
  };
  // Each case built without a warning by sphinx-build 9.0.4 (docutils 0.22.4).
  const allowed = [
    'only:: html', 'ifconfig:: x', 'automodule:: openstack.connection', 'autoclass:: openstack.connection.Connection',
    'class:: MetaCopyDetectionMiddleware', 'py:function:: f()', 'option:: --foo', 'envvar:: HOME', 'describe:: thing',
    'c:function:: int f(void)', 'cpp:class:: K',
  ];
  for (const d of allowed) {
    for (const inList of [false, true]) {
      const r = await check(d, inList);
      assert.deepEqual(r.codes, [], `${d}${inList ? ' in a list item' : ''}`);
      if (!inList) assert.deepEqual(r.sections, [['Connection', 1], ['from_config', 2], ['Object', 2]], `${d}: the title inside is a section at the document's levels`);
    }
  }
  // Other directives parse their content without titles (docutils' "Unexpected section title.").
  for (const d of ['note::', 'topic:: T', 'rst-class:: x']) {
    assert.deepEqual((await check(d)).codes, ['rst.unexpected-section-title from_config\n   -----------'], d);
  }
});

test("section titles inside only have title styles of their own, as Sphinx's Only directive gives them (pytest's changelog)", async () => {
  const files: Record<string, string> = { 'file:///w/doc/source/conf.py': "project = 'x'\n" };
  const service = createLanguageService({
    workspace: { exists: (u) => u in files, sourceDir: (u) => (u.startsWith('file:///w/doc/source/') ? 'file:///w/doc/source/' : undefined), readFile: (u) => files[u] },
  });
  const text = [
    '=========', 'Changelog', '=========', '',
    '.. only:: not is_release', '', '   Unreleased', '   ^^^^^^^^^^', '', '   Released versions', '   ^^^^^^^^^^^^^^^^^', '',
    'pytest 8.0.0', '============', '', 'Deprecations', '------------', '', 'Improved Diffs', '^^^^^^^^^^^^^^', '',
    'Bug Fixes', '---------', '',
  ].join('\n');
  const doc = { uri: 'file:///w/doc/source/changelog.rst', version: 1, getText: () => text };
  const diags = await service.computeFastDiagnostics(doc);
  // Before: `^` took level 2 from the titles inside `only`, and "Bug Fixes" was "Title level inconsistent".
  assert.deepEqual(diags.map((d) => d.code), []);
  assert.deepEqual(service.parse(doc).sections.map((s) => [s.title, s.level]), [
    ['Changelog', 1], ['Unreleased', 2], ['Released versions', 2], ['pytest 8.0.0', 2], ['Deprecations', 3], ['Improved Diffs', 4], ['Bug Fixes', 3],
  ]);
  // A first style the document already uses: Sphinx places those sections at that style's level.
  const raised = 'Guide\n=====\n\nPart\n----\n\n.. only:: html\n\n   Other part\n   ----------\n\n   Detail\n   ~~~~~~\n\nLast\n----\n';
  const doc2 = { uri: 'file:///w/doc/source/raised.rst', version: 1, getText: () => raised };
  assert.deepEqual((await service.computeFastDiagnostics(doc2)).map((d) => d.code), []);
  assert.deepEqual(service.parse(doc2).sections.map((s) => [s.title, s.level]), [['Guide', 1], ['Part', 2], ['Other part', 2], ['Detail', 3], ['Last', 2]]);
});

test("sphinxcontrib-trio adds :with:, :decorator: and :no-auto-options: to autodoc's autofunction and automethod (pytest's reference)", async () => {
  const text = [
    'Reference', '=========', '',
    '.. autofunction:: pytest.raises(expected_exception: Exception [, *, match])', '    :with: excinfo', '',
    '.. autofunction:: pytest.fixture', '    :decorator:', '',
    '.. automethod:: pytest.Cache.get', '    :no-auto-options:', '    :classmethod:', '',
    '.. autofunction:: pytest.fail', '    :bogus:', '',
  ].join('\n');
  const errors = async (extensions: string[]) => {
    const files: Record<string, string> = { 'file:///w/doc/source/conf.py': `extensions = ${JSON.stringify(extensions)}\n` };
    const service = createLanguageService({
      workspace: { exists: (u) => u in files, sourceDir: (u) => (u.startsWith('file:///w/doc/source/') ? 'file:///w/doc/source/' : undefined), readFile: (u) => files[u] },
    });
    const diags = await service.computeFastDiagnostics({ uri: 'file:///w/doc/source/reference.rst', version: 1, getText: () => text });
    return diags.filter((d) => d.code === 'rst.directive-error').map((d) => d.message);
  };
  const bogus = 'Error in "autofunction" directive: unknown option: "bogus".';
  // In either order of the extensions list (Sphinx's override makes trio's documenters win).
  assert.deepEqual(await errors(['sphinx.ext.autodoc', 'sphinxcontrib_trio']), [bogus]);
  assert.deepEqual(await errors(['sphinxcontrib_trio', 'sphinx.ext.autodoc']), [bogus]);
  // autodoc alone knows none of them.
  assert.deepEqual(await errors(['sphinx.ext.autodoc']), [
    'Error in "autofunction" directive: unknown option: "with".',
    'Error in "autofunction" directive: unknown option: "decorator".',
    'Error in "automethod" directive: unknown option: "no-auto-options".',
    'Error in "automethod" directive: unknown option: "classmethod".',
    bogus,
  ]);
});
