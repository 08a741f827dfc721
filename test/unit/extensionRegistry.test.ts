import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoTree } from './repoTree';
import { confModuleExtensions, extensionInfo, knownExtensions, providersOf, type ExtensionInfo } from '../../server/src/project/extensionRegistry';

const CONVERTERS = new Set([
  'flag', 'unchanged', 'unchanged_required', 'int', 'nonnegative_int', 'positive_int', 'class', 'uri', 'length', 'length_or_percentage', 'percentage', 'encoding',
]);
const all = (): ExtensionInfo[] => knownExtensions().map((m) => extensionInfo(m)!);

test('every entry has the schema: names, counts, option types, content and body', () => {
  const modules = knownExtensions();
  assert.ok(modules.length >= 90, `${modules.length} extensions`);
  for (const info of all()) {
    const where = info.module;
    assert.match(info.module, /^[A-Za-z_][\w.-]*$/, where);
    assert.ok(info.source.trim(), `${where}: source`);
    for (const d of info.directives) {
      const at = `${where} ${d.name}`;
      assert.match(d.name, /^[a-z0-9_][a-z0-9_.:+-]*$/, at);
      for (const n of [d.required, d.optional]) if (n !== undefined) assert.ok(Number.isInteger(n) && n >= 0, at);
      if (d.finalWhitespace !== undefined) assert.equal(typeof d.finalWhitespace, 'boolean', at);
      if (d.content !== undefined) assert.ok(['none', 'optional', 'required'].includes(d.content), at);
      if (d.body !== undefined) assert.ok(['rst', 'literal', 'none'].includes(d.body), at);
      if (d.content === 'none') assert.equal(d.body, 'none', `${at}: no content, no body`);
      // The option that makes the content other markup is a flag of the directive, whose content is otherwise reST.
      if (d.notRstWith !== undefined) assert.ok(d.options?.[d.notRstWith] === 'flag' && d.body === 'rst', `${at}: notRstWith`);
      for (const [opt, type] of Object.entries(d.options ?? {})) {
        assert.ok(opt.trim() && opt === opt.toLowerCase(), `${at} :${opt}:`);
        if (Array.isArray(type)) assert.ok(type.length > 0 && type.every((c) => typeof c === 'string' && c === c.toLowerCase()), `${at} :${opt}:`);
        else assert.ok(CONVERTERS.has(type as string), `${at} :${opt}: ${String(type)}`);
      }
    }
    for (const r of info.roles) assert.match(r, /^[a-z0-9_][a-z0-9_.:+-]*$/, `${where} role ${r}`);
    for (const g of info.generates) {
      assert.ok(g.config.trim() && ['file', 'document', 'folder', 'label'].includes(g.kind), `${where} ${g.config}`);
      assert.ok(g.pattern.trim(), `${where} ${g.config}`);
      if (g.relativeTo !== undefined) assert.ok(['srcdir', 'confdir', 'document'].includes(g.relativeTo), `${where} ${g.config}`);
      if (g.when !== undefined) assert.ok(['string', 'true', 'false'].includes(g.when), `${where} ${g.config}`);
    }
    for (const c of info.configNames ?? []) assert.ok(c.config && c.pattern.includes('{value}') && ['directive', 'role'].includes(c.kind), where);
    for (const domain of info.domains ?? []) {
      assert.ok(domain.trim(), where);
      const named = [...info.directives.map((d) => d.name), ...info.roles].filter((n) => n.startsWith(domain + ':'));
      if (domain !== 'todo' && domain !== 'duration') assert.ok(named.length > 0, `${where}: nothing in the ${domain} domain`);
    }
  }
});

test('a module is one entry and an alias names no other module', () => {
  const modules = new Set(knownExtensions());
  const seen = new Set<string>();
  for (const info of all()) {
    for (const alias of info.aliases ?? []) {
      assert.ok(!modules.has(alias) && !seen.has(alias), `alias ${alias}`);
      seen.add(alias);
      assert.equal(extensionInfo(alias), info);
    }
  }
});

