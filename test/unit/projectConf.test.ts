import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { confRootDoc, readConfPy, readExtensionModule, type AppRegistration, type SphinxConf } from '../../server/src/project/confpy';
import { readPyproject } from '../../server/src/project/pyproject';
import { expectLinear } from './complexity';

/**
 * conf.py and extension modules read statically (nothing executed), and `[tool.ha-guide]` in pyproject.toml.
 * Lines in expectations are 0-based, as the readers return them.
 */
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/project');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** A conf.py written in the test: the common indentation removed. */
function py(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

const regs = (list: AppRegistration[]) => list.map((r) => `${r.kind} ${r.name} @${r.line}`);
const messages = (conf: Pick<SphinxConf, 'unevaluated'>) => conf.unevaluated.map((u) => `${u.line}: ${u.message}`);

describe('an OpenStack conf.py (designate)', () => {
  const conf = readConfPy(fixture('designate-conf.py'));

  test('extensions, paths and documents', () => {
    assert.deepEqual(conf.extensions, [
      'sphinx.ext.autodoc',
      'sphinx.ext.viewcode',
      'sphinx.ext.graphviz',
      'sphinxcontrib.httpdomain',
      'ext.support_matrix',
      'ext.custom_css',
      'openstackdocstheme',
      'oslo_config.sphinxconfiggen',
      'oslo_config.sphinxext',
      'oslo_policy.sphinxpolicygen',
      'oslo_policy.sphinxext',
    ]);
    // three sys.path.insert(0, os.path.abspath(...)): the last one inserted comes first
    assert.deepEqual(conf.sysPath, ['.', '..', '../..']);
    assert.deepEqual(conf.templatesPath, ['_templates']);
    assert.deepEqual(conf.htmlStaticPath, ['_static']);
    assert.deepEqual(conf.sourceSuffix, ['.rst']);
    assert.equal(conf.rootDoc, 'index', 'master_doc');
    assert.deepEqual(conf.excludePatterns, []);
    assert.equal(conf.numfig, false);
    assert.equal(conf.language, undefined);
    assert.deepEqual(conf.extlinks, []);
    assert.deepEqual(conf.registrations, []);
  });

  test('every module-level value, with nothing left unevaluated', () => {
    assert.deepEqual(conf.unevaluated, []);
    assert.equal(conf.values.sample_config_basename, '_static/designate');
    assert.equal(conf.values.config_generator_config_file, '../../etc/designate/designate-config-generator.conf');
    assert.equal(conf.values.openstackdocs_pdf_link, true);
    assert.deepEqual(conf.values.latex_elements, { preamble: '\\setcounter{tocdepth}{3}' });
    assert.deepEqual(conf.values.man_pages, [
      ['cli/designate-manage', 'designate-manage', 'OpenStack DNSaaS', ['OpenStack'], 1],
      ['cli/designate-status', 'designate-status', 'OpenStack DNSaaS', ['OpenStack'], 1],
    ]);
    assert.deepEqual(conf.values.html_theme_options, {});
    assert.ok(!('sys' in conf.values) && !('os' in conf.values), 'imports are not values');
  });
});

describe('a conf.py in the style of Sphinx’s own', () => {
  const conf = readConfPy(fixture('sphinx-style/conf.py'));

  test('extensions from a list, +=, append, extend, insert and both branches of an if', () => {
    assert.deepEqual(conf.extensions, [
      'sphinx.ext.autosummary',
      'sphinx.ext.autodoc',
      'sphinx.ext.doctest',
      'sphinx.ext.todo',
      'sphinx.ext.intersphinx',
      'sphinx.ext.graphviz',
      'sphinx.ext.extlinks',
      'sphinx.ext.viewcode',
      'sphinxcontrib.spelling',
      'local_roles',
    ]);
    assert.equal(conf.values.html_theme, 'sphinx13', 'the last branch assigned wins, and it is not an error');
  });

  test('extlinks and intersphinx keys, epilog and prolog', () => {
    assert.deepEqual(conf.extlinks, ['duref', 'durole', 'dudir', 'issue']);
    assert.deepEqual(conf.intersphinx, ['python', 'requests']);
    assert.equal(conf.rstEpilog, '\n.. |product| replace:: X\n.. |tab| unicode:: U+0009\n.. |quote| replace:: "quoted" and A\n');
    assert.equal(conf.rstProlog, '\n.. |raw| replace:: a\\nb\n', 'a raw string keeps its backslashes');
  });

  test('scalar settings', () => {
    assert.equal(conf.rootDoc, 'index');
    assert.equal(conf.numfig, true);
    assert.equal(conf.defaultRole, 'any');
    assert.equal(conf.primaryDomain, 'py');
    assert.equal(conf.language, 'en');
    assert.equal(conf.graphvizDot, 'dot');
    assert.deepEqual(conf.graphvizDotArgs, ['-Gfontname=DejaVu Sans', '-Nfontsize=10']);
    assert.deepEqual(conf.sourceSuffix, ['.rst'], 'a dict: its keys');
    assert.deepEqual(conf.excludePatterns, ['_build', 'Thumbs.db']);
    assert.deepEqual(conf.sysPath, ['..', '_ext'], 'pathlib and os.path forms, relative to the conf.py folder');
  });

  test('a for loop over a literal list runs once per element', () => {
    assert.deepEqual(conf.values.man_pages, [
      ['man/build', 'build', 'Build the documents', 'the authors', 1],
      ['man/quickstart', 'quickstart', 'Start a project', 'the authors', 1],
    ]);
  });

  test('setup(app): object types give a directive and a role, loops and helper functions are followed', () => {
    assert.deepEqual(regs(conf.registrations), [
      'object-type confval @91',
      'object-type confval @91',
      'object-type event @98',
      'object-type event @98',
      'crossref-type setting @99',
      'crossref-type setting @99',
      'directive product-note @100',
      'role kbd-extra @102',
      'role menu-extra @102',
      'generic-role product-em @109',
      'directive-to-domain py:decorator-extra @104',
      'config-value product_url @105',
    ]);
  });

  test('what cannot be evaluated is reported once, at its line; what follows from it is not', () => {
    assert.deepEqual(messages(conf), [
      `36: cannot evaluate "f'2007-{time.strftime("%Y")}, the authors'" statically`,
      '37: cannot evaluate "sphinx.__display_version__" statically: it comes from another module',
      `75: cannot evaluate "re.compile(r'([a-zA-Z-]+)\\s*\\((.*)\\)')" statically`,
    ]);
    assert.deepEqual(conf.values.release, { unknown: 'sphinx.__display_version__' }, 'release = version: unknown, not reported again');
  });
});

describe('a local extension module', () => {
  const ext = readExtensionModule(fixture('sphinx-style/_ext/local_roles.py'));

  test('setup(app) with loops over module-level tables, a helper, docutils registrations and a Domain', () => {
    assert.deepEqual(regs(ext.registrations), [
      'directive matrix-legacy @43',
      'role legacy @44',
      'directive support-matrix @54',
      'directive feature-list @54',
      'role product-link @55',
      'role x-api @49',
      'role x-cli @49',
      // registered all the same, under a name known only when the build runs
      'unnamed-directive make_name() @58',
      'domain-directive oslo.config:option @31',
      'domain-directive oslo.config:group @32',
      'domain-role oslo.config:option @35',
      'domain-role oslo.config:group @36',
    ]);
  });

  test('only what stands in the way of a registration is reported', () => {
    assert.deepEqual(messages(ext), ['58: cannot evaluate the name "make_name()" statically: not registered']);
  });

  test('Domain subclasses are read whether or not setup registers them; other classes are not', () => {
    const read = readExtensionModule(
      py(`
      from sphinx import domains
      class Base(domains.Domain):
          name = 'base'
          roles = {'ref': R}
      class Derived(Base):
          name = 'derived'
          directives = dict(thing=D)
      class Plain(object):
          name = 'plain'
          directives = {'x': X}
      class Nameless(Base):
          name = compute()
      `),
    );
    assert.deepEqual(regs(read.registrations), ['domain-role base:ref @3', 'domain-directive derived:thing @6', 'domain-role derived:ref @3']);
    assert.deepEqual(messages(read), ['10: cannot evaluate the name of the domain "Nameless" statically: its directives and roles are not registered']);
  });

  test("a handler of builder-inited or config-inited registers as setup() does (scipy's doi_role); a handler of a later event is not read, nor is what a handler calls that cannot be followed", () => {
    const read = readExtensionModule(
      py(`
      def doi_role(typ, rawtext, text, lineno, inliner, options={}, content=[]):
          return [], []
      def setup_link_role(app):
          app.add_role('doi', doi_role, override=True)
          app.add_role('arxiv', doi_role, override=True)
          kernellog.verbose(app, 'links set up')
      def on_config(app, config):
          app.add_directive('from-config', D)
      def on_page(app, pagename, templatename, context, doctree):
          app.add_role('late', doi_role)
      def setup(app):
          app.connect('builder-inited', setup_link_role)
          app.connect(event='config-inited', callback=on_config)
          app.connect('html-page-context', on_page)
      `),
    );
    assert.deepEqual(regs(read.registrations), ['role doi @3', 'role arxiv @4', 'directive from-config @7']);
    // A call with the app that a handler makes and that cannot be followed (logging) is not reported.
    assert.deepEqual(messages(read), []);
  });

  test("setup() returning what a call with the app returns (bind9's `return iscconf.setup(app, ...)`): the call is read as one made on a line of its own", () => {
    const read = readExtensionModule(
      py(`
      import iscconf
      def helper(app):
          app.add_role('here', R)
          return {'version': '0.1'}
      def setup(app):
          helper(app)
          return iscconf.setup(app, 'namedconf')
      `),
    );
    assert.deepEqual(regs(read.registrations), ['role here @2']);
    assert.deepEqual(messages(read), ['6: cannot follow "iscconf.setup(app, \'namedconf\')" statically: what it registers is not known']);
    const own = readExtensionModule(
      py(`
      def register(app):
          app.add_directive('mine', D)
          return {'parallel_read_safe': True}
      def setup(app):
          return register(app)
      `),
    );
    assert.deepEqual(regs(own.registrations), ['directive mine @1']);
  });

  test("a domain deriving from Sphinx's PythonDomain has its directives and roles under its own name (scipy's scipy-optimize)", () => {
    const read = readExtensionModule(
      py(`
      from sphinx.domains.python import PythonDomain
      def setup(app):
          app.add_domain(ScipyOptimizeInterfaceDomain)
      class ScipyOptimizeInterfaceDomain(PythonDomain):
          name = 'scipy-optimize'
          def __init__(self, *a, **kw):
              super().__init__(*a, **kw)
              self.directives = dict(self.directives)
      `),
    );
    const names = read.registrations.map((r) => `${r.kind} ${r.name}${r.content ? ' ' + r.content : ''}`);
    assert.ok(names.includes('domain-directive scipy-optimize:function rst'), names.join(', '));
    assert.ok(names.includes('domain-directive scipy-optimize:currentmodule'), names.join(', '));
    assert.ok(names.includes('domain-role scipy-optimize:func'), names.join(', '));
    assert.ok(read.registrations.every((r) => r.line === 3));
    assert.deepEqual(messages(read), []);
  });
});

test("conf.py's setup(app) calling a class method of its own with the app (ros2's `RedirectFrom.register(app)`): what the method registers is known", () => {
  const conf = readConfPy(
    py(`
    from docutils.parsers.rst import Directive
    class RedirectFrom(Directive):
        has_content = True
        @classmethod
        def register(cls, app):
            app.connect('html-collect-pages', cls.generate)
            app.add_directive('redirect-from', cls)
            return app
        @staticmethod
        def more(app):
            app.add_role('redirect-role', R)
        def plain(self, app):
            app.add_role('never', R)
    def setup(app):
        RedirectFrom.register(app)
        RedirectFrom.more(app)
    `),
  );
  assert.deepEqual(regs(conf.registrations), ['directive redirect-from @6', 'role redirect-role @10']);
  assert.deepEqual(messages(conf), []);
});

test('intersphinx_mapping from intersphinx-registry: the named packages are its keys (networkx\'s conf.py)', () => {
  const conf = readConfPy(py(`
    from intersphinx_registry import get_intersphinx_mapping
    extensions = ['sphinx.ext.intersphinx']
    intersphinx_mapping = get_intersphinx_mapping(
        packages={
            "python",
            "sphinx-gallery",
            "nx-guides",
        }
    )
  `));
  assert.deepEqual([...conf.intersphinx].sort(), ['nx-guides', 'python', 'sphinx-gallery']);
  const positional = readConfPy(py(`
    import intersphinx_registry
    intersphinx_mapping = intersphinx_registry.get_intersphinx_mapping(["numpy"])
    intersphinx_mapping["local"] = ("https://example.org/", None)
  `));
  assert.deepEqual([...positional.intersphinx].sort(), ['local', 'numpy']);
});

test("a function of conf.py called for what it does is read: the entries it puts into intersphinx_mapping count (Open MPI's _make_intersphinx_mapping)", () => {
  const conf = readConfPy(py(`
    import os
    extensions = ["sphinx.ext.intersphinx"]

    def _make_intersphinx_mapping(project, name, fallback_base, entries):
        docs_url_base = os.environ.get(f"{project}_{name}_DOCS_URL_BASE".upper(), fallback_base).strip()
        global intersphinx_mapping
        intersphinx_mapping[name] = (docs_url_base, None)

    intersphinx_mapping = {}
    _make_intersphinx_mapping("opal", "pmix", "https://docs.openpmix.org/en/latest/", {"man1-pmix_info": "man/man1/pmix_info.1.html"})
    _make_intersphinx_mapping("ompi", name="prrte", fallback_base="https://docs.prrte.org/en/latest/", entries={})
  `));
  assert.deepEqual([...conf.intersphinx].sort(), ['pmix', 'prrte']);
});

test('a function called for what it does that does too much is given up where it is, and the rest of conf.py read on', () => {
  const conf = readConfPy(py(`
    extensions = ["sphinx.ext.intersphinx"]
    acc = []
    def leaf():
        for j in range(1000):
            acc.append(j)
    def mid():
        for j in range(1000):
            leaf()
    def top():
        for j in range(1000):
            mid()
    top()
    intersphinx_mapping = {"python": ("https://docs.python.org/3", None)}
  `));
  assert.deepEqual(conf.intersphinx, ['python']);
  assert.deepEqual(messages(conf), ['11: cannot follow "top()" statically: it does too much']);
});

test("globals() is the module's namespace (django-celery-beat: `intersphinx_mapping = globals().get('intersphinx_mapping', {})` after sphinx_celery's build_config)", () => {
  const conf = readConfPy(py(`
    from sphinx_celery import conf
    globals().update(conf.build_config('proj', __file__, project='proj', include_intersphinx={'python', 'celery'}))
    intersphinx_mapping = globals().get('intersphinx_mapping', {})
    intersphinx_mapping['celery'] = ('https://celery.readthedocs.io/en/main/', None)
    globals().update({'intersphinx_mapping': intersphinx_mapping})
    missing = globals().get('not_set', 'fallback')
  `));
  assert.ok(conf.extensions.includes('sphinx.ext.intersphinx'));
  assert.deepEqual([...conf.intersphinx].sort(), ['celery', 'python']);
  assert.equal(conf.values['missing'], 'fallback');
});

test("scripts conf.py runs: runpy.run_path, and exec of what it read from a file opened by a computed path (IPython's `../autogen_{name}.py` for each name)", () => {
  const conf = readConfPy(
    py(`
      import runpy
      from pathlib import Path
      for name in ("config", "shortcuts"):
          fname = Path("autogen_{}.py".format(name))
          fpath = (Path(__file__).parent).joinpath("..", fname)
          with open(fpath, encoding="utf-8") as f:
              exec(compile(f.read(), fname, "exec"), {"__file__": fpath})
      with open("gen.py") as g:
          exec(g.read())
      runpy.run_path(str(Path(__file__).parent / "tools" / "make.py"))
      with open("notes.txt") as h:
          text = h.read()
      exec(compile("x = 1", "<string>", "exec"))
    `),
    undefined,
    () => 'pass\n',
  );
  assert.deepEqual(conf.runPaths, ['../autogen_config.py', '../autogen_shortcuts.py', 'gen.py', 'tools/make.py']);
});

test("textwrap.dedent as Python has it (arcade's `rst_prolog = dedent(\"\"\"...\"\"\")`): the prolog's targets and substitutions are read", () => {
  const conf = readConfPy(py(`
    from textwrap import dedent
    import textwrap
    rst_prolog = dedent("""
        .. _Pymunk: https://a.example/

          .. |indented| replace:: more

        .. |pyglet Player| replace:: pyglet Player
        """)
    mixed = textwrap.dedent("  x\\n\\ty\\n")
    tabs = textwrap.dedent("\\t\\ta\\n\\t\\tb\\n")
  `));
  // What Python 3's textwrap.dedent gives for each.
  assert.equal(conf.rstProlog, '\n.. _Pymunk: https://a.example/\n\n  .. |indented| replace:: more\n\n.. |pyglet Player| replace:: pyglet Player\n');
  assert.equal(conf.values['mixed'], '  x\n\ty\n');
  assert.equal(conf.values['tabs'], 'a\nb\n');
  assert.deepEqual(conf.unevaluated, []);
});

test("globals().update(...) of sphinx_celery's build_config (celery's and kombu's conf.py): its settings become conf.py's", () => {
  const conf = readConfPy(py(`
    from sphinx_celery import conf

    globals().update(conf.build_config(
        'celery', __file__,
        project='Celery',
        extra_extensions=['sphinx_click', 'celerydocs'],
        extra_intersphinx_mapping={'click': ('https://click.palletsprojects.com/en/7.x/', None)},
        exclude_intersphinx=['riak'],
        extlinks={'own': ('https://example.org/%s', None)},
        apicheck_ignore_modules=['celery.__main__'],
    ))
  `));
  assert.deepEqual(conf.namespaceUpdates, [2]);
  assert.deepEqual(conf.extensions.slice(0, 2), ['sphinx.ext.autodoc', 'sphinx.ext.intersphinx']);
  assert.deepEqual(conf.extensions.slice(-4), ['sphinx_celery.apicheck', 'sphinx_celery.configcheck', 'sphinx_click', 'celerydocs']);
  // prepare_intersphinx_mapping: the exclusions out, the extra mapping in, the project's own name out.
  assert.ok(conf.intersphinx.includes('kombu') && conf.intersphinx.includes('click'));
  assert.ok(!conf.intersphinx.includes('celery') && !conf.intersphinx.includes('riak'));
  assert.deepEqual(conf.extlinks, ['own', 'sha', 'github_branch', 'github_user', 'pypi', 'wikipedia']);
  // add_paths: the folder above conf.py's first, then _ext under it.
  assert.deepEqual(conf.sysPath, ['..', '_ext']);
  assert.equal(conf.rootDoc, 'index');
  assert.deepEqual(conf.templatesPath, ['_templates']);
  assert.deepEqual(conf.values.apicheck_ignore_modules, ['celery.__main__']);
  assert.deepEqual(messages(conf), []);

  // A dict written out is read the same way; one not known sets nothing and says so.
  assert.deepEqual(readConfPy("globals().update({'extensions': ['a'], 'master_doc': 'contents'})\n").extensions, ['a']);
  const starred = readConfPy(py(`
    from sphinx_celery import conf
    settings = dict(project='x')
    globals().update(conf.build_config('x', __file__, **settings))
  `));
  assert.deepEqual([starred.namespaceUpdates, starred.extensions, starred.sysPath], [[], [], []]);
  assert.deepEqual(messages(starred), ['2: cannot evaluate "conf.build_config(\'x\', __file__, **settings)" statically']);
  assert.deepEqual(messages(readConfPy('import shared\nglobals().update(shared.settings)\n')), ['1: cannot evaluate "globals().update(shared.settings)" statically: the names it sets are not known']);
});

test("from shared_conf import *: a module of the project conf.py takes its settings from is read with it (paramiko's sites/docs/conf.py)", () => {
  const shared = py(`
    from os.path import join
    extensions = ["alabaster", "sphinx.ext.intersphinx"]
    intersphinx_mapping = {"python": ("https://docs.python.org/3.6/", None)}
    html_theme_options = {"description": "A Python SSH library"}
    _private = ["hidden"]
    def setup(app):
        app.add_role("x", None)
    class Thing:
        pass
    helpers = {"fn": setup}
  `);
  const conf = py(`
    import sys
    from os.path import abspath, join, dirname
    sys.path.append(abspath(".."))
    from shared_conf import *
    extensions.extend(["sphinx.ext.autodoc"])
    intersphinx_mapping["www"] = (join(dirname(__file__), "..", "www", "_build"), None)
  `);
  const asked: [string, readonly string[]][] = [];
  const read = readConfPy(conf, (module, sysPath) => (asked.push([module, sysPath]), module === 'shared_conf' ? shared : undefined));
  assert.deepEqual(asked, [['shared_conf', ['..']]], 'looked up with sys.path as conf.py set it before the import');
  assert.deepEqual(read.starImported, ['shared_conf']);
  assert.deepEqual(read.extensions, ['alabaster', 'sphinx.ext.intersphinx', 'sphinx.ext.autodoc']);
  assert.deepEqual(read.intersphinx, ['python', 'www']);
  assert.deepEqual(read.values.html_theme_options, { description: 'A Python SSH library' });
  // Its private names stay its own; its functions, classes and what holds them are not conf.py's to read.
  assert.equal(read.values._private, undefined);
  assert.equal(read.registrations.length, 0, "the module's setup() is not conf.py's");
  assert.deepEqual([read.values.setup, read.values.Thing, read.values.helpers], [undefined, undefined, { unknown: 'shared_conf.helpers' }]);
  assert.deepEqual(messages(read), []);

  // __all__ says what a star import takes.
  const only = readConfPy('from shared_conf import *\n', () => 'extensions = ["a"]\nlanguage = "en"\n__all__ = ["language"]\n');
  assert.deepEqual([only.extensions, only.values.language], [[], 'en']);
  // A module that is not the project's binds nothing; modules importing each other end.
  assert.deepEqual(readConfPy('from shared_conf import *\n', () => undefined).starImported, []);
  const loop = readConfPy('from a import *\n', (m) => (m === 'a' ? 'from b import *\nextensions = ["from-a"]\n' : 'from a import *\nlanguage = "b"\n'));
  assert.deepEqual([loop.extensions, loop.values.language, loop.starImported], [['from-a'], 'b', ['b', 'a']]);
});

test("a file conf.py reads is read with it, from conf.py's folder (bokeh's open(...).read(), hypothesis's Path.read_text())", () => {
  const files: Record<string, string> = {
    'rst_epilog.txt': '.. |epilog| replace:: from the epilog\n',
    'prolog.rst': '.. |given| replace:: given\n',
    'parts/head.rst': '.. |head| replace:: head\n',
  };
  const asked: string[] = [];
  const readText = (p: string) => (asked.push(p), files[p]);
  const conf = readConfPy(
    py(`
      from pathlib import Path
      rst_epilog = open("rst_epilog.txt").read()
      rst_prolog = (Path(__file__).parent / "prolog.rst").read_text(encoding="utf-8")
      with open("./parts/../parts/head.rst", encoding="utf-8") as f:
          head = f.read()
      missing = open("nowhere.txt").read()
      log = open("build.log", "w")
    `),
    undefined,
    readText,
  );
  assert.equal(conf.rstEpilog, '.. |epilog| replace:: from the epilog\n');
  assert.equal(conf.rstProlog, '.. |given| replace:: given\n');
  assert.equal(conf.values.head, '.. |head| replace:: head\n');
  assert.deepEqual(asked, ['rst_epilog.txt', 'prolog.rst', 'parts/head.rst', 'nowhere.txt'], 'paths from conf.py\'s folder, normalised; nothing opened for writing is read');
  // A file that cannot be read is a value not known, not an error of conf.py.
  assert.deepEqual(conf.values.missing, { unknown: 'open("nowhere.txt").read()' });
  // Without a reader, no file is read.
  assert.deepEqual(readConfPy('rst_epilog = open("rst_epilog.txt").read()\n').values.rst_epilog, { unknown: 'open("rst_epilog.txt").read()' });
});

describe('the Python subset', () => {
  const values = (text: string) => readConfPy(py(text)).values;

  test('string prefixes, escapes, implicit concatenation and triple quotes', () => {
    const v = values(String.raw`
      a = 'x' "y" r'\n' b'\x41'
      b = """one
      two\tthree \
      four \u00e9\N{EN DASH}"""
      c = '''it''s''' + u'\101\''
      d = f'{{literal}}' F"plain"
      e = rb'\d'
      f = 'unterminated
    `);
    assert.equal(v.a, 'xy\\nA');
    assert.deepEqual(v.b, { unknown: String.raw`"""one two\tthree \ four \u00e9\N{EN DASH}"""` }, '\\N{} needs the Unicode names');
    assert.equal(v.c, "it''s" + "A'");
    assert.equal(v.d, '{literal}plain');
    assert.equal(v.e, '\\d');
    assert.ok(typeof v.f === 'object' && v.f !== null && 'unknown' in v.f);
    const ok = values('t = """a\\tb\nc\\\nd"""\n');
    assert.equal(ok.t, 'a\tb\ncd', 'escapes and a backslash-newline inside """');
  });

  test('numbers, literals, containers, subscripts and operators', () => {
    const v = values(`
      n = [1, -2, 0x1F, 1_000, 2.5e1, True, False, None]
      t = (1,)
      s = {'b', 'a', 'b'}
      d = {'k': [1, 2], 'n': {'x': 'y'}, **{'z': 0}}
      i = d['k'][-1]
      j = d['n']['x'] + '!'
      l = ['a'] + ['b'] * 2
      k = dict(a=1, b=[2])
      k['c'] = 3
      k.update({'d': 4}, )
      k.setdefault('a', 9)
      p = '%s-%d' % ('v', 3)
      q = '{}/{name}'.format('x', name='y')
      r = ', '.join(['a', 'b']).upper()
      x, (y, z) = 1, [2, 3]
      m = a = 'same'
    `);
    assert.deepEqual(v.n, [1, -2, 31, 1000, 25, true, false, null]);
    assert.deepEqual(v.t, [1]);
    assert.deepEqual(v.s, ['b', 'a']);
    assert.deepEqual(v.d, { k: [1, 2], n: { x: 'y' }, z: 0 });
    assert.equal(v.i, 2);
    assert.equal(v.j, 'y!');
    assert.deepEqual(v.l, ['a', 'b', 'b']);
    assert.deepEqual(v.k, { a: 1, b: [2], c: 3, d: 4 });
    assert.equal(v.p, 'v-3');
    assert.equal(v.q, 'x/y');
    assert.equal(v.r, 'A, B');
    assert.deepEqual([v.x, v.y, v.z, v.m, v.a], [1, 2, 3, 'same', 'same']);
  });

  test('branches: lists are the union in order, dicts merge, the last scalar wins, known beats unknown', () => {
    const conf = readConfPy(
      py(`
      exts = ['a']
      opts = {'x': 1}
      if on_rtd:
          exts = ['a', 'b']
          theme = 'rtd'
          opts['y'] = 2
      elif other:
          exts.append('c')
          theme = 'other'
      else:
          exts = ['d']
          theme = 'default'
          opts = {'z': 3}
      try:
          from version import VERSION as release
      except ImportError:
          release = 'dev'
      finally:
          done = True
      for name in get_names():
          exts.append('e')
      `),
    );
    assert.deepEqual(conf.values.exts, ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(conf.values.opts, { x: 1, y: 2, z: 3 });
    assert.equal(conf.values.theme, 'default');
    assert.equal(conf.values.release, 'dev');
    assert.equal(conf.values.done, true);
    assert.deepEqual(messages(conf), ['19: cannot evaluate "get_names()" statically'], 'conditions are never evaluated, so never reported');
  });

  test('sys.path forms', () => {
    const conf = readConfPy(
      py(`
      import os, sys
      from os import path as osp
      from pathlib import Path
      here = os.path.dirname(os.path.abspath(__file__))
      sys.path.insert(0, os.path.abspath('.'))
      sys.path.insert(0, os.path.abspath('../..'))
      sys.path.append(os.path.join(os.path.dirname(__file__), '..', 'ext'))
      sys.path.append(osp.join(here, 'local', '.'))
      sys.path.append(os.path.dirname(here))
      sys.path.append(str(Path(__file__).resolve().parent.parent / 'src'))
      sys.path.append(str(Path(__file__).parents[3]))
      sys.path.extend([os.getcwd(), os.path.abspath(os.path.join('..', 'tools'))])
      sys.path.append(os.environ['EXTRA'])
      `),
    );
    assert.deepEqual(conf.sysPath, ['../..', '.', '../ext', 'local', '..', '../src', '../../..', '../tools']);
    assert.equal(conf.values.here, '.');
    assert.deepEqual(messages(conf), [`12: cannot evaluate "os.environ['EXTRA']" statically`]);
  });

  test('registrations with names bound earlier, keyword names, loops over dict items, docutils at module level', () => {
    const conf = readConfPy(
      py(`
      from docutils.parsers.rst import directives, roles
      from .directives import One, Two
      NAMES = {'one': One, 'two': Two}
      PREFIX = 'my-'
      directives.register_directive('early', Early)
      def setup(app):
          for name, cls in NAMES.items():
              app.add_directive(PREFIX + name, cls)
          app.add_role(name='kw-role', role=R)
          app.add_object_type(directivename='obj', rolename='objref')
          app.add_role_to_domain('std', 'term-x', R)
          roles.register_canonical_role('canon', fn)
          if app.config.x:
              app.add_directive('maybe', M)
      `),
    );
    assert.deepEqual(regs(conf.registrations), [
      'directive early @4',
      'directive my-one @7',
      'directive my-two @7',
      'role kw-role @8',
      'object-type obj @9',
      'object-type objref @9',
      'role-to-domain std:term-x @10',
      'role canon @11',
      'directive maybe @13',
    ]);
    assert.deepEqual(conf.unevaluated, []);
  });

  test('unevaluable constructs are reported with their lines, each once', () => {
    const conf = readConfPy(
      py(`
      import subprocess
      version = get_version()
      tags = [t for t in range(3)]
      items = [1, 2][1:]
      for i in range(3):
          label = i if i else compute()
      while more():
          pass
      with open('VERSION') as f:
          release = f.read()
      exec(open('common.py').read())
      `),
    );
    assert.deepEqual(messages(conf), [
      '1: cannot evaluate "get_version()" statically',
      '2: cannot evaluate "[t for t in range(3)]" statically',
      '3: cannot evaluate "[1, 2][1:]" statically',
      '5: cannot evaluate "compute()" statically',
      '6: cannot evaluate "while more()" statically: its body is read once',
      // open() stands for its file; reading it is what a reading without conf.py's folder cannot do.
      '9: cannot evaluate "f.read()" statically: the file is not read',
      `10: cannot evaluate "exec(open('common.py').read())" statically`,
    ]);
    assert.deepEqual(conf.values.release, { unknown: 'f.read()' });
  });
});

describe('bad input', () => {
  test('invalid Python: what can be read is read, the bad lines are reported', () => {
    const conf = readConfPy(
      py(`
      extensions = ['a']
      broken = foo(
      html_theme = 'x'
      exclude_patterns = ['_build']
      print >>sys.stderr, "py2"
      extensions.append('b')
      `),
    );
    assert.ok(conf.extensions.includes('a'));
    assert.ok(conf.unevaluated.length >= 1);
    assert.ok(conf.unevaluated.every((u) => Number.isInteger(u.line) && u.line >= 0 && u.line <= 6));
    assert.ok(conf.unevaluated.some((u) => /invalid Python syntax|never closed/.test(u.message)));
  });

  test('brackets that close nothing, or never close, are masked and reported; the rest is read', () => {
    const conf = readConfPy("a = [1, 2)]\nb = 'ok'\nc = {'x': (1, 2}\nd = 'fine'\n");
    assert.equal(conf.values.b, 'ok');
    assert.equal(conf.values.d, 'fine');
    assert.deepEqual(messages(conf), ["0: unmatched ')'", "2: '(' was never closed"]);
  });

  test('binary content is refused at once', () => {
    const withNul = readConfPy('extensions = []\n\0\x01\x02\xff');
    assert.deepEqual(messages(withNul), ['1: the file contains NUL bytes: it is not Python source']);
    assert.deepEqual(withNul.extensions, []);
    let noise = '';
    for (let i = 0; i < 100_000; i++) noise += String.fromCharCode(1 + ((i * 7919) % 255));
    assert.deepEqual(messages(readConfPy(noise)), ['0: the file is binary, not Python source']);
  });

  test('100,000 nested brackets: no stack overflow, reported', () => {
    const conf = readConfPy(`x = ${'['.repeat(100_000)}${']'.repeat(100_000)}\ny = 'after'\n`);
    assert.equal(conf.values.y, 'after');
    assert.deepEqual(messages(conf), ['0: more than 200 nested brackets: not evaluated']);
    const open = readConfPy(`x = ${'('.repeat(100_000)}`);
    assert.ok(open.unevaluated.length >= 1);
    const moderate = readConfPy(`x = ${'['.repeat(150)}${']'.repeat(150)}\n`);
    assert.equal(moderate.unevaluated.length, 1);
    assert.match(moderate.unevaluated[0].message, /^cannot evaluate "\[+\]*\.\.\." statically: nested too deeply$/);
  });

  test('values that grow without bound stop the evaluation instead of the editor', () => {
    const conf = readConfPy(`x = ['a']\n${'x = x + x\n'.repeat(40)}y = 1\n`);
    assert.equal(conf.values.y, 1);
    assert.ok(messages(conf).some((m) => /the list is too long/.test(m)));
    const loops = readConfPy('L = list(range(5000))\nfor a in L:\n    for b in L:\n        y = a\nz = 2\n');
    assert.ok(messages(loops).some((m) => /too many statements/.test(m)));
  });

  test('a 5 MB conf.py is read in linear time, the same as the original', () => {
    const base = fixture('designate-conf.py');
    const make = (size: number) => base.repeat(Math.ceil(size / base.length));
    readConfPy(base); // warm up
    expectLinear('reading a 5 MB conf.py', make, (text) => readConfPy(text), 1.25e6);
    const full = make(5e6);
    const big = readConfPy(full);
    const one = readConfPy(base);
    assert.deepEqual(big.unevaluated, []);
    assert.deepEqual(big.values, one.values);
    assert.deepEqual(big.extensions, one.extensions);
  });
});

describe('[tool.ha-guide] in pyproject.toml', () => {
  test('a good table', () => {
    const tool = readPyproject(
      py(`
      [project]
      name = "guide"

      [tool.ha-guide]
      directives = ["confval", "oslo.config:group"]
      roles = ["neutron-cli"]
      substitutions = ["product"]
      exclude = ["_build/**"]
      ignored-links = ["generated/**"]

      [tool.ha-guide.severity]
      "rst.unknown-directive" = "warning"
      "rst.target-not-referenced" = "off"
      `),
    );
    assert.deepEqual(tool, {
      directives: ['confval', 'oslo.config:group'],
      roles: ['neutron-cli'],
      substitutions: ['product'],
      severity: { 'rst.unknown-directive': 'warning', 'rst.target-not-referenced': 'off' },
      exclude: ['_build/**'],
      ignoredLinks: ['generated/**'],
      problems: [],
    });
  });

  test('no table', () => {
    assert.equal(readPyproject('[project]\nname = "x"\n\n[tool.black]\nline-length = 100\n'), undefined);
    assert.equal(readPyproject(''), undefined);
  });

  test('a syntax error: a problem at its line and column, and defaults', () => {
    const tool = readPyproject('[tool.ha-guide]\ndirectives = ["a",\nroles = 3\n');
    assert.deepEqual(tool, {
      directives: [],
      roles: [],
      substitutions: [],
      severity: {},
      exclude: [],
      ignoredLinks: [],
      problems: [{ line: 2, column: 0, message: 'invalid TOML: invalid value' }],
    });
    assert.equal(readPyproject('[project\nname = 1\n'), undefined, 'a broken file that does not mention ha-guide has no table of ours');
  });

  test('wrong types: one problem each, at the key, the rest kept', () => {
    const tool = readPyproject(
      py(`
      [tool.ha-guide]
      directives = "confval"
      roles = ["ok", 3]
      substitution = []
      severity = { "rst.a" = "loud", "rst.b" = "hint" }
      `),
    );
    assert.ok(tool);
    assert.deepEqual(tool.roles, ['ok']);
    assert.deepEqual(tool.directives, []);
    assert.deepEqual(tool.severity, { 'rst.b': 'hint' });
    assert.deepEqual(
      tool.problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      [
        '1:0 "directives" in [tool.ha-guide] should be a list of strings, not "confval"',
        '2:0 "roles" in [tool.ha-guide] should hold strings only: 3 is ignored',
        '3:0 unknown setting "substitution" in [tool.ha-guide] (known: directives, roles, substitutions, exclude, ignored-links, severity)',
        '4:0 the severity of "rst.a" should be one of error, warning, information, hint, off, not "loud"',
      ],
    );
    assert.deepEqual(readPyproject('[tool]\nha-guide = 3\n')?.problems, [{ line: 1, column: 0, message: '"tool.ha-guide" should be a table' }]);
  });
});

describe('an rst_epilog formatted with values only the build knows (openstack-ansible)', () => {
  test('the template, with the known values put in and the unknown fields left as written', () => {
    const conf = readConfPy(py(`
      import subprocess, yaml
      previous = '2026.1 (Gazpacho)'
      latest_tag = subprocess.check_output(['git', 'describe', '--abbrev=0', '--tag']).strip().decode()
      with open('../../inventory/source_git.yml') as f:
          branch = yaml.safe_load(f)['branch']
      rst_epilog = """
      .. |previous| replace:: {previous}
      .. |latest_tag| replace:: {latest_tag}
      .. |branch| replace:: {}
      """.format(branch, previous=previous.split(' ')[0], latest_tag=latest_tag)
      rst_prolog = '.. |a| replace:: %(a)s\\n.. |b| replace:: %(b)s\\n' % {'a': 'A', 'b': latest_tag}
    `));
    assert.equal(conf.rstEpilog, '\n.. |previous| replace:: 2026.1\n.. |latest_tag| replace:: {latest_tag}\n.. |branch| replace:: {}\n');
    assert.equal(conf.rstProlog, '.. |a| replace:: A\n.. |b| replace:: %(b)s\n');
    // Still unknown: so it stays among what conf.py does that cannot be read statically.
    assert.ok(conf.unevaluated.some((u) => u.message.includes('|previous|')), conf.unevaluated.map((u) => u.message).join('\n'));
  });

  test("lines formatted one per entry and joined (kivy's rst_epilog): the joined templates", () => {
    const conf = readConfPy(py(`
      import kivy
      replacements = {
          'kivy_version': kivy.__version__,
          'python_versions': '3.10 - 3.13',
          'cython_install': f"Cython=={kivy.cython_max}",
      }
      epilog = []
      for key, value in replacements.items():
          rep = '.. |{0}| replace:: {1}'.format(key, value)
          epilog.append(rep)
      rst_epilog = '\\n'.join(epilog)
      rst_prolog = '\\n'.join(['.. |a| replace:: A', unknown_call()])
    `));
    assert.equal(conf.rstEpilog, '.. |kivy_version| replace:: {1}\n.. |python_versions| replace:: 3.10 - 3.13\n.. |cython_install| replace:: {1}');
    // An item without a template: nothing is known of the whole.
    assert.equal(conf.rstProlog, undefined);
    assert.ok(conf.unevaluated.some((u) => u.message.includes("join(epilog)")), conf.unevaluated.map((u) => u.message).join('\n'));
  });

  test("a literal rst_epilog with text joined to it that is not read (seaborn's `+=` a join over an imported table): the literal part, marked computed", () => {
    const conf = readConfPy(py(`
      from seaborn._marks.base import PROPERTIES
      rst_epilog = r"""
      .. |API| replace:: API badge
      """
      rst_epilog += "\\n".join([
          f".. |{key}| replace:: :ref:\`{key} <{key}_property>\`"
          for key, val in PROPERTIES.items()
      ])
    `));
    assert.equal(conf.rstEpilog, '\n.. |API| replace:: API badge\n');
    assert.deepEqual(conf.computedPrelude, ['rst_epilog']);
    // Not read at all: computed, with nothing known of it; a literal or a template is not computed.
    assert.deepEqual(readConfPy('rst_prolog = open_prolog()\n').computedPrelude, ['rst_prolog']);
    assert.deepEqual(readConfPy("rst_epilog = '.. |x| replace:: %s' % unknown_call()\n").computedPrelude, []);
    assert.deepEqual(readConfPy("rst_epilog = '.. |x| replace:: X'\n").computedPrelude, []);
  });

  test('a whole unknown argument to %; a known value that is not text, or a field with a format spec, still gives nothing', () => {
    assert.equal(readConfPy("rst_epilog = '.. |x| replace:: %s' % unknown_call()\n").rstEpilog, '.. |x| replace:: %s');
    assert.equal(readConfPy("rst_epilog = '.. |x| replace:: {}'.format([1, 2])\n").rstEpilog, undefined);
    assert.equal(readConfPy("rst_epilog = '.. |x| replace:: {v:>10}'.format(v=unknown_call())\n").rstEpilog, undefined);
    assert.equal(readConfPy("rst_epilog = unknown_call()\n").rstEpilog, undefined);
    // A fully known format is unchanged.
    assert.equal(readConfPy("rst_epilog = '.. |x| replace:: {}'.format('X')\n").rstEpilog, '.. |x| replace:: X');
  });

  test('an f-string with placeholders keeps its text, the fields left as written (the devguide: rst_prolog = f"... {_main_version}")', () => {
    const conf = readConfPy(py(`
      _v = next(v for v in fetch())
      rst_prolog = f"""
      .. |main_version| replace:: {_v}
      .. |braces| replace:: {{x}}
      """
    `));
    assert.equal(conf.rstProlog, '\n.. |main_version| replace:: {_v}\n.. |braces| replace:: {x}\n');
    assert.ok(conf.unevaluated.length > 0);
  });

  test("an f-string whose fields are known strings or integers is known (mne's rst_prolog, one substitution per icon of a dict built in a loop)", () => {
    const conf = readConfPy(py(`
      brand_icons = ("apple", "linux")
      other_icons = ("book",)
      icon_class = dict()
      for icon in brand_icons + other_icons:
          icon_class[icon] = ("fa-brands",) if icon in brand_icons else ("fa-solid",)
      rst_prolog = ""
      for icon, classes in icon_class.items():
          rst_prolog += f"""
      .. |{icon}| raw:: html

          <i class="{" ".join(classes + (f"fa-{icon}",))}"></i>
      """
      n = 3
      rst_epilog = f'.. |n| replace:: {n!s} {{n}} {icon}\\n'
    `));
    assert.match(conf.rstProlog ?? '', /^\n\.\. \|apple\| raw:: html\n\n {4}<i class="[a-z -]*fa-apple"><\/i>\n\n\.\. \|linux\| raw::/);
    assert.match(conf.rstProlog ?? '', /\n\.\. \|book\| raw:: html\n/);
    assert.equal(conf.rstEpilog, '.. |n| replace:: 3 {n} book\n');
    assert.deepEqual(conf.computedPrelude, []);
    assert.deepEqual(conf.unevaluated, []);
    // A field with a format spec, a repr or an unknown value: a template, the known fields put in.
    const partly = readConfPy(py(`
      a = "A"
      rst_epilog = f".. |a| replace:: {a}\\n.. |b| replace:: {fetch()}\\n.. |c| replace:: {a!r} {a:>3}\\n"
    `));
    assert.equal(partly.rstEpilog, '.. |a| replace:: A\n.. |b| replace:: {fetch()}\n.. |c| replace:: {a!r} {a:>3}\n');
    assert.equal(partly.unevaluated.length, 1);
  });
});

describe('what conf.py writes when the build starts', () => {
  test('literal relative paths given to code conf.py calls; not paths it only computes, imports or formats', () => {
    const conf = readConfPy(py(`
      import os, sys
      from pydotplus import graphviz
      from tools import create_flow_docs
      sys.path.insert(0, os.path.abspath('../..'))
      sys.path.append(os.path.join('ext', 'local'))
      create_flow_docs.generate('tools/flow-list-v2.txt', 'doc/source/contributor/devref/flow_diagrams_v2/')
      graph = graphviz.graph_from_dot_data(b'digraph {}')
      graph.write('contributor/devref/erd.svg', format='svg', prog='dot')
      shutil.copy(src='../etc/sample.conf', dst='_static/sample.conf')
      title = 'a/b'.replace('/', '-')
      parts = ','.join(['x/y.txt'])
      open(f'{title}/x.rst', 'w')
      print('done: see build/html')
      check('/etc/absolute.txt', 'https://example.org/a.svg', 'C:/drive.txt', 'with space/a.txt', 'utf-8', './here/x.txt', 'a/../b.txt')
    `));
    assert.deepEqual(conf.writes.sort(), ['_static/sample.conf', 'contributor/devref/erd.svg', 'doc/source/contributor/devref/flow_diagrams_v2', 'tools/flow-list-v2.txt']);
  });
});

test('the root document of conf.py: the plain forms read without evaluating conf.py agree with its evaluation', () => {
  const cases: [string, string | null][] = [
    ["project = 'p'\n", 'index'],
    ["master_doc = 'index'\n", 'index'],
    ["root_doc = \"contents\"  # the top page\n", 'contents'],
    ["root_doc = 'contents'\nmaster_doc = 'index'\n", 'contents'],
    ["master_doc = 'index'\nroot_doc = 'contents'\n", 'contents'],
    // A commented line, a later assignment, a chained one, a docstring's line: evaluated.
    ["# master_doc = 'old'\nmaster_doc = 'new'\n", 'new'],
    ["master_doc = 'a'\nmaster_doc = 'b'\n", 'b'],
    ["master_doc = root_doc = 'contents'\n", 'contents'],
    ['"""Settings.\nmaster_doc = \'doc\'\n"""\n', 'index'],
    ["import os\nmaster_doc = os.environ['DOC']\n", null],
  ];
  for (const [text, expected] of cases) {
    assert.equal(confRootDoc(text), expected, text);
    // What evaluating it says (Sphinx: root_doc, else master_doc, else index).
    const { values } = readConfPy(text);
    const named = Object.hasOwn(values, 'root_doc') ? values.root_doc : Object.hasOwn(values, 'master_doc') ? values.master_doc : 'index';
    assert.equal(typeof named === 'string' ? named : null, expected, `evaluated: ${text}`);
  }
});
