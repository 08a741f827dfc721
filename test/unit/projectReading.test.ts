import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { latest, startLspClient } from './lspClient';
import { repoTree } from './repoTree';

/**
 * What a project's own conf.py makes of its documents, as `ha-guide lint` reads it: the suffixes of its
 * documents (`source_suffix`), the substitutions an extension adds to rst_epilog, the pages an extension marks
 * orphan. Each case is one a real project showed (webob, keyring, sphinx-notfound-page), built clean there with
 * `sphinx-build -W`.
 */
const CLI = path.resolve(__dirname, '../../../dist/cli.js');

const tree = (files: Record<string, string>) => repoTree(files, 'ha-guide-reading-');

function lint(dir: string, ...args: string[]): string[] {
  const r = spawnSync(process.execPath, [CLI, 'lint', ...(args.length ? args : ['.'])], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.stderr, '');
  assert.ok(r.status === 0 || r.status === 1, `lint exited ${r.status}`);
  return r.stdout.split('\n').filter(Boolean);
}

test("source_suffix = ['.txt', '.rst'] (webob): lint . checks the .txt documents, and their labels and pages count for the others", () => {
  const dir = tree({
    'docs/conf.py': "source_suffix = ['.txt', '.rst']\nexclude_patterns = ['notes.txt']\n",
    'docs/index.txt': 'Index\n=====\n\nSee :ref:`ref-a` and :doc:`guide`.\n\n.. toctree::\n   :glob:\n\n   api/*\n   guide\n',
    'docs/api/a.txt': '.. _ref-a:\n\nA\n=\n\nSee :ref:`missing-label`.\n',
    'docs/guide.rst': 'Guide\n=====\n\nSee :ref:`ref-a`.\n',
    'docs/notes.txt': 'Not a document: conf.py excludes it.\n\n:ref:`nowhere`\n',
    'README.txt': 'Read me\n==\n\nText outside every project is no document, whatever its suffix.\n',
  });
  try {
    assert.deepEqual(lint(dir), ["docs/api/a.txt:6:11: warning sphinx.undefined-label undefined label: 'missing-label'"]);
    // One document named alone: the others of its project are read for its labels and glob.
    assert.deepEqual(lint(dir, 'docs/index.txt'), []);
    // Without the suffix, the .txt files are no documents: the glob and the label find nothing.
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), '\n');
    assert.deepEqual(lint(dir, 'docs/guide.rst'), ["docs/guide.rst:4:11: warning sphinx.undefined-label undefined label: 'ref-a'"]);
    assert.deepEqual(lint(dir), ["docs/guide.rst:4:11: warning sphinx.undefined-label undefined label: 'ref-a'"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('jaraco.packaging.sphinx adds |project| to rst_epilog (keyring): no undefined substitution; without the extension, one', () => {
  const dir = tree({
    'docs/conf.py': "extensions = ['jaraco.packaging.sphinx']\n",
    'docs/index.rst': 'Welcome to |project| documentation!\n===================================\n\n.. sidebar-links::\n   :home:\n   :pypi:\n\nText with |version|.\n',
  });
  try {
    assert.deepEqual(lint(dir), []);
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), 'extensions = []\n');
    assert.deepEqual(
      lint(dir).map((l) => l.replace(/ Declare .*$/, '')),
      [
        'docs/index.rst:1:13: error rst.undefined-substitution Undefined substitution referenced: "project".',
        'docs/index.rst:4:4: error rst.unknown-directive Unknown directive type "sidebar-links".',
      ],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("notfound.extension marks the page notfound_pagename names orphan (sphinx-notfound-page): no \"isn't included in any toctree\"", () => {
  const dir = tree({
    'docs/conf.py': "extensions = ['notfound.extension']\n",
    'docs/index.rst': 'Index\n=====\n\nText.\n',
    'docs/404.rst': 'Not found\n=========\n\nText.\n',
    'docs/gone.rst': 'Gone\n====\n\nText.\n',
  });
  try {
    assert.deepEqual(lint(dir), ["docs/gone.rst:1:1: warning sphinx.not-in-toctree document isn't included in any toctree"]);
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), "extensions = ['notfound.extension']\nnotfound_pagename = 'gone'\n");
    assert.deepEqual(lint(dir), ["docs/404.rst:1:1: warning sphinx.not-in-toctree document isn't included in any toctree"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the real server indexes the .txt documents of a project whose source_suffix names them: an .rst document's :ref: to a label of one resolves, in the editor", async () => {
  const dir = tree({
    'docs/conf.py': "source_suffix = ['.txt', '.rst']\n",
    'docs/index.txt': 'Index\n=====\n\n.. toctree::\n   :glob:\n\n   api/*\n   guide\n',
    'docs/api/a.txt': '.. _ref-a:\n\nA\n=\n\nText.\n',
    'docs/guide.rst': 'Guide\n=====\n\nSee :ref:`ref-a` and :ref:`missing-label`.\n',
  });
  const client = await startLspClient(pathToFileURL(dir).href);
  try {
    const uri = pathToFileURL(path.join(dir, 'docs/guide.rst')).href;
    const text = fs.readFileSync(path.join(dir, 'docs/guide.rst'), 'utf8');
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text } });
    // Checked against the whole index (a check may come before the index is complete): the missing label is
    // reported, `ref-a` is not.
    const done = await latest(client, uri, (p) => p.diagnostics.length === 1 && p.diagnostics[0].code === 'sphinx.undefined-label', 'guide.rst checked against the index');
    assert.deepEqual(done.diagnostics.map((d) => `${d.code} ${d.message}`), ["sphinx.undefined-label undefined label: 'missing-label'"]);
  } finally {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('sphinxcontrib.datatemplates renders a template of templates_path into the document (cloud-init): a label the template names `.. _mod_{{ mod_id }}:` is information naming it; other undefined labels stay warnings', () => {
  const dir = tree({
    'doc/conf.py': "extensions = ['sphinxcontrib.datatemplates']\ntemplates_path = ['templates']\n",
    'doc/templates/modules.tmpl': "{% for mod_id, cfg in data.items() %}\n.. _mod_{{ mod_id }}:\n\n{{ cfg['name'] }}\n{{ '~' * cfg['name']|length }}\n{% endfor %}\n",
    'doc/templates/layout.html': '{% extends "!layout.html" %}\n{{ super() }}\n',
    'doc/data.yaml': 'cc_ssh:\n  name: SSH\n',
    'doc/index.rst': 'Index\n=====\n\n.. datatemplate:yaml:: data.yaml\n   :template: modules.tmpl\n\nSee :ref:`mod_cc_ssh` and :ref:`mod-typo`.\n',
  });
  try {
    assert.deepEqual(lint(dir), [
      "doc/index.rst:7:11: information project.extension-label undefined label in this project: 'mod_cc_ssh'; sphinxcontrib.datatemplates writes labels named mod_... from the template templates/modules.tmpl during the build",
      "doc/index.rst:7:33: warning sphinx.undefined-label undefined label: 'mod-typo'",
    ]);
    // Without the extension, no template is rendered: both are warnings.
    fs.writeFileSync(path.join(dir, 'doc/conf.py'), "templates_path = ['templates']\n");
    assert.deepEqual(lint(dir).filter((l) => l.includes('undefined-label')).map((l) => l.replace(/ undefined label: .*$/, '')), [
      'doc/index.rst:7:11: warning sphinx.undefined-label',
      'doc/index.rst:7:33: warning sphinx.undefined-label',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('sphinx-gallery writes a sphx_glr_ label on each example page (networkx): an undefined one is information naming it; other undefined labels stay warnings', () => {
  const dir = tree({
    'doc/conf.py': "extensions = ['sphinx_gallery.gen_gallery']\nsphinx_gallery_conf = {'examples_dirs': '../examples', 'gallery_dirs': 'auto_examples'}\n",
    'doc/index.rst': 'Index\n=====\n\nSee :ref:`sphx_glr_auto_examples_plot_a.py` and :ref:`sphx-glr-typo`.\n\n.. toctree::\n\n   auto_examples/index\n',
    'examples/plot_a.py': '"""\nA\n=\n"""\n',
  });
  try {
    const records = JSON.parse(spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' }).stdout) as { line: number; severity: string; code: string }[];
    assert.deepEqual(records.map((r) => `${r.line} ${r.severity} ${r.code}`), ['4 information project.extension-label', '4 warning sphinx.undefined-label']);
    // No gallery_dirs in sphinx_gallery_conf (imbalanced-learn): sphinx-gallery's default, auto_examples.
    fs.writeFileSync(path.join(dir, 'doc/conf.py'), "extensions = ['sphinx_gallery.gen_gallery']\nsphinx_gallery_conf = {'doc_module': 'x'}\n");
    assert.deepEqual(lint(dir).filter((l) => !l.includes(' information ')).map((l) => l.replace(/ undefined label: .*$/, '')), ['doc/index.rst:4:55: warning sphinx.undefined-label']);
    fs.writeFileSync(path.join(dir, 'doc/conf.py'), 'extensions = []\n');
    assert.deepEqual(lint(dir).map((l) => l.replace(/ undefined label: .*$/, '')), [
      'doc/index.rst:4:11: warning sphinx.undefined-label',
      'doc/index.rst:4:55: warning sphinx.undefined-label',
      "doc/index.rst:8:4: warning sphinx.toctree-missing-document toctree contains reference to nonexisting document 'auto_examples/index'",
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("esp-docs' kconfig_reference writes a CONFIG_<option> label for each Kconfig option into the kconfig.inc it generates (esp-idf): an undefined one is information naming it; other undefined labels stay warnings", () => {
  const dir = tree({
    'docs/conf.py': "extensions = ['esp_docs.idf_extensions.kconfig_reference']\n",
    'docs/index.rst': 'Index\n=====\n\nSee :ref:`CONFIG_BT_ENABLED` and :ref:`config-typo`.\n',
  });
  try {
    assert.deepEqual(lint(dir).map((l) => l.replace(/ undefined label.*$/, '')), [
      'docs/index.rst:4:11: information project.extension-label',
      'docs/index.rst:4:40: warning sphinx.undefined-label',
    ]);
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), 'extensions = []\n');
    assert.deepEqual(lint(dir).map((l) => l.replace(/ undefined label.*$/, '')), [
      'docs/index.rst:4:11: warning sphinx.undefined-label',
      'docs/index.rst:4:40: warning sphinx.undefined-label',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("esp-docs' toctree_filter keeps a toctree entry written `:tag: document` when the build sets the tag (esp-idf): the entry names `document`, which counts as in a toctree; a missing one depends on the tags the build sets: no warning", () => {
  const dir = tree({
    'docs/conf.py': "extensions = ['esp_docs.generic_extensions.toctree_filter']\n",
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   guide\n   :SOC_BT_SUPPORTED: bt/index\n   :SOC_WIFI_SUPPORTED and not esp32: missing\n   :maxdepth: 1\n   absent\n',
    'docs/guide.rst': 'Guide\n=====\n',
    'docs/bt/index.rst': 'Bluetooth\n=========\n',
  });
  try {
    // Sphinx 5.3 with toctree_filter and `-t SOC_BT_SUPPORTED -t SOC_WIFI_SUPPORTED` warns of 'missing' and 'absent'; without tags, of bt/index (in no toctree) and 'absent'.
    assert.deepEqual(lint(dir), ["docs/index.rst:10:4: warning sphinx.toctree-missing-document toctree contains reference to nonexisting document 'absent'"]);
    // Without the extension, Sphinx's own toctree reads the whole line as a document name.
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), 'extensions = []\n');
    assert.deepEqual(lint(dir), [
      "docs/bt/index.rst:1:1: warning sphinx.not-in-toctree document isn't included in any toctree",
      "docs/index.rst:7:4: warning sphinx.toctree-missing-document toctree contains reference to nonexisting document ':SOC_BT_SUPPORTED: bt/index'",
      "docs/index.rst:8:4: warning sphinx.toctree-missing-document toctree contains reference to nonexisting document ':SOC_WIFI_SUPPORTED and not esp32: missing'",
      "docs/index.rst:9:4: warning sphinx.toctree-missing-document toctree contains reference to nonexisting document ':maxdepth: 1'",
      "docs/index.rst:10:4: warning sphinx.toctree-missing-document toctree contains reference to nonexisting document 'absent'",
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("esp-docs' list reads a content line `:tag: - item` as `- item` from the margin, kept when the tag holds (esp-idf): the list goes on; other markup in it is still checked", () => {
  const dir = tree({
    'docs/conf.py': "extensions = ['esp_docs.generic_extensions.list_filter']\n",
    'docs/index.rst': 'Index\n=====\n\n.. list::\n\n    - Y: supported\n    - X: not supported\n    :SOC_WIFI_SUPPORTED: - S: supported in STA mode\n    :esp32: - T: *tagged\n\nText.\n',
  });
  try {
    // Sphinx 5.3 with list_filter and `-t SOC_WIFI_SUPPORTED -t esp32` gives the emphasis warning only.
    assert.deepEqual(lint(dir), ['docs/index.rst:9:18: warning rst.inline-unterminated Inline emphasis start-string without end-string.']);
    // Without the extension, `list` is unknown: its content is not read.
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), 'extensions = []\n');
    assert.deepEqual(lint(dir).map((l) => l.replace(/^(\S+ \S+ \S+).*$/, '$1')), ['docs/index.rst:4:4: error rst.unknown-directive']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("esp-docs' format_esp_target puts the chip's values in for `{IDF_TARGET_*}` before the text is parsed, and eager_only's `only` reads only what the build's tags hold (esp-idf): the include, the title and the names are the build's", () => {
  const page = [
    '{IDF_TARGET_NAME} and JTAG',
    '========================',
    '',
    '{IDF_TARGET_PIN:default="GPIO1", esp32="GPIO12"}',
    '.. A comment right below the definition,',
    '    which the extension removes first.',
    '',
    '.. include:: {IDF_TARGET_PATH_NAME}.inc',
    '',
    'The pin is {IDF_TARGET_PIN}; the board is |board|.',
    '',
    '.. only:: esp32',
    '',
    '    .. _pins:',
    '',
    '    Pins of the first chip.',
    '',
    '    .. |chip| replace:: first',
    '',
    '.. only:: esp32s3',
    '',
    '    .. _pins:',
    '',
    '    Pins of the other chip, on |usb-pins|.',
    '',
    '    .. |chip| replace:: other',
    '',
    'See pins_ and |chip|.',
    '',
  ].join('\n');
  const dir = tree({
    'docs/conf.py': "extensions = ['esp_docs.esp_extensions.format_esp_target', 'sphinx_selective_exclude.eager_only']\nidf_targets = ['esp32', 'esp32s3']\n",
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   jtag/index\n',
    'docs/jtag/index.rst': page,
    'docs/jtag/esp32.inc': '.. |board| replace:: DevKitC\n',
    'docs/jtag/esp32s3.inc': '.. |board| replace:: DevKitS3\n\n.. |usb-pins| replace:: GPIO19 and GPIO20\n',
  });
  try {
    // Sphinx 5.3 with both extensions, `-D idf_target=esp32 -t esp32` (and so for esp32s3): no warning.
    assert.deepEqual(lint(dir), []);
    // Sphinx's own `only` reads both branches: Sphinx 5.3 (idf_target esp32) reports the four below, at lines one
    // less (the extension removed the definition line with the blank line above it).
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), "extensions = ['esp_docs.esp_extensions.format_esp_target']\n");
    assert.deepEqual(lint(dir), [
      'docs/jtag/index.rst:22:9: warning rst.duplicate-target Duplicate explicit target name: "pins".',
      'docs/jtag/index.rst:24:33: error rst.undefined-substitution Undefined substitution referenced: "usb-pins".',
      'docs/jtag/index.rst:26:9: error rst.duplicate-substitution Duplicate substitution definition name: "chip".',
      'docs/jtag/index.rst:28:5: error rst.duplicate-target-reference Duplicate target name, cannot be used as a unique reference: "pins".',
    ]);
    // Without format_esp_target the tokens are text: the title outgrows its underline, the definition line is a
    // paragraph the comment's lines continue, the include names no file.
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), "extensions = ['sphinx_selective_exclude.eager_only']\n");
    assert.deepEqual(lint(dir).map((l) => l.replace(/^(\S+ \S+ \S+).*$/, '$1')), [
      'docs/jtag/index.rst:2:1: warning rst.title-underline-too-short',
      'docs/jtag/index.rst:6:5: error rst.unexpected-indentation',
      'docs/jtag/index.rst:8:14: error rst.include-not-found',
      'docs/jtag/index.rst:10:44: error rst.undefined-substitution',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("esp_docs.conf_docs, star-imported by a module conf.py star-imports (esp-idf's conf_common.py), leaves every inc folder out of the build: a file there is no document, read only where it is included", () => {
  const dir = tree({
    'docs/conf_common.py': 'from esp_docs.conf_docs import *  # noqa\n',
    'docs/en/conf.py': "import os\nimport sys\nsys.path.insert(0, os.path.abspath('../'))\nfrom conf_common import *  # noqa\n",
    'docs/en/index.rst': 'Index\n=====\n\n.. toctree::\n\n   api/ram\n',
    'docs/en/api/ram.rst': 'RAM\n===\n\n.. include:: inc/notes.rst\n\n.. _Errata: https://example.org/errata\n',
    'docs/en/api/inc/notes.rst': 'See the `Errata`_.\n',
    'docs/en/api/inc/other.rst': 'Other\n=====\n',
  });
  try {
    assert.deepEqual(lint(dir), []);
    // Sphinx's `**/inc/**` needs a folder above `inc`: one at the top of the source folder is read as a document.
    fs.renameSync(path.join(dir, 'docs/en/api/inc'), path.join(dir, 'docs/en/inc'));
    fs.writeFileSync(path.join(dir, 'docs/en/api/ram.rst'), 'RAM\n===\n\n.. include:: ../inc/notes.rst\n\n.. _Errata: https://example.org/errata\n');
    assert.deepEqual(lint(dir).map((l) => l.replace(/ (warning|error) .*$/, ' $1')), ['docs/en/inc/notes.rst:1:10: error', 'docs/en/inc/other.rst:1:1: warning']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a shared configuration star-imported inside try: (astroquery's sphinx_astropy.conf.v1): its extensions and intersphinx inventories count; pytest-doctestplus and sphinx-automodapi are known", () => {
  const conf = 'import sys\ntry:\n    from sphinx_astropy.conf.v1 import *  # noqa\nexcept ImportError:\n    sys.exit(1)\n';
  const dir = tree({
    'docs/conf.py': conf,
    'docs/index.rst': [
      'Index',
      '=====',
      '',
      'See :ref:`astropy:astropy_config`.',
      '',
      '.. doctest-remote-data::',
      '',
      '    >>> 1 + 1',
      '    2',
      '',
      '.. doctest-requires:: numpy scipy',
      '',
      '    >>> 2',
      '    2',
      '',
      '.. doctest-skip-all::',
      '',
      '.. automodapi:: astroquery.esasky',
      '    :no-inheritance-diagram:',
      '    :skip: thing',
      '    :skip: other',
      '',
      '.. doctest-skip-all:: with arguments',
      '',
      '   and content, which it takes none of',
      '',
    ].join('\n'),
  });
  try {
    assert.deepEqual(lint(dir).map((l) => l.replace(/^(\S+ \S+ \S+).*$/, '$1')), ['docs/index.rst:25:4: error rst.directive-error']);
    // Without the shared configuration: unknown directives, and a label of an unknown inventory.
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), 'extensions = []\n');
    assert.deepEqual(
      lint(dir).map((l) => l.replace(/^(\S+ \S+ \S+).*$/, '$1')),
      [
        'docs/index.rst:4:11: warning sphinx.undefined-label',
        'docs/index.rst:6:4: error rst.unknown-directive',
        'docs/index.rst:11:4: error rst.unknown-directive',
        'docs/index.rst:16:4: error rst.unknown-directive',
        'docs/index.rst:18:4: error rst.unknown-directive',
        'docs/index.rst:23:4: error rst.unknown-directive',
      ],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a shared configuration's extensions imported by name and extended (photutils: `from sphinx_astropy.conf.v3 import extensions`, then `extensions += ['sphinx_design']`): both count", () => {
  const dir = tree({
    'docs/conf.py': "from sphinx_astropy.conf.v3 import extensions\n\nextensions += ['sphinx_design']\n",
    'docs/index.rst': 'Index\n=====\n\n.. grid:: 2\n\n   text\n\n.. automodapi:: photutils.aperture\n',
  });
  try {
    assert.deepEqual(lint(dir), []);
    // Inside try:, beside the star import of the same module (photutils' own conf.py).
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), 'import sys\ntry:\n    from sphinx_astropy.conf.v3 import *\n    from sphinx_astropy.conf.v3 import extensions\nexcept ImportError:\n    sys.exit(1)\n\nextensions += [\n    "sphinx_design",\n]\n');
    assert.deepEqual(lint(dir), []);
    // Without the shared module's list, sphinx_design alone: automodapi is unknown.
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), "extensions = []\nextensions += ['sphinx_design']\n");
    assert.deepEqual(lint(dir).map((l) => l.replace(/^(\S+ \S+ \S+).*$/, '$1')), ['docs/index.rst:8:4: error rst.unknown-directive']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("conf.py or a local extension renders documents through Jinja at source-read (shapely, sunpy, nest): a document with Jinja markup is not checked; one without still is", () => {
  const conf = [
    'def rstjinja(app, docname, source):',
    '    source[0] = app.builder.templates.render_string(source[0], app.config.html_context)',
    '',
    'def setup(app):',
    '    app.connect("source-read", rstjinja)',
    '',
  ].join('\n');
  const jinja = 'Functions\n=========\n\n.. autosummary::\n   :toctree: reference/\n\n{% for function in get_module_functions("constructive") %}\n   {{ function }}\n{% endfor %}\n';
  const dir = tree({
    'docs/conf.py': conf,
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   constructive\n   plain\n',
    'docs/constructive.rst': jinja,
    'docs/plain.rst': 'Plain\n====\n\nText.\n',
  });
  try {
    assert.deepEqual(lint(dir), ['docs/plain.rst:2:1: warning rst.title-underline-too-short Title underline too short.']);
    // Without the hook, the Jinja is read as reST.
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), 'extensions = ["sphinx.ext.autosummary"]\n');
    assert.ok(lint(dir).some((l) => l.startsWith('docs/constructive.rst:')), 'the Jinja markup is checked as reST without the hook');
    // The hook in a local extension (nest's `_ext/extract_api_functions.py`): the same as in conf.py.
    fs.mkdirSync(path.join(dir, 'docs/_ext'));
    fs.writeFileSync(path.join(dir, 'docs/_ext/apirender.py'), conf);
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), 'import os, sys\nsys.path.insert(0, os.path.abspath("_ext"))\nextensions = ["sphinx.ext.autosummary", "apirender"]\n');
    assert.deepEqual(lint(dir), ['docs/plain.rst:2:1: warning rst.title-underline-too-short Title underline too short.']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("sphinx_changelog's changelog:: inserts the file :changelog_file: names (sunpy): the repository's CHANGELOG.rst is read as part of the docs, with their labels; without the extension it is a file of no project", () => {
  const dir = tree({
    'docs/conf.py': "extensions = ['sphinx_changelog']\n",
    'docs/index.rst': '.. _my-label:\n\nIndex\n=====\n\n.. toctree::\n\n   changelog\n',
    'docs/changelog.rst': 'Changes\n=======\n\n.. changelog::\n   :towncrier: ../\n   :towncrier-skip-if-empty:\n   :changelog_file: ../CHANGELOG.rst\n',
    'CHANGELOG.rst': '1.0\n---\n\nSee :ref:`my-label`, :doc:`/index` and :ref:`missing-label`.\n',
  });
  try {
    assert.deepEqual(lint(dir), ["CHANGELOG.rst:4:46: warning sphinx.undefined-label undefined label: 'missing-label'"]);
    // Named alone, as a pre-commit hook names it: the same.
    assert.deepEqual(lint(dir, 'CHANGELOG.rst'), ["CHANGELOG.rst:4:46: warning sphinx.undefined-label undefined label: 'missing-label'"]);
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), 'extensions = []\n');
    assert.deepEqual(lint(dir).filter((l) => l.startsWith('CHANGELOG.rst')).length, 3);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a toctree page the build renders from a template whose toctree a Jinja loop fills (NumPy's NEPs, built with -W): any document may be in it", () => {
  const dir = tree({
    '.gitignore': 'doc/neps/accepted.rst\n',
    'doc/neps/conf.py': "project = 'NEPs'\n",
    'doc/neps/index.rst': 'NEPs\n====\n\n.. toctree::\n\n   accepted\n',
    'doc/neps/accepted.rst.tmpl': 'Accepted\n--------\n\n.. toctree::\n   :maxdepth: 1\n\n{% for nep, tags in neps.items() %}\n   {{ tags[\'Title\'] }} <{{ tags[\'Filename\'] }}>\n{% endfor %}\n',
    'doc/neps/nep-0001.rst': 'NEP 1\n=====\n\nText.\n',
  });
  try {
    assert.deepEqual(lint(dir), []);
    // A template of literal entries only, or none: the document is in no toctree, as Sphinx warns.
    fs.writeFileSync(path.join(dir, 'doc/neps/accepted.rst.tmpl'), 'Accepted\n--------\n\n.. toctree::\n\n   nep-0002\n');
    assert.deepEqual(lint(dir), ["doc/neps/nep-0001.rst:1:1: warning sphinx.not-in-toctree document isn't included in any toctree"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("an extension of the repository's own package whose setup() is read whole (bokeh's bokeh.sphinxext.*) registers its directives and roles; one whose setup() calls code not read stays unknown", () => {
  const dir = tree({
    'setup.py': 'import setuptools\nsetuptools.setup()\n',
    'src/mypkg/__init__.py': '',
    'src/mypkg/sphinxext/__init__.py': '',
    'src/mypkg/sphinxext/plot.py': [
      'from docutils.parsers.rst import Directive, directives',
      '',
      'class PlotDirective(Directive):',
      '    has_content = True',
      '    option_spec = {"source-position": lambda x: x}',
      '',
      'def tree_role(name, rawtext, text, lineno, inliner, options=None, content=None):',
      '    return [], []',
      '',
      'def setup(app):',
      '    app.add_directive("my-plot", PlotDirective)',
      '    app.add_role("my-tree", tree_role)',
      '    return {"parallel_read_safe": True}',
      '',
    ].join('\n'),
    'src/mypkg/sphinxext/other.py': 'from mypkg.sphinxext._setup import register\n\ndef setup(app):\n    register(app)\n',
    'docs/conf.py': "extensions = ['mypkg.sphinxext.plot', 'mypkg.sphinxext.other']\n",
    'docs/index.rst': 'Index\n=====\n\nSee :my-tree:`x`.\n\n.. my-plot::\n\n   code\n\n.. my-other::\n\n.. my-plott::\n',
  });
  try {
    assert.deepEqual(
      lint(dir).map((l) => l.replace(/^(\S+ \S+ \S+).*$/, '$1')),
      // other.py's setup() calls code not read: what it registers may be anything.
      ['docs/index.rst:10:4: information project.extension-directive', 'docs/index.rst:12:4: information project.extension-directive'],
    );
    // Both read whole: an unknown directive is an error, with "did you mean".
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), "extensions = ['mypkg.sphinxext.plot']\n");
    assert.deepEqual(lint(dir), ['docs/index.rst:10:4: error rst.unknown-directive Unknown directive type "my-other".', 'docs/index.rst:12:4: error rst.unknown-directive Unknown directive type "my-plott". Did you mean "my-plot"?']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("sphinx-pyproject (sphinx-toolbox's own docs): `SphinxConfig(globalns=globals())` puts [tool.sphinx-pyproject]'s settings in conf.py, its extensions among them", () => {
  const pyproject = [
    '[project]',
    'name = "pkg"',
    'version = "1.0"',
    'description = "A package."',
    '',
    '[tool.sphinx-pyproject]',
    'extensions = ["sphinx.ext.autodoc", "sphinx_design"]',
    'rst_epilog = ".. |pkg| replace:: the package"',
    '',
  ].join('\n');
  const dir = tree({
    'pyproject.toml': pyproject,
    'doc-source/conf.py': 'from sphinx_pyproject import SphinxConfig\n\nconfig = SphinxConfig(globalns=globals())\nproject = config["project"] if "project" in config else name\n',
    'doc-source/index.rst': 'Index\n=====\n\nThis is |pkg|.\n\n.. grid:: 2\n\n   text\n\n.. automodule:: pkg\n   :members:\n',
  });
  try {
    assert.deepEqual(lint(dir), []);
    // Its path given, relative to conf.py's folder, where Sphinx runs it.
    fs.writeFileSync(path.join(dir, 'doc-source/conf.py'), 'from sphinx_pyproject import SphinxConfig\nconfig = SphinxConfig("../pyproject.toml", globalns=globals())\n');
    assert.deepEqual(lint(dir), []);
    // Without globalns, conf.py's namespace is not touched: no extensions, no epilog.
    fs.writeFileSync(path.join(dir, 'doc-source/conf.py'), 'from sphinx_pyproject import SphinxConfig\nconfig = SphinxConfig("../pyproject.toml")\nextensions = []\n');
    assert.deepEqual(
      lint(dir).map((l) => l.replace(/^(\S+ \S+ \S+).*$/, '$1')),
      ['doc-source/index.rst:4:10: error rst.undefined-substitution', 'doc-source/index.rst:6:4: error rst.unknown-directive', 'doc-source/index.rst:10:4: error rst.unknown-directive'],
    );
    // A file that is not there: conf.py's settings are unknown, so are its extensions (information, not errors).
    fs.writeFileSync(path.join(dir, 'doc-source/conf.py'), 'from sphinx_pyproject import SphinxConfig\nconfig = SphinxConfig("missing.toml", globalns=globals())\n');
    assert.ok(lint(dir).every((l) => l.includes(' information ')), lint(dir).join('\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("sphinx_toml (IPython's docs): `load_into_locals(locals())` puts the keys of sphinx.toml's tables in conf.py, with the loader's normalisations", () => {
  const toml = [
    '[sphinx]',
    'master_doc = "contents"',
    'extensions = ["sphinx.ext.autodoc", "sphinx_design"]',
    'rst_epilog = ".. |pkg| replace:: the package"',
    'source_suffix = ".txt"',
    '',
    '[sphinx_toml.environ]',
    'IN_DOCS = "1"',
    '',
    '[intersphinx_registry]',
    'packages = ["python"]',
    '',
  ].join('\n');
  const dir = tree({
    'docs/sphinx.toml': toml,
    'docs/conf.py': 'from sphinx_toml import load_into_locals\n\nload_into_locals(locals())\n',
    'docs/contents.txt': 'Contents\n========\n\nThis is |pkg|; see :ref:`tut-venv`.\n\n.. grid:: 2\n\n   text\n\n.. automodule:: pkg\n   :members:\n',
  });
  try {
    // The root document and its suffix, the extensions, the epilog and an intersphinx inventory came from sphinx.toml.
    assert.deepEqual(lint(dir), ["docs/contents.txt:4:26: information sphinx.undefined-label-intersphinx undefined label in this project: 'tut-venv'; it may be in an intersphinx inventory (python)"]);
    // Another namespace than conf.py's own: conf.py's settings are not touched (no extensions, no epilog; the
    // suffix is .rst again, so only the file named is checked).
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), 'from sphinx_toml import load_into_locals\n\nload_into_locals({})\n');
    assert.deepEqual(lint(dir), []);
    assert.deepEqual(
      lint(dir, 'docs/contents.txt').map((l) => l.replace(/^(\S+ \S+ \S+).*$/, '$1')),
      ['docs/contents.txt:4:10: error rst.undefined-substitution', 'docs/contents.txt:4:26: warning sphinx.undefined-label', 'docs/contents.txt:6:4: error rst.unknown-directive', 'docs/contents.txt:10:4: error rst.unknown-directive'],
    );
    // No sphinx.toml: conf.py's settings are unknown, so are its extensions (information, not errors).
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), 'from sphinx_toml import load_into_locals\n\nload_into_locals(locals())\n');
    fs.renameSync(path.join(dir, 'docs/sphinx.toml'), path.join(dir, 'docs/other.toml'));
    fs.renameSync(path.join(dir, 'docs/contents.txt'), path.join(dir, 'docs/contents.rst'));
    assert.deepEqual(
      lint(dir).map((l) => l.replace(/^(\S+ \S+ \S+).*$/, '$1')),
      ['docs/contents.rst:4:10: information project.computed-prelude', 'docs/contents.rst:4:26: warning sphinx.undefined-label', 'docs/contents.rst:6:4: information project.extension-directive', 'docs/contents.rst:10:4: information project.extension-directive'],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("options an extension writes into autodoc's documenters (sphinx-toolbox: `ModuleDocumenter.option_spec[\"no-docstring\"] = flag`), and autodocsumm's `no-` forms", () => {
  const dir = tree({
    'docs/conf.py': "import sys, os\nsys.path.insert(0, os.path.abspath('.'))\nextensions = ['sphinx.ext.autodoc', 'autodocsumm', 'nodoc']\n",
    'docs/nodoc.py': 'import sphinx.ext.autodoc\nfrom docutils.parsers.rst.directives import flag\n\ndef setup(app):\n    sphinx.ext.autodoc.ModuleDocumenter.option_spec["no-docstring"] = flag\n    return {}\n',
    'docs/index.rst': 'Index\n=====\n\n.. automodule:: pkg\n   :no-docstring:\n   :no-autosummary:\n   :autosummary-members:\n\n.. autoclass:: pkg.A\n   :no-docstring:\n',
  });
  try {
    // autoclass takes no `no-docstring`: the extension wrote it into the module documenter only.
    assert.deepEqual(lint(dir).map((l) => l.replace(/^(\S+ \S+ \S+).*$/, '$1')), ['docs/index.rst:10:5: error rst.directive-error']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a file of no Sphinx project that no document includes, beside a project (ansible-hardening's doc/metadata fragments): its undefined labels are information, in lint and in the editor", async () => {
  const fragment = '---\nid: V-2\n---\n\nSee :ref:`stig-V-1`.\n';
  const dir = tree({
    'doc/source/conf.py': 'extensions = []\n',
    'doc/source/index.rst': 'Index\n=====\n\nText.\n',
    'doc/metadata/V-2.rst': fragment,
  });
  const outside = "information sphinx.reference-outside-build undefined label: 'stig-V-1'; this file is in no Sphinx project (no conf.py in its folder or above) and no document includes it, so no build resolves it";
  try {
    assert.deepEqual(lint(dir), [`doc/metadata/V-2.rst:5:11: ${outside}`]);
    // Named alone: the project is still beside it, in its repository.
    assert.deepEqual(lint(dir, 'doc/metadata/V-2.rst'), [`doc/metadata/V-2.rst:5:11: ${outside}`]);
    const client = await startLspClient(pathToFileURL(dir).href);
    try {
      const uri = pathToFileURL(path.join(dir, 'doc/metadata/V-2.rst')).href;
      await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text: fragment } });
      const done = await latest(client, uri, (p) => p.diagnostics.some((d) => d.code === 'sphinx.reference-outside-build'), 'the fragment checked beside the project');
      assert.deepEqual(done.diagnostics.map((d) => `${d.severity} ${d.code}`), ['3 sphinx.reference-outside-build']);
    } finally {
      await client.stop();
    }
    // Included by a document of the project: checked as part of it, a warning there.
    fs.writeFileSync(path.join(dir, 'doc/source/index.rst'), 'Index\n=====\n\n.. include:: ../metadata/V-2.rst\n');
    assert.deepEqual(lint(dir).map((l) => l.replace(/ undefined label: .*$/, '')), ['doc/metadata/V-2.rst:5:11: warning sphinx.undefined-label']);
    // No Sphinx project at all (a guide of plain files): a warning.
    fs.rmSync(path.join(dir, 'doc/source'), { recursive: true });
    assert.deepEqual(lint(dir).map((l) => l.replace(/ undefined label: .*$/, '')), ['doc/metadata/V-2.rst:5:11: warning sphinx.undefined-label']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a code block whose language no Pygments lexer has (uwsgi-docs' `upstart`): Sphinx's warning; names Pygments, Sphinx or an extension knows are not", () => {
  const dir = tree({
    'docs/conf.py': 'extensions = []\n',
    'docs/index.rst': [
      'Index',
      '=====',
      '',
      '.. code-block:: upstart',
      '',
      '   start on runlevel [2345]',
      '',
      '.. code-block:: Python',
      '',
      '   x = 1',
      '',
      '.. code-block:: pycon3',
      '',
      '   >>> 1',
      '',
      '.. code:: yaml+jinja',
      '',
      '   a: {{ b }}',
      '',
      '.. sourcecode:: ipython3',
      '',
      '   In [1]: 1',
      '',
      '.. literalinclude:: conf.py',
      '   :language: pyhton',
      '',
      '.. code-block:: guess',
      '',
      '   anything',
      '',
    ].join('\n'),
  });
  try {
    assert.deepEqual(lint(dir), [
      "docs/index.rst:4:17: warning sphinx.unknown-lexer Pygments lexer name 'upstart' is not known",
      "docs/index.rst:25:15: warning sphinx.unknown-lexer Pygments lexer name 'pyhton' is not known",
    ]);
    // A lexer a local extension adds (`app.add_lexer`), by a literal name: known.
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), "def setup(app):\n    app.add_lexer('upstart', object)\n    app.add_lexer('pyhton', object)\n");
    assert.deepEqual(lint(dir), []);
    // By a computed name, or with an extension that is not known: no lexer name is judged.
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), 'def setup(app):\n    for name in NAMES:\n        app.add_lexer(name, object)\n');
    assert.deepEqual(lint(dir), []);
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), "extensions = ['somebody.lexers']\n");
    assert.deepEqual(lint(dir), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("labels a sphinx-gallery example script defines in its docstring or comment blocks (optuna's tutorial) are labels of the project", () => {
  const example = [
    '"""',
    '.. _rdb:',
    '',
    'Saving/Resuming Study with RDB Backend',
    '======================================',
    '"""',
    '',
    'import os',
    '',
    '###############################################################################',
    '# .. _Batch-Optimization:',
    '#',
    '# Batch Optimization',
    '# ------------------',
    '',
    'text = """',
    '.. _in-code:',
    '"""',
    '',
  ].join('\n');
  const dir = tree({
    'docs/source/conf.py': 'extensions = ["sphinx_gallery.gen_gallery"]\nsphinx_gallery_conf = {"examples_dirs": ["../../tutorial"], "gallery_dirs": ["tutorial"]}\n',
    'docs/source/index.rst': 'Index\n=====\n\nSee :ref:`rdb`, :ref:`batch-optimization`, :ref:`in-code` and :ref:`sub-label`.\n\n.. toctree::\n\n   tutorial/index\n',
    'tutorial/README.rst': 'Tutorial\n========\n',
    'tutorial/10_key_features/001_rdb.py': example,
    'tutorial/20_more/002_sub.py': '"""\n.. _sub-label:\n\nSub\n===\n"""\n',
  });
  try {
    // The string literal in code is no text of the page: its label is undefined.
    assert.deepEqual(lint(dir).map((l) => l.replace(/ undefined label: .*$/, '')), ['docs/source/index.rst:4:50: warning sphinx.undefined-label']);
    // Without sphinx-gallery, the scripts are no pages.
    fs.writeFileSync(path.join(dir, 'docs/source/conf.py'), 'extensions = []\n');
    assert.equal(lint(dir).filter((l) => l.includes('sphinx.undefined-label')).length, 4);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the targets of a gallery's header (networkx's `examples/README.txt`: `.. _examples_gallery:`) are labels of the project: the header is the top of the index page sphinx-gallery writes", () => {
  const dir = tree({
    'doc/conf.py': 'extensions = ["sphinx_gallery.gen_gallery"]\nsphinx_gallery_conf = {"examples_dirs": "../examples", "gallery_dirs": "auto_examples"}\n',
    'doc/index.rst': 'Index\n=====\n\nSee :ref:`examples_gallery`, :ref:`drawing-examples` and :ref:`nowhere`.\n\n.. toctree::\n\n   auto_examples/index\n',
    'examples/README.txt': '.. _examples_gallery:\n\nGallery\n=======\n',
    'examples/drawing/README.txt': '.. _Drawing-Examples:\n\nDrawing\n-------\n',
    'examples/drawing/plot_a.py': "'''\nA\n=\n'''\n",
  });
  try {
    assert.deepEqual(lint(dir).map((l) => l.replace(/ undefined label: .*$/, '')), ['doc/index.rst:4:64: warning sphinx.undefined-label']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a toctree entry loses the first of the project's source suffixes it ends with, as Sphinx's toctree takes it off (nornir's `tasks.ipynb` under nbsphinx); any other suffix stays", () => {
  const dir = tree({
    'docs/conf.py': "extensions = ['nbsphinx']\n",
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   tasks.ipynb\n   other.rst\n   notes.txt\n',
    'docs/tasks.ipynb': '{"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Tasks"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n',
    'docs/other.rst': 'Other\n=====\n',
    'docs/notes.rst': 'Notes\n=====\n',
  });
  try {
    // Sphinx 5.3 on the same tree: notes.txt names no document (`.txt` is no source suffix here), and notes.rst
    // is then in no toctree.
    assert.deepEqual(lint(dir), [
      "docs/index.rst:8:4: warning sphinx.toctree-missing-document toctree contains reference to nonexisting document 'notes.txt'",
      "docs/notes.rst:1:1: warning sphinx.not-in-toctree document isn't included in any toctree",
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the file a raw or csv-table directive's :file: option names must exist (intake's plugin-list.html): docutils' SEVERE", () => {
  const dir = tree({
    'docs/conf.py': 'extensions = []\n',
    'docs/index.rst': 'Index\n=====\n\n.. raw:: html\n   :file: plugin-list.html\n\n.. csv-table:: Data\n   :file: data/missing.csv\n\n.. csv-table:: Here\n   :file: data/here.csv\n\n.. raw:: html\n   :file: ../docs/present.html\n\n.. raw:: html\n   :file: /etc/machine-file\n',
    'docs/data/here.csv': 'a,b\n',
    'docs/present.html': '<p>x</p>\n',
  });
  try {
    // docutils 0.19 on the same document: these two messages (its line is the directive's, ours the option's). An
    // absolute path is one of the machine's, which is not read here (docutils' own test data's `/etc/passwd`).
    assert.deepEqual(lint(dir), [
      `docs/index.rst:5:11: error rst.file-not-found Problems with "raw" directive path: InputError: [Errno 2] No such file or directory: 'plugin-list.html'.`,
      `docs/index.rst:8:11: error rst.file-not-found Problems with "csv-table" directive path: [Errno 2] No such file or directory: 'data/missing.csv'.`,
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a document another document includes is read twice by Sphinx: its titled labels are duplicates (pydocstyle's snippets/cli.rst)", () => {
  const dir = tree({
    'docs/conf.py': 'extensions = []\n',
    'docs/index.rst': 'Title\n=====\n\n.. toctree::\n\n   usage\n',
    'docs/usage.rst': 'Usage doc\n=========\n\n.. include:: snippets/cli.rst\n',
    'docs/snippets/cli.rst': '.. _cli_usage:\n\nUsage\n^^^^^\n\nText.\n\n.. _no-title:\n\nA paragraph, no title.\n',
  });
  try {
    // Sphinx 5.3: "snippets/cli.rst:4: WARNING: duplicate label cli_usage, other instance in .../snippets/cli.rst".
    assert.deepEqual(lint(dir), ['docs/snippets/cli.rst:1:5: warning sphinx.duplicate-label duplicate label cli_usage, other instance in cli.rst']);
    // Left out of the build (exclude_patterns), the file is read only as part of usage.rst: no duplicate.
    fs.writeFileSync(path.join(dir, 'docs/conf.py'), "exclude_patterns = ['snippets/*']\n");
    assert.deepEqual(lint(dir), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a document another includes in part only: only the labels of the parts read are read twice (u-boot\'s k3.rst, tarantool\'s tcm/index.rst)', () => {
  const dir = tree({
    'docs/conf.py': 'extensions = []\n',
    'docs/index.rst': 'Idx\n===\n\n.. toctree::\n\n   a\n   k\n',
    'docs/a.rst': 'A\n=\n\n.. include:: k.rst\n   :start-after: .. start_part\n   :end-before: .. end_part\n',
    'docs/k.rst': 'K\n=\n\n.. start_part\n\n.. _in-part:\n\nShared\n------\n\nShared text.\n\n.. end_part\n\n.. _lbl:\n\nSection\n-------\n\nBody.\n',
  });
  try {
    // Sphinx 5.3: "k.rst:9: WARNING: duplicate label in-part, other instance in .../a.rst", and nothing of `lbl`.
    assert.deepEqual(lint(dir), ['docs/k.rst:6:5: warning sphinx.duplicate-label duplicate label in-part, other instance in a.rst']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a label of an excluded file above the part a page includes is never read: the page's own label of that name is no duplicate (mne's _includes/dig_formats.rst)", () => {
  const dir = tree({
    'doc/conf.py': "exclude_patterns = ['_inc']\n",
    'doc/index.rst': 'Index\n=====\n\n.. toctree::\n\n   d/impl\n\nSee :ref:`fmt`.\n',
    'doc/d/impl.rst': 'Impl\n====\n\n.. include:: ../_inc/fmt.rst\n   :start-after: begin-content\n\n\n.. _fmt:\n\nFormats\n-------\n\ntext\n',
    'doc/_inc/fmt.rst': ':orphan:\n\n.. _fmt:\n\nFormats\n=======\n\n.. NOTE: link to it\n   begin-content\n\nSome content.\n',
  });
  try {
    // Sphinx 5.3: no warning.
    assert.deepEqual(lint(dir), []);
    // Not excluded, the file is a document of its own and its label a duplicate, as Sphinx 5.3 says
    // ("d/impl.rst:11: WARNING: duplicate label fmt, other instance in .../_inc/fmt.rst").
    fs.writeFileSync(path.join(dir, 'doc/conf.py'), 'exclude_patterns = []\n');
    assert.deepEqual(lint(dir), ['doc/d/impl.rst:8:5: warning sphinx.duplicate-label duplicate label fmt, other instance in ../_inc/fmt.rst']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a label in a docstring of the repository's package, where conf.py's own code writes autodoc pages under computed names (kivy's autobuild): information; a label in a comment, or with no such pages, a warning", () => {
  const files: Record<string, string> = {
    'doc/sources/conf.py': "import os, sys\nsys.path.insert(0, os.path.abspath('sphinxext'))\nextensions = ['autodoc']\nimport autobuild\n",
    'doc/sources/sphinxext/autodoc.py': 'from sphinx.ext.autodoc import setup as core_setup\n\ndef setup(app):\n    core_setup(app)\n',
    'doc/sources/autobuild.py': [
      'import os',
      'def writefile(filename, data):',
      "    with open(os.path.join('sources', filename), 'w') as f:",
      '        f.write(data)',
      'for package in ["kivy", "kivy.clock"]:',
      "    writefile('api-%s.rst' % package, '.. automodule:: %s' % package)",
      '',
    ].join('\n'),
    'doc/sources/index.rst': 'Index\n=====\n\nSee :ref:`schedule-before-frame`, :ref:`in-comment` and :ref:`nowhere-at-all`.\n',
    'kivy/__init__.py': '"""Kivy."""\n',
    'kivy/clock.py': '"""\nClock\n=====\n\n.. _schedule-before-frame:\n\nBefore the frame\n----------------\n"""\n# .. _in-comment:\nx = 1\n',
  };
  const dir = tree(files);
  try {
    assert.deepEqual(lint(dir), [
      "doc/sources/index.rst:4:11: information project.docstring-label undefined label in this project: 'schedule-before-frame'; a docstring of ../../kivy/clock.py defines it, and autodoc may put it on a page conf.py (through import autobuild) writes during the build",
      "doc/sources/index.rst:4:41: warning sphinx.undefined-label undefined label: 'in-comment'",
      "doc/sources/index.rst:4:63: warning sphinx.undefined-label undefined label: 'nowhere-at-all'",
    ]);
    // No page written under a computed name: the docstring is read by no page, a warning.
    fs.writeFileSync(path.join(dir, 'doc/sources/conf.py'), "extensions = ['sphinx.ext.autodoc']\n");
    assert.deepEqual(lint(dir).map((l) => l.replace(/ undefined label.*$/, '')), [
      'doc/sources/index.rst:4:11: warning sphinx.undefined-label',
      'doc/sources/index.rst:4:41: warning sphinx.undefined-label',
      'doc/sources/index.rst:4:63: warning sphinx.undefined-label',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("what `make html` makes first (python/devguide, IPython, scikit-image): its file targets exist, its scripts are read, the folders it makes hold pages", () => {
  const makefile = [
    '_RELEASE_CYCLE   = include/branches.csv \\',
    '                   _static/release-cycle.svg',
    'PYTHON = python3',
    '',
    '.PHONY: help',
    'help:',
    '\t@echo help',
    '',
    'include/branches.csv:',
    '\t$(PYTHON) _tools/generate.py',
    '',
    '_static/release-cycle.svg: include/branches.csv',
    '\t@:',
    '',
    'api:',
    '\t@mkdir -p api',
    '',
    'source-notes.txt: notes.py',
    '\tpython3 notes.py > $@',
    '',
    'clean: clean-reports',
    '\t-rm -rf _build/*',
    'clean-reports:',
    '\t-rm -rf reports/*.html',
    '',
    '%: Makefile api $(_RELEASE_CYCLE)',
    '\tsphinx-build -M $@ . _build',
    '',
  ].join('\n');
  const files = {
    'docs/conf.py': 'extensions = []\n',
    'docs/Makefile': makefile,
    'docs/_tools/generate.py': 'with open("include/other.csv", "w") as f:\n    f.write("a,b")\n',
    'docs/index.rst': [
      'Index',
      '=====',
      '',
      '.. csv-table:: Branches',
      '   :file: include/branches.csv',
      '',
      '.. csv-table:: Other',
      '   :file: include/other.csv',
      '',
      '.. raw:: html',
      '   :file: _static/release-cycle.svg',
      '',
      '.. include:: source-notes.txt',
      '',
      '.. raw:: html',
      '   :file: reports/summary.html',
      '',
      '.. raw:: html',
      '   :file: reports/summary.txt',
      '',
      '.. toctree::',
      '',
      '   api/index',
      '',
    ].join('\n'),
  };
  const dir = tree(files);
  try {
    // source-notes.txt is a target `make html` does not reach: missing. The rest is made first, and what `make
    // clean` removes (`reports/*.html`, nilearn's generated reports) is made by some step of the build.
    assert.deepEqual(lint(dir).map((l) => l.replace(/^(\S+ \S+ \S+).*$/, '$1')), ['docs/index.rst:13:14: error rst.include-not-found', 'docs/index.rst:19:11: error rst.file-not-found']);
    // Without the Makefile, each of them is missing.
    fs.rmSync(path.join(dir, 'docs/Makefile'));
    assert.equal(lint(dir).length, 7);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a template a script of `make html`'s recipes is handed (scikit-image's `python tools/write_migration_guide.py $<` with `skimage2_migration.rst.tpl`): the file it names without `.tpl` is written", () => {
  const makefile = [
    'PYTHON ?= python',
    'MIGRATION_TPL = source/user_guide/migration.rst.tpl',
    '',
    'html: migration-doc',
    '\t$(PYTHON) -m sphinx -b html source build/html',
    '',
    'migration-doc: $(MIGRATION_TPL)',
    '\t$(PYTHON) tools/write_guide.py $<',
    '',
    'other: source/user_guide/other.rst.tpl',
    '\t$(PYTHON) tools/write_guide.py $<',
    '',
  ].join('\n');
  const files = {
    'doc/Makefile': makefile,
    'doc/tools/write_guide.py': [
      'import sys',
      'from pathlib import Path',
      'tpl = Path(sys.argv[1])',
      "out = tpl.with_name(tpl.name.replace('.tpl', ''))",
      'out.write_text(tpl.read_text())',
      '',
    ].join('\n'),
    'doc/source/conf.py': 'extensions = []\n',
    'doc/source/index.rst': 'Index\n=====\n\n.. toctree::\n\n   user_guide/index\n',
    'doc/source/user_guide/index.rst': 'Guide\n=====\n\n.. toctree::\n\n   migration\n   other\n',
    'doc/source/user_guide/migration.rst.tpl': 'Migration\n=========\n',
    'doc/source/user_guide/other.rst.tpl': 'Other\n=====\n',
  };
  const dir = tree(files);
  try {
    // other.rst is made by a target `make html` does not reach: missing.
    assert.deepEqual(lint(dir).map((l) => l.replace(/^(\S+ \S+ \S+).*$/, '$1')), ['doc/source/user_guide/index.rst:7:4: warning sphinx.toctree-missing-document']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