test('the OpenStack doc/source/conf.py extensions all resolve', () => {
  for (const m of [
    'openstackdocstheme', 'reno.sphinxext', 'os_api_ref', 'oslo_config.sphinxext', 'oslo_config.sphinxconfiggen', 'oslo_policy.sphinxext',
    'oslo_policy.sphinxpolicygen', 'stevedore.sphinxext', 'sphinx_feature_classification.support_matrix', 'sphinxcontrib.apidoc',
    'sphinxcontrib.rsvgconverter', 'sphinxcontrib.httpdomain', 'sphinxcontrib.programoutput', 'sphinxcontrib.seqdiag', 'sphinxcontrib.blockdiag',
    'sphinxcontrib.pecanwsme.rest', 'sphinxcontrib.autoprogram', 'cliff.sphinxext', 'sphinx_copybutton', 'sphinx.ext.todo', 'sphinx.ext.ifconfig',
    'sphinx.ext.autodoc', 'sphinx.ext.autosummary', 'sphinx.ext.graphviz', 'sphinx.ext.inheritance_diagram', 'sphinx.ext.viewcode',
    'sphinx.ext.coverage', 'sphinx.ext.doctest', 'sphinx.ext.intersphinx', 'sphinx.ext.extlinks',
  ]) {
    assert.ok(extensionInfo(m), m);
  }
  assert.equal(extensionInfo('ext.support_matrix'), undefined);
  assert.equal(extensionInfo('no.such.extension'), undefined);
});

test("sphinx-prompt's prompt (Read the Docs' documentation), under its module's new and old names", () => {
  const now = extensionInfo('sphinx_prompt')!.directives.find((d) => d.name === 'prompt')!;
  assert.deepEqual([now.required, now.optional, now.content, now.body, Object.keys(now.options ?? {})], [0, 3, 'required', 'literal', ['language', 'prompts', 'modifiers']]);
  // The older module took its three values as arguments only.
  const before = extensionInfo('sphinx-prompt')!.directives.find((d) => d.name === 'prompt')!;
  assert.deepEqual([before.optional, before.content, before.body, Object.keys(before.options ?? {})], [3, 'required', 'literal', []]);
});

test("pallets_sphinx_themes (Flask's, Jinja's and Click's docs): the jinja and click domains its setup() adds, and the 404 extension it loads", () => {
  const info = extensionInfo('pallets_sphinx_themes')!;
  assert.deepEqual(info.directives.map((d) => `${d.name} ${d.required}/${d.optional} ${d.content}`), ['jinja:filters 1/0 none', 'jinja:tests 1/0 none', 'jinja:nodes 1/0 none', 'click:example 0/0 optional', 'click:run 0/0 optional']);
  assert.deepEqual(info.setupExtensions, ['notfound.extension']);
});

test("jupyter_sphinx (xarray's, dask's docs) under its old module name too, and dask-sphinx-theme's dask-config-block", () => {
  const info = extensionInfo('jupyter_sphinx')!;
  assert.equal(extensionInfo('jupyter_sphinx.execute'), info);
  const execute = info.directives.find((d) => d.name === 'jupyter-execute')!;
  assert.deepEqual([execute.optional, execute.content, execute.body, execute.options?.['hide-code']], [1, 'optional', 'literal', 'flag']);
  assert.ok(info.roles.includes('jupyter-download-notebook') && info.roles.includes('jupyter-download:nb'));
  const config = extensionInfo('dask_sphinx_theme.ext.dask_config_sphinx_ext')!.directives[0];
  assert.deepEqual([config.name, config.content, Object.keys(config.options ?? {})], ['dask-config-block', 'none', ['location', 'schema', 'config']]);
});

