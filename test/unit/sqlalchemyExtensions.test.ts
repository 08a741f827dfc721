import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { HgDiagnostic } from '../../server/src/languageService';
import { createNodeLanguageService } from '../../server/src/nodeService';
import { NodeWorkspace } from '../../server/src/nodeWorkspace';
import { extensionInfo, providersOf } from '../../server/src/project/extensionRegistry';
import { defaultSettings } from '../../server/src/protocol/settings';

/**
 * The extensions of SQLAlchemy's and Alembic's documentation (sphinx-paramlinks, changelog, zzzeeksphinx) and
 * sphinxcontrib-towncrier, pyramid's repoze.sphinx.autointerface, autodocsumm and sphinx-json-schema-spec, as data read from their sources: a project whose conf.py lists them gets no
 * "may come from an extension" records for their directives and roles, and a wrong use of a directive whose
 * arguments, options or content the data knows is still reported.
 */

/** The text of an indented template literal, without its first newline and its common indentation. */
function rst(s: string): string {
  const lines = s.replace(/^\n/, '').replace(/\n[ ]*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n');
}

const SQLALCHEMY_EXTENSIONS = ['sphinx.ext.autodoc', 'zzzeeksphinx', 'changelog', 'sphinx_paramlinks', 'sphinx_copybutton', 'sphinxcontrib.towncrier.ext'];

/**
 * Checks documents of a project in a temporary folder (`setup.cfg` at its top, conf.py and the documents in
 * `doc/`): the diagnostics of each document, as `line code message` (1-based lines).
 */
async function check(extensions: string[], docs: Record<string, string>): Promise<Record<string, string[]>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-extdata2-'));
  const src = path.join(dir, 'doc');
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(dir, 'setup.cfg'), '[metadata]\n');
  fs.writeFileSync(path.join(src, 'conf.py'), `extensions = [\n${extensions.map((e) => `    "${e}",\n`).join('')}]\n`);
  for (const [name, text] of Object.entries(docs)) fs.writeFileSync(path.join(src, name), text);
  const service = createNodeLanguageService({ settings: () => defaultSettings, workspace: new NodeWorkspace([pathToFileURL(dir).href]), graphviz: false });
  try {
    const uris = Object.keys(docs).map((name) => pathToFileURL(path.join(src, name)).href);
    Object.values(docs).forEach((text, i) => service.index.set(uris[i], 1, text));
    const out: Record<string, string[]> = {};
    for (const [i, [name, text]] of Object.entries(docs).entries()) {
      const diags: HgDiagnostic[] = await service.computeDiagnostics({ uri: uris[i], version: 1, getText: () => text });
      out[name] = diags.map((d) => `${text.slice(0, d.start).split('\n').length} ${d.code} ${d.message}`);
    }
    return out;
  } finally {
    service.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const INDEX = rst(`
  Project
  =======

  .. toctree::

     changelog

  See :paramref:\`.Engine.connect.close_with_result\`, :py:paramref:\`.Session.get.options\`,
  :ticket:\`4379\` and :viewsource:\`.basic\`.

  .. deepalchemy:: This approach is essentially exposing publicly the
     internals of the feature.

     More, see :ticket:\`456\`.

  .. legacy::

     The :paramref:\`.relationship.lazy\` "dynamic" loader is the legacy form.

  .. footer_topic:: Next steps

     Read on.

  .. dialect-table:: **Supported database versions for included dialects**
     :header-rows: 1
     :align: center

  .. dialect:: postgresql+asyncpg
      :name: asyncpg
      :dbapi: asyncpg
      :connectstring: postgresql+asyncpg://user:password@host:port/dbname[?key=value&key=value...]

  .. autosource::
      :files: basic.py, advanced.py

  .. towncrier-draft-entries:: |release| [UNRELEASED DRAFT]
`);

const CHANGELOG = rst(`
  =========
  Changelog
  =========

  .. changelog_imports::

  .. changelog::
      :version: 2.0.53
      :include_notes_from: unreleased_20

  .. changelog::
      :version: 2.0.52
      :released: August 11, 2026

      .. change::
          :tags: bug, orm
          :tickets: 13157, 13158

          Fixed :paramref:\`.Session.get.options\` handling; see :ticket:\`13100\`.

      .. change::
          :tags: change, oracle
          :pullreq: 8

          Materialized views on oracle are now reflected as views.
`);

test('the data: each module (and the module names that load the same setup), its names, and zzzeeksphinx loading sphinxcontrib.jquery', () => {
  assert.deepEqual(providersOf('role', 'paramref'), ['sphinx_paramlinks']);
  assert.deepEqual(providersOf('role', 'py:paramref'), ['sphinx_paramlinks']);
  assert.equal(extensionInfo('sphinx_paramlinks.sphinx_paramlinks'), extensionInfo('sphinx_paramlinks'));
  assert.deepEqual(extensionInfo('sphinx_paramlinks')!.directives, []);

  const changelog = extensionInfo('changelog')!;
  assert.equal(extensionInfo('changelog.sphinxext'), changelog);
  assert.deepEqual(changelog.roles, ['ticket']);
  assert.equal(changelog.configNames, undefined, 'the ticket role does not depend on changelog_render_ticket');
  assert.deepEqual(changelog.directives.map((d) => d.name), ['changelog', 'change', 'changelog_imports']);
  for (const d of changelog.directives) {
    // Directive's defaults: no arguments, option_spec None; has_content = True, parsed as reST.
    assert.deepEqual([d.required, d.optional, d.options, d.content, d.body], [0, 0, {}, 'optional', 'rst'], d.name);
  }

  const zzz = extensionInfo('zzzeeksphinx')!;
  assert.deepEqual(zzz.directives.map((d) => d.name).sort(), ['autosource', 'deepalchemy', 'dialect', 'dialect-table', 'footer_topic', 'legacy']);
  assert.deepEqual(zzz.roles, ['viewsource']);
  for (const name of ['deepalchemy', 'legacy', 'footer_topic', 'dialect-table']) assert.deepEqual(providersOf('directive', name), ['zzzeeksphinx'], name);
  const d = (name: string) => zzz.directives.find((x) => x.name === name)!;
  // docutils' BaseAdmonition (not Sphinx's SphinxAdmonition): no :collapsible:.
  assert.deepEqual(d('deepalchemy').options, { class: 'class', name: 'unchanged' });
  assert.deepEqual([d('footer_topic').required, d('footer_topic').content, d('footer_topic').body], [1, 'required', 'rst']);
  assert.equal(d('dialect-table').optional, 1);
  assert.equal(d('dialect-table').options!['header-rows'], 'nonnegative_int');
  assert.equal(d('dialect-table').options!['stub-columns'], undefined);
  assert.deepEqual(zzz.setupExtensions, ['sphinxcontrib.jquery']);
  for (const m of zzz.setupExtensions!) assert.ok(extensionInfo(m), m);
  assert.deepEqual([extensionInfo('sphinxcontrib.jquery')!.directives, extensionInfo('sphinxcontrib.jquery')!.roles], [[], []]);

  const towncrier = extensionInfo('sphinxcontrib.towncrier.ext')!;
  assert.equal(extensionInfo('sphinxcontrib.towncrier'), towncrier);
  assert.deepEqual(towncrier.directives, [
    { name: 'towncrier-draft-entries', required: 0, optional: 0, finalWhitespace: false, options: {}, content: 'optional', body: 'literal' },
  ]);
});

test('SQLAlchemy-style documents: paramref, ticket, viewsource, the changelog directives and the zzzeeksphinx directives are known, with nothing reported', async () => {
  const got = await check(SQLALCHEMY_EXTENSIONS, { 'index.rst': INDEX, 'changelog.rst': CHANGELOG });
  assert.deepEqual(got, { 'index.rst': [], 'changelog.rst': [] });
});

test('the same documents without these extensions in conf.py: their directives and roles are unknown', async () => {
  const got = await check(['sphinx.ext.autodoc'], { 'index.rst': INDEX, 'changelog.rst': CHANGELOG });
  const codes = (name: string) => [...new Set(got[name].map((l) => l.split(' ')[1]))].sort();
  assert.deepEqual(codes('index.rst'), ['rst.unknown-directive', 'rst.unknown-role']);
  assert.deepEqual(codes('changelog.rst'), ['rst.unknown-directive']);
  assert.ok(got['index.rst'].some((l) => /Unknown interpreted text role "paramref"/.test(l)), got['index.rst'].join('\n'));
  assert.ok(got['changelog.rst'].some((l) => /Unknown directive type "changelog"/.test(l)), got['changelog.rst'].join('\n'));
});

test('wrong uses are still reported: options the option_spec lacks, a missing argument or content, a bad value, unknown names', async () => {
  const doc = rst(`
    Wrong
    =====

    .. deepalchemy::
       :collapsible: open

       Text.

    .. legacy::

    .. footer_topic::

       No title.

    .. dialect-table:: Databases
       :stub-columns: 1

    .. dialect-table:: Databases
       :header-rows: two

    .. dialect::

    See :tickets:\`123\` and :paramrefs:\`.Engine.connect.close_with_result\`.

    .. changelogs::
        :version: 1.0

    .. changelog::
        :version: 1.0

        .. change::
            :tags: bug

            A :tiket:\`12\` inside a change is checked too.
  `);
  const got = (await check(SQLALCHEMY_EXTENSIONS, { 'index.rst': doc }))['index.rst'];
  assert.deepEqual(got, [
    '5 rst.directive-error Error in "deepalchemy" directive: unknown option: "collapsible".',
    '9 rst.content-expected Content block expected for the "legacy" directive; none found.',
    '11 rst.directive-error Error in "footer_topic" directive: 1 argument(s) required, 0 supplied.',
    '16 rst.directive-error Error in "dialect-table" directive: unknown option: "stub-columns".',
    '19 rst.directive-error Error in "dialect-table" directive: invalid option value: (option: "header-rows"; value: \'two\') invalid literal for int() with base 10: \'two\'.',
    '21 rst.content-expected Content block expected for the "dialect" directive; none found.',
    '23 rst.unknown-role Unknown interpreted text role "tickets". Did you mean "ticket"?',
    '23 rst.unknown-role Unknown interpreted text role "paramrefs". Did you mean "paramref"?',
    '25 rst.unknown-directive Unknown directive type "changelogs". Did you mean "changelog"?',
    '34 rst.unknown-role Unknown interpreted text role "tiket". Did you mean "ticket"?',
  ]);
  assert.ok(!got.some((l) => /project\.extension-/.test(l)));
});

test('a change reads its :name: value lines itself, written with or without a space (SQLAlchemy\'s changelog_07 and _20), and parses the text after them', async () => {
  const doc = rst(`
    Changelog
    =========

    .. changelog::
        :version: 0.7.9

        .. change::
            :tags: orm, bug
            :tickets:2607

            Fixed :paramref:\`.Session.get.options\`.

        .. change::
            :tags: sql
            :tickets:\`4379\`

            A :tiket:\`12\` in the text is still checked.
  `);
  const got = (await check(SQLALCHEMY_EXTENSIONS, { 'index.rst': doc }))['index.rst'];
  assert.deepEqual(got.map((l) => l.replace(/ Did you mean.*$/, '')), ['17 rst.unknown-role Unknown interpreted text role "tiket".']);
});

test("pyramid's repoze.sphinx.autointerface: autointerface takes autoclass's options, interface and py:interface describe an interface; a wrong option and the extension left out are still reported", async () => {
  const doc = rst(`
    Interfaces
    ==========

    .. autointerface:: IApplicationCreated
       :members:
       :inherited-members:

    .. interface:: IRequest
       :module: pyramid.interfaces

       A request.

    .. py:interface:: IResponse
       :final:
  `);
  const got = await check(['repoze.sphinx.autointerface'], { 'index.rst': doc });
  assert.deepEqual(got['index.rst'], []);
  const wrong = await check(['repoze.sphinx.autointerface'], { 'index.rst': doc.replace(':members:', ':membres:').replace(':final:', ':finale:') });
  assert.deepEqual(wrong['index.rst'].map((l) => l.split(' ').slice(0, 2).join(' ')), ['5 rst.directive-error', '14 rst.directive-error']);
  assert.match(wrong['index.rst'][0], /unknown option: "membres"/);
  assert.match(wrong['index.rst'][1], /unknown option: "finale"/);
  // Without it: unknown. (A name with a domain's prefix, `py:interface`, is read loosely whatever the extensions.)
  const without = await check([], { 'index.rst': doc });
  assert.deepEqual(without['index.rst'].map((l) => l.split(' ').slice(0, 2).join(' ')), ['4 rst.unknown-directive', '8 rst.unknown-directive']);
  assert.equal(extensionInfo('repoze.sphinx.autointerface')?.directives.length, 3);
});

test("autodocsumm (marshmallow's docs): the autosummary options it adds to automodule, autoclass and autoexception, and its *summ directives", async () => {
  const doc = rst(`
    API
    ===

    .. automodule:: marshmallow
       :members:
       :autosummary:
       :autosummary-members:
       :autosummary-imported-members:

    .. autoclass:: marshmallow.Schema
       :autosummary:
       :autosummary-sections: Methods

    .. autoclasssumm:: marshmallow.Schema
       :autosummary-no-titles:
  `);
  const extensions = ['sphinx.ext.autodoc', 'autodocsumm'];
  assert.deepEqual((await check(extensions, { 'index.rst': doc }))['index.rst'], []);
  // A class documenter has no imported-members option, so no autosummary- form of it either.
  const wrong = await check(extensions, { 'index.rst': doc.replace(':autosummary-sections: Methods', ':autosummary-imported-members:') });
  assert.deepEqual(wrong['index.rst'].map((l) => l.split(' ').slice(0, 2).join(' ')), ['12 rst.directive-error']);
  assert.match(wrong['index.rst'][0], /unknown option: "autosummary-imported-members"/);
  // Without it: autodoc's own options only, and no *summ directive.
  const without = (await check(['sphinx.ext.autodoc'], { 'index.rst': doc }))['index.rst'].map((l) => l.split(' ').slice(0, 2).join(' '));
  // (each unknown option on its own line; docutils stops at the first of a directive)
  assert.deepEqual(without, ['6 rst.directive-error', '7 rst.directive-error', '8 rst.directive-error', '11 rst.directive-error', '12 rst.directive-error', '14 rst.unknown-directive']);
});

test("sphinx-json-schema-spec (jsonschema's docs): :kw: is known with the extension, unknown without it", async () => {
  const doc = 'Keywords\n========\n\nThe :kw:`type` keyword.\n';
  assert.deepEqual((await check(['sphinx_json_schema_spec'], { 'index.rst': doc }))['index.rst'], []);
  assert.deepEqual((await check([], { 'index.rst': doc }))['index.rst'].map((l) => l.split(' ').slice(0, 2).join(' ')), ['4 rst.unknown-role']);
});
