import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

/**
 * Constructs of real documentation trees whose `sphinx-build -W` passes, each once reported by `ha-guide lint`
 * (readthedocs.org's docs: 1,013 warnings and errors; packaging.python.org: 1 error). Each project here is the
 * smallest copy of the construct, linted by the real CLI (dist/cli.js), with what it must say.
 */

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');

/** `lint`'s lines with paths from `docs/` and the part of each message `drop` matches left out. */
function docsLint(files: Record<string, string>, drop = / Did you mean.*$/): string[] {
  return lint(files).map((l) => l.replace(/^.*?docs\//, 'docs/').replace(drop, ''));
}

/** `ha-guide lint` of `input` in a new folder holding `files` and the symbolic `links` (path -> target). */
function lint(files: Record<string, string>, args: string[] = [], input = 'docs', links: Record<string, string> = {}): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-real-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    for (const [rel, target] of Object.entries(links)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.symlinkSync(target, path.join(dir, rel));
    }
    const r = spawnSync(process.execPath, [CLI, 'lint', '--root', dir, ...args, path.join(dir, input)], { cwd: dir, encoding: 'utf8', timeout: 60000 });
    assert.equal(r.stderr, '');
    return r.stdout.split('\n').filter(Boolean);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('sphinx-multiproject: each project of multiproject_projects has its own source folder and its own labels', () => {
  const conf = [
    'extensions = ["multiproject"]',
    'multiproject_projects = {',
    '    "user": {"use_config_file": False, "config": {"project": "User"}},',
    '    "dev": {"path": "developer"},',
    '}',
    '',
  ].join('\n');
  const lines = lint({
    'docs/conf.py': conf,
    'docs/user/index.rst': 'User\n====\n\n.. toctree::\n\n   /install\n\nSee :doc:`/install` and :ref:`user-label`.\n',
    'docs/user/install.rst': '.. _user-label:\n\nInstall\n=======\n\nText.\n',
    'docs/developer/index.rst': 'Dev\n===\n\nSee :doc:`/install` and :ref:`user-label`.\n',
    'docs/developer/install.rst': 'Dev install\n===========\n\nSee :doc:`/index`.\n',
  });
  // The developer project has an install page of its own, and no user-label: the user project's label is not its.
  assert.deepEqual(lines.map((l) => l.replace(/^.*?docs\//, 'docs/')), [
    "docs/developer/index.rst:4:31: warning sphinx.undefined-label undefined label: 'user-label'",
    "docs/developer/install.rst:1:1: warning sphinx.not-in-toctree document isn't included in any toctree",
  ]);
});

test('a toctree entry written as a hyperlink is a URL to Sphinx (its url_re matches the whole entry)', () => {
  const lines = lint({
    'docs/conf.py': 'project = "t"\n',
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   `Terms of Service <https://example.org/terms/>`_\n   mailto:someone@example.org\n',
  });
  // `mailto:` has no `://`: Sphinx looks it up as a document, and warns.
  assert.deepEqual(lines.map((l) => l.replace(/^.*?docs\//, 'docs/')), [
    "docs/index.rst:7:4: warning sphinx.toctree-missing-document toctree contains reference to nonexisting document 'mailto:someone@example.org'",
  ]);
});

test('an inline target is a label :ref: reaches; a footnote referenced from a code block caption is referenced', () => {
  const lines = lint({
    'docs/conf.py': 'project = "t"\n',
    'docs/index.rst': [
      'Index',
      '=====',
      '',
      'You can create _`in-line targets` in a paragraph.',
      '',
      'See :ref:`Target inside a paragraph <in-line targets>` and :ref:`no-such-label`.',
      '',
      '.. code-block:: python',
      '   :caption: conf.py [1]_ builds two projects',
      '',
      '   x = 1',
      '',
      '.. [1] https://example.org/conf.py',
      '.. [2] Never referenced.',
      '',
    ].join('\n'),
  });
  assert.deepEqual(lines.map((l) => l.replace(/^.*?docs\//, 'docs/')), [
    "docs/index.rst:6:66: warning sphinx.undefined-label undefined label: 'no-such-label'",
    'docs/index.rst:14:5: warning sphinx.footnote-not-referenced Footnote [2] is not referenced.',
  ]);
});

test('sphinxemoji defines the emoji substitutions; autosectionlabel labels the sections of a file included from outside the source folder', () => {
  const lines = lint({
    'CHANGELOG.rst': 'Version 3.2.0\n-------------\n\nFixes.\n',
    'docs/conf.py': 'extensions = ["sphinxemoji.sphinxemoji", "sphinx.ext.autosectionlabel"]\nautosectionlabel_prefix_document = True\n',
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   changelog\n\nThanks |:heart:|, see :ref:`changelog:Version 3.2.0` and |not-an-emoji|.\n',
    'docs/changelog.rst': 'Changelog\n=========\n\n.. include:: ../CHANGELOG.rst\n',
  });
  assert.deepEqual(lines.map((l) => l.replace(/^.*?docs\//, 'docs/')), [
    'docs/index.rst:8:59: error rst.undefined-substitution Undefined substitution referenced: "not-an-emoji".',
  ]);
});

test('pytensor: sphinx.ext.autosectionlabel warns of section titles whose label the build has already, as Sphinx 5.3 does', () => {
  const files = (extra: string) => ({
    'docs/conf.py': `extensions = ["sphinx.ext.autosectionlabel"]\n${extra}`,
    'docs/index.rst': 'Top\n===\n\n.. toctree::\n\n   a\n   b\n   c\n',
    'docs/a.rst': '.. _intro:\n\nIntro\n=====\n\nInstall\n-------\n\nSearch\n------\n\n``foo`` bar\n-----------\n\nTwice\n-----\n\nTwice\n-----\n',
    'docs/b.rst': 'B doc\n=====\n\nIntro\n-----\n\n``foo``   BAR\n-------------\n',
    'docs/c.rst': 'C doc\n=====\n\n.. _install:\n\nSetup\n-----\n\n.. _plain:\n\nText.\n',
  });
  const hint = '; sphinx.ext.autosectionlabel makes each section title a label';
  // Real Sphinx 5.3 on this project: a.rst:4 intro (a.rst), a.rst:10 search (search.rst), a.rst:19 twice (a.rst),
  // b.rst:5 intro (a.rst), b.rst:8 ``foo`` bar (a.rst), c.rst:7 install (a.rst), each at the title's underline.
  assert.deepEqual(docsLint(files('')), [
    `docs/a.rst:3:1: warning sphinx.duplicate-section-label duplicate label intro, other instance in a.rst${hint}`,
    `docs/a.rst:9:1: warning sphinx.duplicate-section-label duplicate label search, other instance in search.rst (a page Sphinx writes)${hint}`,
    `docs/a.rst:18:1: warning sphinx.duplicate-section-label duplicate label twice, other instance in a.rst${hint}`,
    `docs/b.rst:4:1: warning sphinx.duplicate-section-label duplicate label intro, other instance in a.rst${hint}`,
    `docs/b.rst:7:1: warning sphinx.duplicate-section-label duplicate label \`\`foo\`\` bar, other instance in a.rst${hint}`,
    'docs/c.rst:4:5: warning sphinx.duplicate-label duplicate label install, other instance in a.rst',
  ]);
  // suppress_warnings silences autosectionlabel's warnings, not the standard domain's (Sphinx: c.rst:7 alone).
  assert.deepEqual(docsLint(files("suppress_warnings = ['autosectionlabel.*']\n")), ['docs/c.rst:4:5: warning sphinx.duplicate-label duplicate label install, other instance in a.rst']);
  // With the document's name in each label, only a title twice in one document (Sphinx: a.rst:19 a:twice).
  assert.deepEqual(docsLint(files('autosectionlabel_prefix_document = True\n')), [`docs/a.rst:18:1: warning sphinx.duplicate-section-label duplicate label a:twice, other instance in a.rst${hint}`]);
  // pipx: autosectionlabel_maxdepth = 2 labels the titles of the first two levels only; a document's name in a
  // label is in lower case, as the reference's target (Sphinx 5.3: Upper.rst:14 upper:mid, and index.rst's
  // references to 'upper:some title' and 'upper:deep one' undefined).
  const deep = docsLint({
    'docs/conf.py': "extensions = ['sphinx.ext.autosectionlabel']\nautosectionlabel_prefix_document = True\nautosectionlabel_maxdepth = 2\n",
    'docs/index.rst': 'Top\n===\n\n.. toctree::\n\n   Upper\n\nSee :ref:`Upper:Some Title`, :ref:`upper:deep one` and :ref:`Upper:Mid`.\n',
    'docs/Upper.rst': 'Upper\n=====\n\nMid\n---\n\nSome Title\n~~~~~~~~~~\n\nDeep one\n^^^^^^^^\n\nMid\n---\n\nSome Title\n~~~~~~~~~~\n',
  });
  assert.deepEqual(deep, [
    "docs/index.rst:8:11: warning sphinx.undefined-label undefined label: 'Upper:Some Title'",
    "docs/index.rst:8:36: warning sphinx.undefined-label undefined label: 'upper:deep one'",
    `docs/Upper.rst:13:1: warning sphinx.duplicate-section-label duplicate label upper:mid, other instance in Upper.rst${hint}`,
  ]);
});

test("nbsphinx: a toctree glob matches the project's notebooks (.ipynb documents the index does not hold)", () => {
  const files = {
    'docs/conf.py': "extensions = ['nbsphinx']\nexclude_patterns = ['_build', 'skipped/*']\n",
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n   :glob:\n\n   installation\n   subdir/*\n   deep/**\n   skipped/*\n   nothere/*\n',
    'docs/installation.ipynb': '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n',
    'docs/subdir/a-notebook.ipynb': '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n',
    'docs/deep/er/b-notebook.ipynb': '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n',
    'docs/skipped/c-notebook.ipynb': '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n',
  };
  // Sphinx 5.3 with nbsphinx's suffix: the two patterns with no document (one excluded) warn, the others do not.
  assert.deepEqual(docsLint(files), [
    "docs/index.rst:10:4: warning sphinx.toctree-glob-no-match toctree glob pattern 'skipped/*' didn't match any documents",
    "docs/index.rst:11:4: warning sphinx.toctree-glob-no-match toctree glob pattern 'nothere/*' didn't match any documents",
  ]);
  // nbsphinx_custom_formats: each key is a source suffix of the build (nbsphinx's own docs: `.pct.py`, `.md`).
  const custom = (formats: string) => ({
    'docs/conf.py': `extensions = ['nbsphinx']\n${formats}`,
    'docs/index.rst': 'Index\n=====\n\nSee :doc:`custom-formats`.\n\n.. toctree::\n\n   custom-formats\n   a-markdown-file\n',
    'docs/custom-formats.pct.py': '# %% [markdown]\n# # Custom formats\n',
    'docs/a-markdown-file.md': '# A Markdown file\n',
  });
  assert.deepEqual(docsLint(custom("nbsphinx_custom_formats = {\n    '.pct.py': ['jupytext.reads', {'fmt': 'py:percent'}],\n    '.md': {'reader': 'jupytext.reads'},\n}\n")), []);
  assert.deepEqual(docsLint(custom('')).map((l) => l.replace(/:\d+:\d+: warning (\S+).*/, ' $1')), [
    'docs/index.rst sphinx.unknown-document',
    'docs/index.rst sphinx.toctree-missing-document',
    'docs/index.rst sphinx.toctree-missing-document',
  ]);
});

test("sphinx-gallery: the header of an examples folder (README.rst, GALLERY_HEADER.rst) is read as the gallery index the build writes it into", () => {
  const files = (header: string, conf: string) => ({
    'doc/source/conf.py': `extensions = ['sphinx_gallery.gen_gallery']\n${conf}`,
    'doc/source/index.rst': 'Index\n=====\n\n.. _some_label:\n\nSection\n-------\n\nSee :ref:`gallery-of-examples`.\n\n.. toctree::\n\n   tutorial\n   tutorials/index\n',
    'doc/source/tutorial.rst': 'Tutorial\n========\n',
    [`doc/examples/${header}`]: '.. _gallery-of-examples:\n\nExamples\n========\n\nSee :ref:`some_label`, :doc:`../tutorial` and :ref:`missing-one`.\n',
    [`doc/examples/sub/${header}`]: 'Sub\n===\n\nSee :doc:`../../tutorial`.\n',
  });
  const strip = (l: string) => l.replace(/^.*?hg-real-[^/]+\//, '');
  const gallery = "sphinx_gallery_conf = {'examples_dirs': '../examples', 'gallery_dirs': 'tutorials'}\n";
  for (const header of ['README.rst', 'GALLERY_HEADER.rst']) {
    // Relative to tutorials/index.rst and tutorials/sub/index.rst: `../tutorial` and `../../tutorial` are found.
    assert.deepEqual(lint(files(header, gallery), [], '.').map(strip), [`doc/examples/${header}:6:53: warning sphinx.undefined-label undefined label: 'missing-one'`], header);
  }
  // examples_dirs elsewhere: the folder is no gallery, its header of no project (Sphinx does not read it: its
  // references are information).
  const outside = '; this file is in no Sphinx project (no conf.py in its folder or above) and no document includes it, so no build resolves it';
  assert.deepEqual(lint(files('README.rst', "sphinx_gallery_conf = {'examples_dirs': '../other', 'gallery_dirs': 'tutorials'}\n"), [], '.').map(strip), [
    `doc/examples/README.rst:6:11: information sphinx.reference-outside-build undefined label: 'some_label'${outside}`,
    `doc/examples/README.rst:6:30: information sphinx.reference-outside-build unknown document: '../tutorial'${outside}`,
    `doc/examples/README.rst:6:53: information sphinx.reference-outside-build undefined label: 'missing-one'${outside}`,
    `doc/examples/sub/README.rst:4:11: information sphinx.reference-outside-build unknown document: '../../tutorial'${outside}`,
    "doc/source/index.rst:9:11: warning sphinx.undefined-label undefined label: 'gallery-of-examples'",
  ]);
});

test("typing: a cross-reference whose text starts with `!` is shown as text, with nothing to resolve (Sphinx's XRefRole)", () => {
  const files = (bang: string) => ({
    'docs/conf.py': 'project = "t"\n',
    'docs/index.rst': `Title\n=====\n\n.. _any:\n\nAny\n---\n\nThe type :ref:\`Any\`, then :ref:\`${bang}Any\`, :ref:\`${bang}nolabel\`,\n:doc:\`${bang}nodoc\`, :term:\`${bang}noterm\`, :numref:\`${bang}nofig\`, :option:\`${bang}--nope\`.\n`,
  });
  // Sphinx 5.3: no warning with the `!`; without it, each of these.
  assert.deepEqual(docsLint(files('!')), []);
  assert.deepEqual(docsLint(files('')).map((l) => l.replace(/^\S+ \w+ (\S+).*$/, '$1')), [
    'sphinx.undefined-label',
    'sphinx.unknown-document',
    'sphinx.undefined-term',
    'sphinx.numfig-disabled',
    'sphinx.unknown-option',
  ]);
});

test("sphinx-toolbox, sphinxcontrib-websupport: a substitution an unknown extension's directive may define, a byte-order mark before a title, and the paths Sphinx never reads", () => {
  // A substitution defined with a directive of an extension nobody knows: information on the directive only.
  const subst = (extensions: string) => ({
    'docs/conf.py': `extensions = [${extensions}]\n`,
    'docs/index.rst': 'Title\n=====\n\nDocs: |docs| and |other|.\n\n.. |docs| rtfd-shield::\n   :project: sphinx-toolbox\n',
  });
  assert.deepEqual(docsLint(subst("'shieldext'")).map((l) => l.replace(/^(\S+ \w+ \S+).*$/, '$1')), [
    'docs/index.rst:4:19: error rst.undefined-substitution',
    'docs/index.rst:6:11: information project.extension-directive',
  ]);
  // With no extension that might define it, docutils' errors (Sphinx 5.3 gives the same three).
  assert.deepEqual(docsLint(subst('')).map((l) => l.replace(/^(\S+ \w+ \S+).*$/, '$1')), [
    'docs/index.rst:4:8: error rst.undefined-substitution',
    'docs/index.rst:4:19: error rst.undefined-substitution',
    'docs/index.rst:6:1: warning rst.substitution-invalid',
    'docs/index.rst:6:11: error rst.unknown-directive',
  ]);
  // docutils removes a byte-order mark as it decodes the file; Sphinx never reads `_sources`, `*.lproj` and `.#*`.
  assert.deepEqual(
    docsLint({
      'docs/conf.py': 'project = "t"\n',
      'docs/index.rst': '\ufeffTitle\n=====\n\nText.\n',
      'docs/sub/_sources/page.rst': 'Page\n====\n',
      'docs/en.lproj/localized.rst': 'Localized\n=========\n',
      'docs/.#lock.rst': 'Lock\n====\n',
      'docs/orphan.rst': 'Orphan\n======\n',
    }),
    ["docs/orphan.rst:1:1: warning sphinx.not-in-toctree document isn't included in any toctree"],
  );
  // A label made by an indirect target to a label, a section title or another such target: Sphinx 5.3 resolves
  // each of these `:ref:`s, with the title of the section in the end; one to an external target is no label.
  assert.deepEqual(
    docsLint({
      'docs/conf.py': 'project = "t"\n',
      'docs/index.rst':
        'Title\n=====\n\n.. _some-label:\n\nSection\n-------\n\n.. _other-label: some-label_\n.. _third: other-label_\n.. _by-title: Section_\n.. _web: https://example.org/\n.. _to-web: web_\n\n' +
        '* :ref:`other-label`, :ref:`third`, :ref:`by-title`, :ref:`there <other-label>` and :ref:`to-web`.\n',
    }),
    ["docs/index.rst:15:91: warning sphinx.undefined-label undefined label: 'to-web'"],
  );
});

test("sahara-specs, murano-specs: doc8 does not read files under a folder that is a symbolic link (os.walk), where Sphinx does", () => {
  const long = 'x '.repeat(45).trim();
  const files = {
    'tox.ini': '[tox]\nskipsdist = True\n\n[testenv:doc8]\ndeps = doc8\ncommands = doc8 doc/source\n',
    'doc/source/conf.py': 'project = "t"\n',
    'doc/source/index.rst': `Index\n=====\n\n.. toctree::\n   :glob:\n\n   own\n   specs/*/*\n`,
    'doc/source/own.rst': `Own\n===\n\n${long}\n`,
    'specs/kilo/a.rst': `Spec\n====\n\n${long}\n`,
  };
  // Real doc8 on `doc/source`: own.rst's D001 only; the linked spec is a document of the build all the same.
  assert.deepEqual(
    lint(files, [], '.', { 'doc/source/specs': '../../specs' }).map((l) => l.replace(/^.*?hg-real-[^/]+\//, '')),
    ['doc/source/own.rst:4:80: warning doc8.line-too-long D001 Line too long (89 characters, at most 79)'],
  );
});

test("nilearn, lmfit, pvlib: exclude_patterns computed, extensions imported from a module, a gallery under docs/sphinx/source", () => {
  // nilearn: exclude_patterns spreads a generator over changes/*.rst; whats_new.rst includes names.rst, then the
  // fragments, which use its names. Sphinx 5.3 is clean: the fragments are read as part of whats_new.rst.
  const nilearn = {
    'doc/conf.py': 'from pathlib import Path\nproject = "x"\nexclude_patterns = [\n    "_build",\n    *(str(p.relative_to(Path(__file__).parent)) for p in Path(__file__).parent.glob("changes/*.rst") if p.name not in ("whats_new.rst", "names.rst")),\n]\n',
    'doc/index.rst': 'Index\n=====\n\n.. toctree::\n\n   changes/whats_new\n',
    'doc/changes/whats_new.rst': "What's new\n==========\n\n.. include:: names.rst\n\n.. include:: 0.1.0.rst\n",
    'doc/changes/names.rst': '.. _Gael Varoquaux: https://example.org/gael\n',
    'doc/changes/0.1.0.rst': '0.1.0\n-----\n\n- Thanks `Gael Varoquaux`_.\n',
  };
  const strip = (l: string) => l.replace(/^.*?hg-real-[^/]+\//, '');
  assert.deepEqual(lint(nilearn, [], '.').map(strip), []);
  // A list written out does say which files are excluded: the fragment is a document again, with its error.
  const listed = { ...nilearn, 'doc/conf.py': 'project = "x"\nexclude_patterns = ["_build"]\n' };
  assert.deepEqual(lint(listed, [], '.').map(strip).filter((l) => l.includes('error')), ['doc/changes/0.1.0.rst:4:11: error rst.unknown-target Unknown target name: "gael varoquaux".']);
  // lmfit: `from extensions import extensions`, from a module of the project when it is there, else unknown.
  const lmfit = (module: Record<string, string>) => ({
    ...module,
    'doc/conf.py': "import os, sys\nsys.path.append(os.path.abspath('.'))\nproject = 'x'\nfrom extensions import extensions\n",
    'doc/index.rst': 'Index\n=====\n\n.. autofunction:: os.path.join\n',
  });
  assert.deepEqual(lint(lmfit({ 'doc/extensions.py': "extensions = ['sphinx.ext.autodoc']\n" }), [], '.').map(strip), []);
  assert.deepEqual(lint(lmfit({}), [], '.').map(strip).map((l) => l.replace(/ is not known.*/, '')), ['doc/index.rst:4:4: information project.extension-directive Directive "autofunction"']);
  // pvlib: conf.py in docs/sphinx/source, the gallery's README two folders up, its label used by the index.
  const pvlib = {
    'docs/sphinx/source/conf.py': "project = 'x'\nextensions = ['sphinx_gallery.gen_gallery']\nsphinx_gallery_conf = {'examples_dirs': ['../../examples'], 'gallery_dirs': ['gallery']}\n",
    'docs/sphinx/source/index.rst': 'Index\n=====\n\nSee :ref:`example_gallery`.\n\n.. toctree::\n\n   gallery/index\n',
    'docs/examples/README.rst': '.. _example_gallery:\n\nExample gallery\n===============\n',
  };
  assert.deepEqual(lint(pvlib, [], '.').map(strip), []);
});

test('a transition followed only by link targets, a comment or a substitution definition is not at the end of the document (docutils 0.19-0.21)', () => {
  const lines = lint({
    'docs/conf.py': 'project = "t"\n',
    'docs/index.rst': 'Index\n=====\n\nText.\n\n----\n\n.. _Sphinx: https://www.sphinx-doc.org/\n',
  });
  assert.deepEqual(lines, []);
});

test('numpy: templates_path and html_static_path are not documents; autosummary writes the pages of its :toctree: folder', () => {
  const files = (extensions: string) => ({
    'docs/conf.py': `extensions = [${extensions}]\ntemplates_path = ['_templates']\nhtml_static_path = ['_static']\n`,
    'docs/_templates/autosummary/class.rst': '{{ fullname }}\n{{ underline }}\n\n.. currentmodule:: {{ module }}\n\n   indented\nunindented\n',
    'docs/_static/notes.rst': 'Not a title\n===\n',
    'docs/index.rst': [
      'Index',
      '=====',
      '',
      '.. autosummary::',
      '   :toctree: generated/',
      '',
      '   numpy.array',
      '',
      'See :doc:`numpy.ravel \\',
      '<generated/numpy.ravel>` and :doc:`generated/numpy.array`.',
      '',
    ].join('\n'),
  });
  assert.deepEqual(lint(files('"sphinx.ext.autosummary"')), []);
  // Without autosummary nothing writes them; the target's place is where it is written, past the escaped line end.
  assert.deepEqual(lint(files('')).map((l) => l.replace(/^.*?docs\//, 'docs/')), [
    'docs/index.rst:4:4: error rst.unknown-directive Unknown directive type "autosummary". It comes with the extension sphinx.ext.autosummary, which conf.py does not load.',
    "docs/index.rst:10:2: warning sphinx.unknown-document unknown document: 'generated/numpy.ravel'",
    "docs/index.rst:10:36: warning sphinx.unknown-document unknown document: 'generated/numpy.array'",
  ]);
});

test("IPython, and builders like celery's: settings taken from code conf.py cannot read (globals().update(...), load_into_locals(locals()), a star import) make unknown roles information", () => {
  const doc = { 'docs/index.rst': 'Index\n=====\n\nSee :setting:`broker_url`.\n\n.. setting:: broker_url\n' };
  const softened = (conf: string) => lint({ 'docs/conf.py': conf, ...doc }).map((l) => l.replace(/^.*?docs\//, 'docs/').replace(/;.*$/, ''));
  assert.deepEqual(softened('from shared_docs import conf\n\nglobals().update(conf.build_config("celery", __file__))\n'), [
    'docs/index.rst:4:6: information project.extension-role Role "setting" is not known',
    'docs/index.rst:6:4: information project.extension-directive Directive "setting" is not known',
  ]);
  assert.deepEqual(softened('from shared_docs_settings import *\n'), [
    'docs/index.rst:4:6: information project.extension-role Role "setting" is not known',
    'docs/index.rst:6:4: information project.extension-directive Directive "setting" is not known',
  ]);
  // A call handed conf.py's namespace sets what it likes in it: IPython's `load_into_locals(locals())` (its
  // extensions are in sphinx.toml), sphinx-pyproject's `SphinxConfig(..., globalns=globals())`.
  for (const conf of [
    'from sphinx_toml import load_into_locals\n\nload_into_locals(locals())\n',
    'from sphinx_pyproject import SphinxConfig\n\nconfig = SphinxConfig("../pyproject.toml", globalns=globals())\n',
  ]) {
    assert.deepEqual(softened(conf), [
      'docs/index.rst:4:6: information project.extension-role Role "setting" is not known',
      'docs/index.rst:6:4: information project.extension-directive Directive "setting" is not known',
    ], conf);
  }
  // A conf.py whose settings are all read: unknown names are errors.
  assert.deepEqual(softened('extensions = []\nprint(globals())\n').map((l) => l.replace(/ Did you mean.*$/, '')), [
    'docs/index.rst:4:6: error rst.unknown-role Unknown interpreted text role "setting".',
    'docs/index.rst:6:4: error rst.unknown-directive Unknown directive type "setting".',
  ]);
});

test("celery, kombu: the settings sphinx_celery's build_config returns are read, its extensions, its intersphinx prefixes, its extlinks and the _ext folder it puts on sys.path", () => {
  const conf = [
    'from sphinx_celery import conf',
    '',
    'globals().update(conf.build_config(',
    "    'celery', __file__,",
    "    project='Celery',",
    "    github_project='celery/celery',",
    "    extra_extensions=['celerydocs'],",
    "    extra_intersphinx_mapping={'click': ('https://click.palletsprojects.com/en/7.x/', None)},",
    '))',
    '',
  ].join('\n');
  const ext = "def setup(app):\n    app.add_crossref_type(directivename='sig', rolename='sig', indextemplate='pair: %s; sig')\n";
  const index = [
    'Index',
    '=====',
    '',
    '.. setting:: broker_url',
    '',
    '.. signal:: task_sent',
    '',
    '.. sig:: HUP',
    '',
    '.. automodule:: celery.app',
    '',
    'See :setting:`broker_url`, :signal:`task_sent`, :sig:`HUP`, :pypi:`kombu`, :github_user:`ask`, :sha:`abc`,',
    ':issue:`1`, :ref:`kombu:version-5.0.0` and :ref:`click:api`; :nosuch:`x`.',
    '',
  ].join('\n');
  const files = { 'docs/conf.py': conf, 'docs/_ext/celerydocs.py': ext, 'docs/index.rst': index };
  // Everything is known: only the role nobody registers is an error.
  assert.deepEqual(docsLint(files), ['docs/index.rst:13:63: error rst.unknown-role Unknown interpreted text role "nosuch".']);
  // Without the folder build_config puts on sys.path, celerydocs is an extension nobody knows.
  const { ['docs/_ext/celerydocs.py']: _, ...without } = files;
  assert.deepEqual(docsLint(without, / Declare it.*$/).filter((l) => l.includes('"sig"')), [
    'docs/index.rst:8:4: information project.extension-directive Directive "sig" is not known; it may come from extension "celerydocs", listed in conf.py.',
    'docs/index.rst:12:50: information project.extension-role Role "sig" is not known; it may come from extension "celerydocs", listed in conf.py.',
  ]);
});

test("pallets, marshmallow, packaging: a file outside the source folder that a document includes (CHANGES.rst) is checked in that document's project", () => {
  const files = (include: string) => ({
    'CHANGES.rst': 'Version 3.1\n-----------\n\n-   Fix :issue:`1`; see :doc:`/usage`, :doc:`usage` and :ref:`usage-label`.\n',
    'NOTES.rst': 'Notes\n=====\n\nSee :issue:`2`.\n',
    'docs/conf.py': 'extensions = ["sphinx.ext.extlinks"]\nextlinks = {"issue": ("https://github.com/x/y/issues/%s", "#%s")}\n',
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   changes\n   usage\n',
    'docs/changes.rst': `Changes\n=======\n\n${include}\n`,
    'docs/usage.rst': '.. _usage-label:\n\nUsage\n=====\n\nText.\n',
  });
  // The whole repository, as an editor or a pre-commit hook opens it: CHANGES.rst reads the docs' extlinks
  // role, its `/`-rooted :doc: from their source folder, a relative one from the including document's folder,
  // and their labels; NOTES.rst, which no document includes, is checked on its own, and the role is unknown there.
  const unknownRole = (file: string, line: number, column: number) => `${file}:${line}:${column}: error rst.unknown-role Unknown interpreted text role "issue".`;
  const repoLint = (include: string) => lint(files(include), [], '.').map((l) => l.replace(/^.*?hg-real-[^/]+\//, '').replace(/ Did you mean.*$/, ''));
  assert.deepEqual(repoLint('.. include:: ../CHANGES.rst'), [unknownRole('NOTES.rst', 4, 6)]);
  assert.deepEqual(repoLint('.. include:: /../CHANGES.rst'), [unknownRole('NOTES.rst', 4, 6)]);
  // Without the include, CHANGES.rst is a file of the repository only: the role, the document and the label are
  // unknown; beside the docs' project, which does not read it, the references are information.
  const outside = '; this file is in no Sphinx project (no conf.py in its folder or above) and no document includes it, so no build resolves it';
  const unread = [
    unknownRole('CHANGES.rst', 4, 10),
    `CHANGES.rst:4:31: information sphinx.reference-outside-build unknown document: '/usage'${outside}`,
    `CHANGES.rst:4:46: information sphinx.reference-outside-build unknown document: 'usage'${outside}`,
    `CHANGES.rst:4:63: information sphinx.reference-outside-build undefined label: 'usage-label'${outside}`,
  ];
  assert.deepEqual(repoLint('Nothing included.').filter((l) => l.startsWith('CHANGES.rst')), unread);
  // Named alone outside a repository, where its includers are not searched for: a file of its own, warnings.
  const alone = [
    unknownRole('CHANGES.rst', 4, 10),
    "CHANGES.rst:4:31: warning sphinx.unknown-document unknown document: '/usage'",
    "CHANGES.rst:4:46: warning sphinx.unknown-document unknown document: 'usage'",
    "CHANGES.rst:4:63: warning sphinx.undefined-label undefined label: 'usage-label'",
  ];
  // CHANGES.rst named alone, as a pre-commit hook names a changed file: its includer is found in the repository's
  // projects. Outside a repository nothing is searched, and it is a file of its own.
  const git = { '.git/HEAD': 'ref: refs/heads/main\n' };
  const fileLint = (include: string, extra: Record<string, string>) => lint({ ...files(include), ...extra }, [], 'CHANGES.rst').map((l) => l.replace(/^.*?hg-real-[^/]+\//, '').replace(/ Did you mean.*$/, ''));
  assert.deepEqual(fileLint('.. include:: ../CHANGES.rst', git), []);
  assert.deepEqual(fileLint('Nothing included.', git), unread);
  assert.deepEqual(fileLint('.. include:: ../CHANGES.rst', {}), alone);
});

test("setuptools, jaraco's projects: rst.linker's `NEWS (links).rst` is NEWS.rst with links added, so NEWS.rst is read in the project of the document that includes it", () => {
  const conf = (extensions: string) =>
    [
      `extensions = [${extensions}]`,
      "link_files = {'../NEWS.rst': dict(using=dict(GH='https://github.com'), replace=[dict(pattern=r'(Issue #|\\B#)(?P<issue>\\d+)', url='{package_url}/issues/{issue}')])}",
      "extlinks = {'pypi': ('https://pypi.org/project/%s', '%s')}",
      '',
    ].join('\n');
  const files = (extensions: string) => ({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'NEWS.rst': 'v80.0.0\n=======\n\nFixed #123, see :doc:`/userguide` and :pypi:`wheel`.\n',
    'docs/conf.py': conf(extensions),
    'docs/index.rst': 'Setuptools\n==========\n\n.. toctree::\n\n   history\n   userguide\n',
    'docs/history.rst': 'History\n*******\n\n.. include:: ../NEWS (links).rst\n',
    'docs/userguide.rst': 'User guide\n==========\n\nText.\n',
  });
  const strip = (l: string) => l.replace(/^.*?hg-real-[^/]+\//, '').replace(/ Did you mean.*$/, '');
  const on = "'rst.linker', 'sphinx.ext.extlinks'";
  // The repository at its top, and NEWS.rst named alone (a pre-commit hook): nothing to report.
  assert.deepEqual(lint(files(on), [], '.').map(strip), []);
  assert.deepEqual(lint(files(on), [], 'NEWS.rst').map(strip), []);
  // Without rst.linker the written file is missing (docutils' SEVERE), and NEWS.rst is a file of its own, which no
  // build reads (its reference is information).
  assert.deepEqual(lint(files("'sphinx.ext.extlinks'"), [], '.').map(strip), [
    "docs/history.rst:4:14: error rst.include-not-found Problems with \"include\" directive path: InputError: [Errno 2] No such file or directory: '../NEWS (links).rst'.",
    `NEWS.rst:4:23: information sphinx.reference-outside-build unknown document: '/userguide'; this file is in no Sphinx project (no conf.py in its folder or above) and no document includes it, so no build resolves it`,
    'NEWS.rst:4:40: error rst.unknown-role Unknown interpreted text role "pypi".',
  ]);
});

test("aiohttp, pip, pytest: a towncrier news fragment is read as the news file it is written into, with the project that includes that file", () => {
  const files = (towncrier: string) => ({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'pyproject.toml': `[tool.towncrier]\nfilename = "CHANGES.rst"\n${towncrier}`,
    'CHANGES.rst': 'Changelog\n=========\n\n3.0 (2026-01-01)\n----------------\n\n- Fixed :issue:`1`.\n',
    'CHANGES/123.bugfix.rst': 'Fixed a leak -- by :user:`someone`, see :doc:`/usage`.\n',
    'docs/conf.py': 'extensions = ["sphinx.ext.extlinks"]\nextlinks = {"issue": ("https://x/issues/%s", "#%s"), "user": ("https://x/%s", "@%s")}\n',
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   changes\n   usage\n',
    'docs/changes.rst': '.. include:: ../CHANGES.rst\n',
    'docs/usage.rst': 'Usage\n=====\n\nText.\n',
  });
  const strip = (l: string) => l.replace(/^.*?hg-real-[^/]+\//, '').replace(/ Did you mean.*$/, '');
  // The repository at its top, and the fragment named alone (a pre-commit hook on a pull request's fragment).
  assert.deepEqual(lint(files('directory = "CHANGES/"\n'), [], '.').map(strip), []);
  assert.deepEqual(lint(files('directory = "CHANGES/"\n'), [], 'CHANGES/123.bugfix.rst').map(strip), []);
  // Without `directory` (towncrier then looks inside the package), the file is one of the repository's own, which
  // no build reads (its reference is information).
  assert.deepEqual(lint(files(''), [], 'CHANGES/123.bugfix.rst').map(strip), [
    'CHANGES/123.bugfix.rst:1:21: error rst.unknown-role Unknown interpreted text role "user".',
    `CHANGES/123.bugfix.rst:1:47: information sphinx.reference-outside-build unknown document: '/usage'; this file is in no Sphinx project (no conf.py in its folder or above) and no document includes it, so no build resolves it`,
  ]);
});

test("numpy, scipy, pandas: matplotlib's plot, IPython's ipython and jupyterlite-sphinx's directives are known, with their arguments, options and content", () => {
  const conf = (extensions: string) => `extensions = [${extensions}]\n`;
  const index = [
    'Examples', '========', '',
    '.. plot::', '   :include-source:', '   :show-source-link: false', '', '   import matplotlib.pyplot as plt', '   plt.plot([1, 2])', '',
    '.. ipython:: python', '   :suppress:', '', '   import numpy as np', '',
    '.. ipython:: python suppress', '', '   x = 1', '',
    '.. ipython:: python', '   :nosuch:', '', '   x = 2', '',
    '.. try_examples::', '   :button_text: Try it', '', '   >>> import numpy as np', '   >>> np.zeros(2)', '   array([0., 0.])', '', '   :nosuchrole:`x`', '',
    '.. replite::', '   :kernel: xeus-python', '', '   print("hello")', '',
    '.. notebooklite:: intro.ipynb', '   :width: 100%', '',
  ].join('\n');
  const strip = (l: string) => l.replace(/^.*?docs\//, 'docs/').replace(/ Did you mean.*$/, '');
  const extensions = "'matplotlib.sphinxext.plot_directive', 'IPython.sphinxext.ipython_directive', 'IPython.sphinxext.ipython_console_highlighting', 'jupyterlite_sphinx'";
  // Known: only the unknown option of ipython and the unknown role inside try_examples' reST are errors.
  assert.deepEqual(lint({ 'docs/conf.py': conf(extensions), 'docs/index.rst': index }).map(strip), [
    'docs/index.rst:21:5: error rst.directive-error Error in "ipython" directive: unknown option: "nosuch".',
    'docs/index.rst:32:5: error rst.unknown-role Unknown interpreted text role "nosuchrole".',
  ]);
  // Without the extensions, every one of these directives is unknown.
  const none = lint({ 'docs/conf.py': conf(''), 'docs/index.rst': index }).map(strip);
  for (const name of ['plot', 'ipython', 'try_examples', 'replite', 'notebooklite']) assert.ok(none.some((l) => l.includes(`Unknown directive type "${name}"`)), none.join('\n'));
});

test('sphinx-autoapi, autosummary and towncrier templates: a .rst file that begins with a Jinja statement, expression or comment is not checked', () => {
  const files = {
    '.git/HEAD': 'ref: refs/heads/main\n',
    // sphinx-autoapi's src/autoapi/templates/python/module.rst, abridged: RST only once rendered.
    'src/autoapi/templates/python/module.rst': ['{% if obj.display %}', '{{ obj.id }}', '{{ "=" * obj.id|length }}', '', '.. py:module:: {{ obj.name }}', '   {% if obj.docstring %}', '.. autoapi-nested-parse::', '', '   {{ obj.docstring|indent(3) }}', '{% endif %}', ''].join('\n'),
    // autosummary's templates (Sphinx's own, numpy's), towncrier's news template.
    'docs/_templates/autosummary/class.rst': '{{ fullname | escape | underline }}\n\n.. currentmodule:: {{ module }}\n\n.. autoclass:: {{ objname }}\n',
    'changelog/_template.rst': '{# towncrier #}\n{% for section in sections %}\n{{ section }}\n----\n{% endfor %}\n',
    // A document that only starts with a brace is a document.
    'NOTES.rst': '{braces} in a paragraph.\n\n.. nosuch::\n',
  };
  assert.deepEqual(lint(files, [], '.').map((l) => l.replace(/^.*?hg-real-[^/]+\//, '')), ['NOTES.rst:3:4: error rst.unknown-directive Unknown directive type "nosuch".']);
});

test("ha-guide render of a file outside the source folder that a document includes: its :doc: and :ref: link the docs' documents, with their titles", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-real-'));
  try {
    const files: Record<string, string> = {
      '.git/HEAD': 'ref: refs/heads/main\n',
      'CHANGES.rst': 'Version 3.1\n-----------\n\n-   See :doc:`/usage`, :doc:`usage` and :ref:`usage-label`.\n',
      'docs/conf.py': 'project = "p"\n',
      'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   changes\n   usage\n',
      'docs/changes.rst': 'Changes\n=======\n\n.. include:: ../CHANGES.rst\n',
      'docs/usage.rst': '.. _usage-label:\n\nUsage Guide\n===========\n\nText.\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const out = path.join(dir, 'out.html');
    const r = spawnSync(process.execPath, [CLI, 'render', 'CHANGES.rst', '-o', out], { cwd: dir, encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 0, r.stderr);
    const html = fs.readFileSync(out, 'utf8');
    const links = [...html.matchAll(/<a class="hg-reference (hg-xref|hg-doc)" href="([^"]*)">([^<]*)<\/a>/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    assert.deepEqual(links, ['hg-doc docs/usage.rst Usage Guide', 'hg-doc docs/usage.rst Usage Guide', 'hg-xref docs/usage.rst#L1 Usage Guide']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("CMake: a :ref: whose explicit target holds angle brackets, one whose angle brackets are escaped, and substitutions differing in case are what Sphinx 5.3 accepts", () => {
  const index = [
    'Targets',
    '=======',
    '',
    '.. |XXX| replace:: ARCHIVE',
    '.. |xxx| replace:: archive',
    '',
    '|XXX| output goes with the |xxx| name.',
    '',
    '.. _`<ORIGIN>_autogen`:',
    '',
    'The <ORIGIN>_autogen target',
    '---------------------------',
    '',
    'See the :ref:`<ORIGIN>_autogen <<ORIGIN>_autogen>` target and :ref:`<ORIGIN>_autogen`.',
    '',
    '.. _`Linking Object Libraries via $<TARGET_OBJECTS>`:',
    '',
    'Linking via ``$<TARGET_OBJECTS>``',
    '---------------------------------',
    '',
    'See :ref:`Linking Object Libraries via \\$\\<TARGET_OBJECTS\\>` and :ref:`a title <<ORIGIN>_missing>`.',
    '',
  ].join('\n');
  assert.deepEqual(lint({ 'docs/conf.py': 'project = "c"\n', 'docs/index.rst': index }).map((l) => l.replace(/^.*?hg-real-[^/]+\//, '')), [
    "docs/index.rst:21:81: warning sphinx.undefined-label undefined label: '<ORIGIN>_missing'",
  ]);
});

test("marshmallow: `lint docs` reports the problems of ../CHANGELOG.rst, which docs/changelog.rst includes, as `lint .` does, once", () => {
  const files = {
    'CHANGELOG.rst': 'Changelog\n---------\n\n- Fix a bug. This reverts a change\n  of 3.12.0; fields are still\n   accessible on a schema.\n',
    'docs/conf.py': 'project = "m"\n',
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   changelog\n',
    'docs/changelog.rst': '.. include:: ../CHANGELOG.rst\n',
  };
  const expected = ['CHANGELOG.rst:6:4: error rst.unexpected-indentation Unexpected indentation.'];
  const relative = (lines: string[]) => lines.map((l) => l.replace(/^.*?hg-real-[^/]+\//, ''));
  assert.deepEqual(relative(lint(files, [], 'docs')), expected);
  assert.deepEqual(relative(lint(files, [], '.')), expected);
});

test("OpenStack repositories: a Zuul role's README (roles/<name>/README.rst beside the Zuul configuration) is read with zuul_sphinx's names, as its autoroles read it", () => {
  const readme = [
    'Run the functional tests.',
    '',
    '.. zuul:rolevar:: tests_dir',
    '   :default: {{ ansible_user_dir }}/src',
    '',
    '   Where the tests are; see :zuul:rolevar:`tests_dir`.',
    '',
    '.. zuul:rolevar:: venv',
    '   :defualt: functional',
    '',
  ].join('\n');
  // A fragment the README includes (openstack-helm-images' roles/build-container-image/common.rst), with zuul_sphinx's names too.
  const common = 'Works with :zuul:role:`upload-image`.\n\n.. zuul:rolevar:: images\n   :type: list\n\n   The images.\n';
  const files = (zuulConfig: Record<string, string>) => ({
    ...zuulConfig,
    'roles/run-tests/README.rst': readme + '\n.. include:: common.rst\n',
    'roles/run-tests/common.rst': common,
    'roles/run-tests/tasks/main.yaml': '- debug: {}\n',
    // A playbook's README describing its job's variables (openstack-zuul-jobs' playbooks/fips/README.rst).
    'playbooks/fips/README.rst': 'Enable FIPS.\n\n.. zuul:jobvar:: nslookup_target\n   :default: opendev.org\n\n   The address to look up.\n',
  });
  const repoLint = (f: Record<string, string>) => lint(f, [], '.').map((l) => l.replace(/^.*?hg-real-[^/]+\//, '').replace(/ Did you mean.*$/, ''));
  // The directive is known, its options checked as zuul_sphinx's own.
  const misspelt = 'roles/run-tests/README.rst:9:5: error rst.directive-error Error in "zuul:rolevar" directive:';
  const configs: Record<string, string>[] = [{ '.zuul.yaml': '- job:\n    name: x\n' }, { 'zuul.d/jobs.yaml': '- job:\n    name: x\n' }];
  for (const config of configs) {
    assert.deepEqual(repoLint(files(config)).map((l) => l.slice(0, misspelt.length)), [misspelt], Object.keys(config)[0]);
  }
  // A folder linked to the roles (openstack-helm's `playbooks/roles -> ../roles`, before `roles` in the walk)
  // is read at its own path, beside the Zuul configuration, not as `playbooks/roles/...` with no configuration.
  const linked = lint(files(configs[1]), [], '.', { 'playbooks/roles': '../roles' }).map((l) => l.replace(/^.*?hg-real-[^/]+\//, ''));
  assert.deepEqual(linked.map((l) => l.slice(0, misspelt.length)), [misspelt]);
  // Inside a Sphinx source folder, a linked folder's files are documents at the link's path, as Sphinx reads them.
  const shared = { 'docs/conf.py': 'project = "t"\n', 'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   shared/page\n', 'shared/page.rst': 'Page\n====\n\nSee :ref:`nowhere`.\n' };
  assert.deepEqual(
    lint(shared, [], '.', { 'docs/shared': '../shared' }).map((l) => l.replace(/^.*?hg-real-[^/]+\//, '')),
    ["docs/shared/page.rst:4:11: warning sphinx.undefined-label undefined label: 'nowhere'"],
  );
  // Also when the walk meets the folder first at its own path (diskimage-builder's `diskimage_builder/elements`,
  // linked from `doc/source/elements`; rally's release notes), and whatever the order of the inputs.
  const first = { 'docs/conf.py': 'project = "t"\n', 'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   shared/page\n', 'a_shared/page.rst': 'Page\n====\n\nSee :ref:`nowhere`.\n' };
  for (const [args, input] of [[[], '.'], [['a_shared'], 'docs'], [['docs'], 'a_shared']] as [string[], string][]) {
    assert.deepEqual(
      lint(first, args, input, { 'docs/shared': '../a_shared' }).map((l) => l.replace(/^.*?hg-real-[^/]+\//, '')),
      ["docs/shared/page.rst:4:11: warning sphinx.undefined-label undefined label: 'nowhere'"],
      [...args, input].join(' '),
    );
  }
  // Without a Zuul configuration the folder is no Zuul role: docutils' own errors.
  assert.deepEqual(repoLint(files({})), [
    'playbooks/fips/README.rst:3:4: error rst.unknown-directive Unknown directive type "zuul:jobvar".',
    'roles/run-tests/common.rst:1:13: error rst.unknown-role Unknown interpreted text role "zuul:role".',
    'roles/run-tests/common.rst:3:4: error rst.unknown-directive Unknown directive type "zuul:rolevar".',
    'roles/run-tests/README.rst:3:4: error rst.unknown-directive Unknown directive type "zuul:rolevar".',
    'roles/run-tests/README.rst:8:4: error rst.unknown-directive Unknown directive type "zuul:rolevar".',
  ]);
});

test("seaborn: a substitution rst_epilog may define where conf.py computes part of it is information; the literal part's are defined", () => {
  const conf = (computed: boolean) =>
    `rst_epilog = r"""\n.. |API| replace:: API badge\n"""\n` + (computed ? `from seaborn._marks.base import PROPERTIES\nrst_epilog += "\\n".join([f".. |{key}| replace:: {key}" for key in PROPERTIES])\n` : '');
  const files = (computed: boolean) => ({ 'doc/conf.py': conf(computed), 'doc/index.rst': 'Index\n=====\n\n|API| and |color|.\n' });
  const relative = (lines: string[]) => lines.map((l) => l.replace(/^.*?hg-real-[^/]+\//, ''));
  assert.deepEqual(relative(lint(files(true), [], 'doc')), [
    'doc/index.rst:4:12: information project.computed-prelude Undefined substitution referenced: "color". It may be defined in rst_epilog, which conf.py computes in a way not read here.',
  ]);
  assert.deepEqual(relative(lint(files(false), [], 'doc')), ['doc/index.rst:4:12: error rst.undefined-substitution Undefined substitution referenced: "color".']);
});

test("neutron-lib's api-ref: a title straight after `.. include:: x.inc` is no unindent after explicit markup (docutils inserts the file's lines there)", () => {
  const index = (include: string) => ['API', '###', '', '.. note:: Read this.', '#####', 'Parts', '#####', include, '#######', 'Layer 2', '#######', ''].join('\n');
  const files = (include: string) => ({ 'docs/conf.py': 'project = "t"\n', 'docs/index.rst': index(include), 'docs/part.inc': '.. -*- rst -*-\n\nThe part.\n' });
  // The note's unindent stays: only an include with a file read lets its next line start a title.
  assert.deepEqual(docsLint(files('.. include:: part.inc')), ['docs/index.rst:5:1: warning rst.no-blank-line Explicit markup ends without a blank line; unexpected unindent.']);
  assert.deepEqual(docsLint(files('.. include:: missing.inc')), [
    'docs/index.rst:5:1: warning rst.no-blank-line Explicit markup ends without a blank line; unexpected unindent.',
    "docs/index.rst:8:14: error rst.include-not-found Problems with \"include\" directive path: InputError: [Errno 2] No such file or directory: 'missing.inc'.",
    'docs/index.rst:9:1: warning rst.no-blank-line Explicit markup ends without a blank line; unexpected unindent.',
  ]);
});

test('xarray: a file conf.py writes through pathlib when the build starts is no missing include, f-string names included', () => {
  const conf = [
    'import pathlib',
    'def update(app):',
    '    pathlib.Path(app.srcdir, "videos-gallery.txt").write_text("")',
    '    for key in ("notebooks-examples", "external-examples"):',
    '        pathlib.Path(app.srcdir, f"{key}-gallery.txt").write_text("")',
    'def setup(app):',
    '    app.connect("builder-inited", update)',
    '',
  ].join('\n');
  const index = 'Index\n=====\n\n.. include:: videos-gallery.txt\n\n.. include:: notebooks-examples-gallery.txt\n\n.. include:: other.txt\n';
  assert.deepEqual(lint({ 'docs/conf.py': conf, 'docs/index.rst': index }).map((l) => l.replace(/^.*?docs\//, 'docs/')), [
    "docs/index.rst:8:14: error rst.include-not-found Problems with \"include\" directive path: InputError: [Errno 2] No such file or directory: 'other.txt'.",
  ]);
});

test("numpy: the news file towncrier writes ([tool.towncrier] filename in pyproject.toml) is no missing include", () => {
  const files = (towncrier: string) => ({
    'pyproject.toml': `[project]\nname = "x"\n${towncrier}`,
    'docs/conf.py': 'project = "t"\n',
    'docs/index.rst': 'Index\n=====\n\n.. include:: release/notes-towncrier.rst\n',
  });
  assert.deepEqual(lint(files('\n[tool.towncrier]\nfilename = "docs/release/notes-towncrier.rst"\n')), []);
  assert.deepEqual(lint(files('')).map((l) => l.replace(/^.*?docs\//, 'docs/')), [
    "docs/index.rst:4:14: error rst.include-not-found Problems with \"include\" directive path: InputError: [Errno 2] No such file or directory: 'release/notes-towncrier.rst'.",
  ]);
});

test('virtualenv: a directive conf.py registers under a name known only when the build runs makes an unknown directive information, not a role', () => {
  const conf = [
    'import sys',
    'from pathlib import Path',
    "extensions = ['sphinx.ext.autodoc']",
    'def setup(app):',
    '    sys.path.append(str(Path(__file__).parent))',
    '    from render_cli import CliTable',
    '    app.add_directive(CliTable.name, CliTable)',
    '',
  ].join('\n');
  const doc = 'Index\n=====\n\n.. table_cli::\n   :module: virtualenv.run\n\nSee :bogus:`x`.\n';
  const lines = docsLint({ 'docs/conf.py': conf, 'docs/index.rst': doc });
  assert.deepEqual(lines, [
    'docs/index.rst:4:4: information project.extension-directive Directive "table_cli" is not known; it may be the one the project registers under a name known only when the build runs: CliTable.name (conf.py, line 7). Declare it in [tool.ha-guide] directives of pyproject.toml or in the haGuide.directives setting.',
    'docs/index.rst:7:6: error rst.unknown-role Unknown interpreted text role "bogus".',
  ]);
});

test('pyramid: a :term: naming an intersphinx inventory (`python:decorator`) is looked up there, not in the glossary', () => {
  const conf = "extensions = ['sphinx.ext.intersphinx']\nintersphinx_mapping = {'python': ('https://docs.python.org/3', None)}\n";
  const doc = 'Index\n=====\n\nA :term:`python:decorator`, a :term:`nowhere:decorator` and a :term:`decorator`.\n';
  const lines = docsLint({ 'docs/conf.py': conf, 'docs/index.rst': doc }, /; it may be.*$/);
  assert.deepEqual(lines, [
    "docs/index.rst:4:38: information sphinx.undefined-term-intersphinx term not in this project's glossary: 'nowhere:decorator'",
    "docs/index.rst:4:70: information sphinx.undefined-term-intersphinx term not in this project's glossary: 'decorator'",
  ]);
});

test("breathe's own docs: the repository's copy of a known extension, whose setup() this reading cannot follow, also has the registry's directives", () => {
  const conf = "import sys\nfrom pathlib import Path\nsys.path.append(str(Path(__file__).parent.parent))\nextensions = ['breathe']\n";
  const doc = 'Index\n=====\n\n.. doxygenclass:: Nutshell\n   :project: nutshell\n\n.. doxygenclas:: Typo\n';
  const followed = 'def setup(app):\n    from breathe.directives.setup import setup as directive_setup\n    directive_setup(app)\n';
  const lines = (init: string) => docsLint({ 'docs/conf.py': conf, 'docs/index.rst': doc, 'breathe/__init__.py': init });
  assert.deepEqual(lines(followed), ['docs/index.rst:7:4: error rst.unknown-directive Unknown directive type "doxygenclas".']);
  // A module of that name whose setup() is read whole is the project's own: the registry's names do not count.
  assert.deepEqual(lines("def setup(app):\n    app.add_directive('mine', object)\n"), [
    'docs/index.rst:4:4: error rst.unknown-directive Unknown directive type "doxygenclass".',
    'docs/index.rst:7:4: error rst.unknown-directive Unknown directive type "doxygenclas".',
  ]);
});