test("cocotb's and pydata-sphinx-theme's extensions: the GNU Make domain, youtube, jupyter-sphinx, sphinx-argparse-cli and sphinx-codeautolink are known, their options checked", () => {
  const dir = repoTree({
    'docs/conf.py': "extensions = ['sphinxcontrib.makedomain', 'sphinxcontrib.youtube', 'jupyter_sphinx', 'sphinx_argparse_cli', 'sphinx_codeautolink']\n",
    'docs/index.rst': [
      'Index',
      '=====',
      '',
      '.. make:var:: SIM',
      '',
      '   The simulator; see :make:var:`SIM` and :make:target:`sim`.',
      '',
      '.. make:target:: sim',
      '',
      '.. youtube:: dQw4w9WgXcQ',
      '   :width: 100%',
      '',
      '.. jupyter-execute::',
      '   :hide-code:',
      '',
      '   print(1)',
      '',
      '.. thebe-button:: Run the code',
      '',
      'Download :jupyter-download-notebook:`this page <index>`.',
      '',
      '.. sphinx_argparse_cli::',
      '   :module: app.cli',
      '   :func: parser',
      '',
      '.. autolink-skip::',
      '',
      '.. youtube:: abc',
      '   :start: 10',
      '',
    ].join('\n'),
  });
  try {
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'lint', '.'], { cwd: dir, encoding: 'utf8' });
    assert.deepEqual(r.stdout.split('\n').filter(Boolean).map((l) => l.replace(/ \(.*$/, '').replace(/; .*$/, '')), ['docs/index.rst:29:5: error rst.directive-error Error in "youtube" directive: unknown option: "start".']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("cocotb's enum_tools.autoenum, sphinx_autofixture and sphinxcontrib.yowasp_wavedrom are known: their autodoc directives, Python domain directives and roles, and wavedrom", () => {
  const dir = repoTree({
    'docs/conf.py': "extensions = ['sphinx.ext.autodoc', 'enum_tools.autoenum', 'sphinx_autofixture', 'sphinxcontrib.yowasp_wavedrom']\n",
    'docs/index.rst': [
      'Index',
      '=====',
      '',
      '.. autoenum:: cocotb.types.Logic',
      '   :members:',
      '',
      '.. py:enum:: Colour',
      '',
      '   See :enum:mem:`Colour.RED` and :py:flag:`Flags`.',
      '',
      '.. autofixture:: cocotb_tools.pytest.plugin.dut',
      '',
      'The :fixture:`dut` fixture.',
      '',
      '.. wavedrom:: test_clock',
      '',
      '   { "signal": [ { "name": "clk", "wave": "p...." } ] }',
      '',
      '.. wavedrom:: empty',
      '',
    ].join('\n'),
  });
  try {
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'lint', '.'], { cwd: dir, encoding: 'utf8' });
    assert.deepEqual(r.stdout.split('\n').filter(Boolean).map((l) => l.replace(/; .*$/, '')), ['docs/index.rst:19:1: error rst.content-expected Content block expected for the "wavedrom" directive']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('oslo.config: show-options and its domain', () => {
  const info = extensionInfo('oslo_config.sphinxext')!;
  assert.deepEqual(info.domains, ['oslo.config']);
  assert.deepEqual(info.roles.sort(), ['oslo.config:group', 'oslo.config:option']);
  const show = info.directives.find((d) => d.name === 'show-options')!;
  assert.deepEqual(show.options, { 'split-namespaces': 'flag', 'config-file': 'unchanged' });
  assert.equal(show.body, 'literal');
  assert.equal(info.directives.find((d) => d.name === 'oslo.config:group')!.required, 1);
  assert.deepEqual(providersOf('role', 'oslo.config:option'), ['oslo_config.sphinxext']);
  assert.deepEqual(providersOf('directive', 'oslo.config:group'), ['oslo_config.sphinxext']);
  assert.deepEqual(providersOf('directive', 'show-policy'), ['oslo_policy.sphinxext']);
  assert.deepEqual(providersOf('directive', 'list-plugins'), ['stevedore.sphinxext']);
});

test('zuul_sphinx (devstack\'s zuul:autojobs and zuul:autoroles): its domain, object descriptions with their own options, the auto* directives', () => {
  const info = extensionInfo('zuul_sphinx')!;
  assert.deepEqual(info.domains, ['zuul']);
  assert.ok(info.roles.includes('zuul:job') && info.roles.includes('zuul:xjob') && info.roles.includes('zuul:rolevar'));
  const d = (name: string) => info.directives.find((x) => x.name === name)!;
  // ZuulJobDirective's option_spec replaces ObjectDescription's: only :variant:.
  assert.deepEqual(d('zuul:job').options, { variant: 'unchanged' });
  assert.equal(d('zuul:role').options?.['no-index'], 'flag');
  assert.deepEqual([d('zuul:autojobs').content, d('zuul:autoroles').content, d('zuul:autojob').content], ['none', 'none', 'required']);
  assert.deepEqual(providersOf('directive', 'zuul:autoroles'), ['zuul_sphinx']);
});

test("releases (paramiko's, invoke's and fabric's changelogs) and sphinxcontrib.datatemplates (OpenStack's governance and releases): their roles and directives", () => {
  assert.deepEqual(extensionInfo('releases')!.roles, ['bug', 'feature', 'support', 'issue', 'release']);
  assert.deepEqual(providersOf('role', 'bug'), ['releases']);
  const dt = extensionInfo('sphinxcontrib.datatemplates')!;
  assert.deepEqual(dt.directives.map((d) => d.name), ['datatemplate', 'datatemplate:nodata', 'datatemplate:json', 'datatemplate:yaml', 'datatemplate:csv', 'datatemplate:xml', 'datatemplate:dbm', 'datatemplate:import-module']);
  // The domain's directives take any option (a defaultdict option_spec) and a Jinja template as content, not reST.
  const yaml = dt.directives.find((d) => d.name === 'datatemplate:yaml')!;
  assert.deepEqual([yaml.options, yaml.optional, yaml.body], [undefined, 1, 'literal']);
  assert.deepEqual(Object.keys(dt.directives[0].options ?? {}), ['source', 'template', 'csvheaders', 'csvdialect', 'encoding']);
});

test('sample files written by oslo.config and oslo.policy, documents by apidoc', () => {
  const conf = extensionInfo('oslo_config.sphinxconfiggen')!.generates;
  assert.ok(conf.some((g) => g.config === 'sample_config_basename' && g.pattern === '{value}.conf.sample' && g.relativeTo === 'srcdir'));
  assert.ok(conf.some((g) => g.config === 'config_generator_config_file' && g.key === 1));
  const policy = extensionInfo('oslo_policy.sphinxpolicygen')!.generates;
  assert.ok(policy.some((g) => g.config === 'sample_policy_basename' && g.pattern === '{value}.policy.yaml.sample'));
  const apidoc = extensionInfo('sphinxcontrib.apidoc')!.generates;
  assert.ok(apidoc.some((g) => g.config === 'apidoc_output_dir' && g.kind === 'folder' && g.default === 'api'));
});

test('os-api-ref, httpdomain, autodoc options and the Sphinx extensions', () => {
  for (const d of ['rest_method', 'rest_parameters', 'rest_expand_all', 'rest_status_code']) assert.deepEqual(providersOf('directive', d), ['os_api_ref']);
  assert.equal(extensionInfo('os_api_ref')!.directives.find((d) => d.name === 'rest_status_code')!.required, 2);
  assert.deepEqual(providersOf('directive', 'http:get'), ['sphinxcontrib.httpdomain']);
  assert.deepEqual(providersOf('role', 'http:statuscode'), ['sphinxcontrib.httpdomain']);
  const automodule = extensionInfo('sphinx.ext.autodoc')!.directives.find((d) => d.name === 'automodule')!;
  for (const o of ['members', 'undoc-members', 'show-inheritance', 'inherited-members', 'private-members', 'special-members', 'exclude-members',
    'member-order', 'noindex', 'no-index', 'synopsis', 'platform', 'deprecated', 'no-members']) {
    assert.ok(automodule.options![o], o);
  }
  assert.deepEqual(automodule.options!['member-order'], ['alphabetical', 'bysource', 'groupwise']);
  assert.equal(automodule.options!['synopsis'], 'unchanged');
  assert.equal(extensionInfo('sphinx.ext.autodoc')!.directives.find((d) => d.name === 'autofunction')!.options!['members'], undefined);
  assert.deepEqual(providersOf('directive', 'todo'), ['sphinx.ext.todo']);
  assert.deepEqual(providersOf('directive', 'note'), ['sphinx_immaterial']);
  assert.deepEqual(providersOf('directive', 'ifconfig'), ['sphinx.ext.ifconfig']);
  assert.deepEqual(providersOf('directive', 'program-output'), ['sphinxcontrib.programoutput']);
  assert.deepEqual(providersOf('directive', 'release-notes'), ['reno.sphinxext']);
  assert.deepEqual(providersOf('role', 'autolink'), ['sphinx.ext.autosummary']);
  assert.deepEqual(providersOf('role', 'external+python:py:class'), ['sphinx.ext.intersphinx']);
  assert.deepEqual(providersOf('directive', 'TAB-SET'), ['sphinx_design']);
});

test('esp-docs link roles, their older module names and the esp-docs shared configuration', () => {
  const info = extensionInfo('esp_docs.esp_extensions.link_roles')!;
  for (const r of ['example', 'example_file', 'example_raw', 'idf', 'idf_file', 'idf_raw', 'component', 'component_file', 'component_raw', 'project_file']) {
    assert.ok(info.roles.includes(r), r);
  }
  assert.equal(extensionInfo('link-roles'), info);
  assert.equal(extensionInfo('idf_extensions.link_roles'), info);
  assert.deepEqual(providersOf('role', 'idf_file'), ['esp_docs.esp_extensions.link_roles']);
  const shared = confModuleExtensions('esp_docs.conf_docs')!;
  assert.ok(shared.includes('esp_docs.esp_extensions.link_roles'));
  for (const m of shared) assert.ok(extensionInfo(m), m);
  assert.equal(confModuleExtensions('conf'), undefined);
});

test('config-driven names: openstackdocstheme <project>-doc roles, extlinks', () => {
  const theme = extensionInfo('openstackdocstheme')!;
  assert.deepEqual(theme.roles, []);
  const projects = theme.configNames!.find((c) => c.config === 'openstackdocs_projects')!;
  assert.equal(projects.pattern, '{value}-doc');
  assert.deepEqual(projects.default, []);
  assert.equal(extensionInfo('sphinx.ext.extlinks')!.configNames![0].config, 'extlinks');
});

test('an extension that registers nothing visible is known with empty lists', () => {
  for (const m of ['sphinx.ext.viewcode', 'sphinx_rtd_theme', 'sphinxcontrib.rsvgconverter', 'sphinx_copybutton']) {
    const info = extensionInfo(m)!;
    assert.deepEqual([info.directives, info.roles, info.generates], [[], [], []], m);
  }
});

test("packaging.python.org's sphinx_toolbox.collapse and sphinx-jsonschema are known: collapse with its summary and reST content, jsonschema with its own on/off flags", () => {
  const dir = repoTree({
    'source/conf.py': "extensions = ['sphinx_toolbox.collapse', 'sphinx-jsonschema']\n",
    'source/index.rst': [
      'Index',
      '=====',
      '',
      '.. collapse:: A full workflow',
      '   :open:',
      '',
      '   Some *text*.',
      '',
      '.. jsonschema:: build-details-v1.0.schema.json',
      '   :lift_title: true',
      '   :auto_reference:',
      '',
      '.. jsonschema::',
      '   :lift_description: maybe',
      '',
      '   {"type": "object"}',
      '',
    ].join('\n'),
  });
  try {
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'lint', '.'], { cwd: dir, encoding: 'utf8' });
    assert.deepEqual(r.stdout.split('\n').filter(Boolean), [
      `source/index.rst:14:23: error rst.directive-error Error in "jsonschema" directive: invalid option value: (option: "lift_description"; value: 'maybe') "maybe" unknown; choose from "on", "true", "off", or "false".`,
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("nanobind's and pybind11's sphinxcontrib.moderncmakedomain is known: the cmake domain's directives and roles, cmake-module, and their own options checked", () => {
  const dir = repoTree({
    'docs/conf.py': "extensions = ['sphinxcontrib.moderncmakedomain']\n",
    'docs/index.rst': [
      'Index',
      '=====',
      '',
      '.. cmake:command:: nanobind_add_module',
      '',
      '   Compiles a module; see :cmake:command:`nanobind_add_module` and :cmake:variable:`CMAKE_BUILD_TYPE`.',
      '',
      '.. cmake:signature:: nanobind_build_library(name)',
      '   :break: verbatim',
      '',
      '.. cmake-module:: ../tools/FindPythonLibsNew.cmake',
      '',
      '.. cmake:genex:: $<TARGET_FILE:tgt>',
      '   :noindex:',
      '',
    ].join('\n'),
  });
  try {
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'lint', '.'], { cwd: dir, encoding: 'utf8' });
    assert.deepEqual(r.stdout.split('\n').filter(Boolean).map((l) => l.replace(/ \(.*$/, '').replace(/; .*$/, '')), ['docs/index.rst:14:5: error rst.directive-error Error in "cmake:genex" directive: unknown option: "noindex".']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("psutil's ablog is known: post, postlist and update, their options checked", () => {
  const dir = repoTree({
    'docs/conf.py': "extensions = ['ablog', 'sphinxext.opengraph']\n",
    'docs/index.rst': [
      'Index',
      '=====',
      '',
      '.. post:: 2017-01-27',
      '   :tags: python, psutil',
      '   :author: someone',
      '   :nocomments:',
      '',
      '   The post, in reST.',
      '',
      '.. postlist:: 5',
      '   :excerpts:',
      '   :format: {title}',
      '',
      '.. update:: 2018-02-01',
      '',
      '   An update.',
      '',
      '.. post:: 2019-01-01',
      '   :image: first',
      '',
    ].join('\n'),
  });
  try {
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'lint', '.'], { cwd: dir, encoding: 'utf8' });
    assert.deepEqual(r.stdout.split('\n').filter(Boolean).map((l) => l.replace(/ \(.*$/, '').replace(/; .*$/, '')), [
      'docs/index.rst:20:12: error rst.directive-error Error in "post" directive: invalid option value:',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("sphinx-argparse's argparse with :markdown: reads its content as Markdown: not checked as reST; without the flag it is", () => {
  // sphinx-argparse's own docs/markdown.rst: 7 records of a content that is Markdown.
  const body = ['', '   A paragraph', '', '   Heading 1', '   =========', '', '   ## Sub heading', '', '   ```', '   This', '    is', '   code', '   ```', ''];
  const dir = repoTree({
    'docs/conf.py': "extensions = ['sphinxarg.ext']\n",
    'docs/index.rst': ['Index', '=====', '', '.. argparse::', '   :module: app.cli', '   :func: parser', '   :markdown:', ...body, '.. argparse::', '   :module: app.cli', '   :func: parser', ...body].join('\n'),
  });
  try {
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'lint', '.'], { cwd: dir, encoding: 'utf8' });
    // Only the second directive, whose content is reST, is checked: its section title and code lines.
    assert.deepEqual(r.stdout.split('\n').filter(Boolean), [
      'docs/index.rst:28:4: error rst.unexpected-section-title Unexpected section title.',
      'docs/index.rst:33:4: warning rst.inline-unterminated Inline literal start-string without end-string.',
      'docs/index.rst:35:5: error rst.unexpected-indentation Unexpected indentation.',
      'docs/index.rst:36:4: warning rst.no-blank-line Block quote ends without a blank line; unexpected unindent.',
      'docs/index.rst:37:4: warning rst.inline-unterminated Inline literal start-string without end-string.',
      'docs/index.rst:37:6: warning rst.inline-unterminated Inline interpreted text or phrase reference start-string without end-string.',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("nbsphinx labels each document by its path with its suffix, and its sections after '#': a :ref: to an existing file resolves", () => {
  // nbsphinx's own docs: `:ref:`/subdir/a-notebook-in-a-subdir.ipynb`` and `...ipynb#A-Sub-Section` (9 records).
  const dir = repoTree({
    'docs/conf.py': "extensions = ['nbsphinx']\n",
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   sub/Notebook\n   other\n\nSee :ref:`/sub/Notebook.ipynb`, :ref:`a section </sub/notebook.ipynb#A-Section>`, :ref:`/other.rst`,\n:ref:`/missing.ipynb` and :ref:`/sub/notebook.rst`.\n',
    'docs/sub/Notebook.ipynb': JSON.stringify({ cells: [{ cell_type: 'markdown', id: 'a1', metadata: {}, source: ['# Notebook\n', '\n', '## A Section\n'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }),
    'docs/other.rst': 'Other\n=====\n\nText.\n',
  });
  try {
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'lint', '.'], { cwd: dir, encoding: 'utf8' });
    assert.deepEqual(r.stdout.split('\n').filter(Boolean), [
      "docs/index.rst:10:7: warning sphinx.undefined-label undefined label: '/missing.ipynb'",
      "docs/index.rst:10:33: warning sphinx.undefined-label undefined label: '/sub/notebook.rst'",
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
