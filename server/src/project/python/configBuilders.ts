import { parse as parseToml } from 'smol-toml';
import { PyDict, Unknown, type CallSite, type Reader, type Value } from './values';
import { dictKey, iterate } from './semantics';
import { joinPaths, normalizePath, pathOf } from './paths';
import { bind } from './statements';

/**
 * Functions of shared documentation packages that build a project's whole configuration, which conf.py then
 * puts in its namespace (`globals().update(conf.build_config("celery", __file__, ...))`). Each is read here
 * from its source: the settings it returns that this project needs (extensions, intersphinx prefixes, extlinks
 * roles, paths), the others unknown, and what it does to `sys.path`.
 */

/**
 * sphinx_celery's `conf.build_config` (celery/sphinx_celery@dbe1526adb17 sphinx_celery/conf.py: `EXTENSIONS`,
 * `INTERSPHINX_MAPPING`, `add_paths`, `prepare_intersphinx_mapping`, `build_config`), used by celery's and kombu's
 * documentation.
 */
const SPHINX_CELERY = {
  /** `build_config`'s parameters in order (a positional argument takes the name at its place) */
  parameters: [
    'package', 'config_file', 'project', 'author', 'author_name', 'github_project', 'webdomain', 'canonical_url',
    'canonical_stable_url', 'canonical_dev_url', 'django_settings', 'configure_django_settings', 'copyright', 'publisher',
    'description', 'path_additions', 'version_dev', 'version_stable', 'extensions', 'extra_extensions', 'linkcode_url',
    'github_branch', 'master_doc', 'html_logo', 'html_prepend_sidebars', 'templates_path', 'latex_logo',
    'intersphinx_mapping', 'extra_intersphinx_mapping', 'include_intersphinx', 'exclude_intersphinx', 'spelling_lang',
    'spelling_show_suggestions', 'extlinks',
  ],
  extensions: [
    'sphinx.ext.autodoc', 'sphinx.ext.intersphinx', 'sphinx.ext.todo', 'sphinx.ext.coverage', 'sphinx.ext.imgmath',
    'sphinx.ext.ifconfig', 'sphinx.ext.viewcode', 'sphinx.ext.extlinks', 'sphinx_celery.autodocargspec',
    'sphinx_celery.github_issues', 'sphinx_celery.signal_crossref', 'sphinx_celery.setting_crossref',
    'sphinx_celery.apicheck', 'sphinx_celery.configcheck',
  ],
  /** the keys of `INTERSPHINX_MAPPING` (their addresses are not needed here) */
  intersphinx: [
    'python', 'sphinx', 'kombu', 'celery', 'pytest-celery', 'djcelery', 'cyme', 'amqp', 'vine', 'flower', 'redis', 'django',
    'boto', 'sqlalchemy', 'kazoo', 'msgpack', 'riak', 'pylibmc', 'eventlet', 'gevent', 'pyOpenSSL', 'pytest', 'tox',
  ],
  /** the extlinks it sets when the caller's `extlinks` has none of that name */
  extlinks: ['sha', 'github_branch', 'github_user', 'pypi', 'wikipedia'],
  /** the other settings of the returned dict whose values are literals in the source */
  literals: {
    source_suffix: '.rst',
    exclude_patterns: ['_build', 'Thumbs.db', '.DS_Store'],
    html_static_path: ['_static'],
    html_theme: 'sphinx_celery',
    html_show_sphinx: false,
    add_function_parentheses: true,
    add_module_names: true,
    highlight_language: 'python3',
    pygments_style: 'colorful',
    todo_include_todos: true,
  } as Record<string, Value>,
  /** settings it computes from the package it imports or from values only the build has */
  computed: ['copyright', 'version', 'release', 'linkcode_resolve', 'html_context', 'man_pages', 'texinfo_documents', 'latex_logo', 'latex_documents', 'html_sidebars', 'epub_title', 'epub_author', 'epub_publisher', 'epub_copyright', 'epub_language', 'epub_scheme', 'epub_identifier', 'epub_uid', 'epub_exclude_files', 'epub_tocdepth', 'spelling_lang', 'spelling_show_suggestions'],
};

/** A call of sphinx_celery's `build_config`: the configuration it returns, its `sys.path` additions made. */
export function sphinxCeleryBuildConfig(m: Reader, site: CallSite): Value {
  const spec = SPHINX_CELERY;
  const given = new Map<string, Value>();
  for (let i = 0; i < site.args.length; i++) {
    if (i >= spec.parameters.length) return new Unknown(m.snippet(site.node)); // more positional arguments than it takes: a TypeError
    given.set(spec.parameters[i], site.arg(i) as Value);
  }
  const extra = new Map<string, Value>();
  for (const k of site.keywords.keys()) {
    const v = site.arg(-1, k) as Value;
    if (spec.parameters.includes(k)) given.set(k, v);
    else extra.set(k, v);
  }
  const strings = (v: Value | undefined): string[] | undefined => {
    const items = v === undefined ? undefined : iterate(v);
    return items?.every((x) => typeof x === 'string') ? (items as string[]) : undefined;
  };
  const line = m.lineAt(site.node.from);
  const out = new PyDict();
  const set = (key: string, value: Value) => {
    out.entries.set(key, value);
    out.keyLines.set(key, line);
  };

  // add_paths(config_file, path_additions): the folder above conf.py's first, then each addition under it.
  const additions = given.has('path_additions') ? strings(given.get('path_additions')) : ['_ext'];
  m.sysPath.unshift('..');
  for (const p of additions ?? []) m.sysPath.push(normalizePath(joinPaths(['.', p])));

  // extensions = extensions + extra_extensions, then extensions + extra_extensions again in the dict.
  const base = given.has('extensions') ? given.get('extensions') : spec.extensions;
  const added = given.has('extra_extensions') ? given.get('extra_extensions') : [];
  const baseList = base === undefined ? undefined : iterate(base);
  const addedList = added === undefined ? undefined : iterate(added);
  set('extensions', baseList && addedList ? [...baseList, ...addedList, ...addedList] : new Unknown('extensions of sphinx_celery.conf.build_config'));

  // prepare_intersphinx_mapping(project, intersphinx_mapping, include, exclude, **extra_intersphinx_mapping)
  const project = given.get('project');
  const mapping = new PyDict();
  const ownMapping = given.get('intersphinx_mapping');
  if (ownMapping instanceof PyDict) for (const [k, v] of ownMapping.entries) mapping.entries.set(k, v);
  else if (ownMapping === undefined) for (const k of spec.intersphinx) mapping.entries.set(k, new Unknown(`sphinx_celery's address for ${k}`));
  const include = given.has('include_intersphinx') ? strings(given.get('include_intersphinx')) : [];
  const exclude = given.has('exclude_intersphinx') ? strings(given.get('exclude_intersphinx')) : [];
  const extraMapping = given.get('extra_intersphinx_mapping');
  const mappingKnown =
    (ownMapping === undefined || ownMapping instanceof PyDict) &&
    include !== undefined &&
    exclude !== undefined &&
    (extraMapping === undefined || extraMapping instanceof PyDict) &&
    (project === undefined || typeof project === 'string');
  if (mappingKnown) {
    for (const k of [...mapping.entries.keys()]) if ((include.length && !include.includes(k)) || exclude.includes(k)) mapping.entries.delete(k);
    if (extraMapping instanceof PyDict) for (const [k, v] of extraMapping.entries) mapping.entries.set(k, v);
    if (typeof project === 'string') mapping.entries.delete(project.toLowerCase());
    for (const k of mapping.entries.keys()) mapping.keyLines.set(k, line);
    set('intersphinx_mapping', mapping);
  } else set('intersphinx_mapping', new Unknown('intersphinx_mapping of sphinx_celery.conf.build_config'));

  // extlinks = extlinks or {}, then setdefault of each of its own.
  const ownLinks = given.get('extlinks');
  if (ownLinks === undefined || ownLinks === null || ownLinks instanceof PyDict) {
    const links = new PyDict();
    if (ownLinks instanceof PyDict) for (const [k, v] of ownLinks.entries) links.entries.set(k, v);
    for (const k of spec.extlinks) if (!links.entries.has(k)) links.entries.set(k, new Unknown(`sphinx_celery's ${k} link`));
    for (const k of links.entries.keys()) links.keyLines.set(k, line);
    set('extlinks', links);
  } else set('extlinks', new Unknown('extlinks of sphinx_celery.conf.build_config'));

  const templates = given.get('templates_path');
  if (templates === undefined || templates === null) {
    // With version_dev, the theme's own template folder (inside the installed package) is added.
    const version = given.get('version_dev');
    set('templates_path', version === undefined || version === null ? ['_templates'] : ['_templates', new Unknown('sphinx_celery.get_html_templates_path()')]);
  } else set('templates_path', templates);
  const master = given.get('master_doc');
  set('master_doc', master === undefined ? 'index' : master);
  for (const k of ['project', 'github_project', 'html_logo']) set(k, given.get(k) ?? null);
  for (const [k, v] of Object.entries(spec.literals)) set(k, Array.isArray(v) ? [...v] : v);
  for (const k of spec.computed) if (!out.entries.has(k)) set(k, new Unknown(`${k} of sphinx_celery.conf.build_config`));
  // dict(conf, **kwargs): the caller's other keywords last, over the dict's own.
  for (const [k, v] of extra) if (dictKey(k) !== undefined) set(k, v);
  return out;
}

/**
 * sphinx-pyproject's `SphinxConfig(pyproject_file="../pyproject.toml", *, globalns=None, style="pep621",
 * config_overrides=None)` (sphinx-toolbox/sphinx-pyproject@ce18f9d sphinx_pyproject/__init__.py): reads the
 * file (from the folder Sphinx runs conf.py in), and with `globalns=globals()` puts the `[project]` table's
 * name, version and description and every key of `[tool.sphinx-pyproject]` in conf.py's namespace, as
 * assignments would (sphinx-toolbox's documentation takes its extensions from there). Returns the
 * `[tool.sphinx-pyproject]` table (`config["extensions"]`); unknown when the file is not read.
 */
export function sphinxPyprojectConfig(m: Reader, site: CallSite): Value {
  const given = site.argNode(0, 'pyproject_file');
  const path = given ? pathOf(site.arg(0, 'pyproject_file') as Value) : '../pyproject.toml';
  const style = site.argNode(-1, 'style') ? site.arg(-1, 'style') : 'pep621';
  const text = path === undefined || style !== 'pep621' ? undefined : m.options.readText?.(normalizePath(path));
  if (text === undefined) return new Unknown(m.snippet(site.node));
  let table: unknown;
  let project: unknown;
  try {
    const toml = parseToml(text) as Record<string, unknown>;
    table = (toml.tool as Record<string, unknown> | undefined)?.['sphinx-pyproject'] ?? {};
    project = toml.project;
  } catch {
    return new Unknown(m.snippet(site.node));
  }
  const freeform = tomlValue(table);
  if (!(freeform instanceof PyDict)) return new Unknown(m.snippet(site.node));
  m.spend(text.length);
  for (const k of freeform.entries.keys()) freeform.keyLines.set(k, m.lineAt(site.node.from));
  const namespace = site.keywords.get('globalns');
  const own = namespace && /^(?:globals|locals)\(\s*\)$/.test(m.snippet(namespace)) && site.frame === m.globals;
  if (own) {
    const meta = project && typeof project === 'object' ? (project as Record<string, unknown>) : {};
    for (const key of ['name', 'version', 'description']) {
      const v = meta[key];
      bind(m, m.globals, key, typeof v === 'string' ? v : new Unknown(`${key} of [project] in ${path}`), false, true);
    }
    bind(m, m.globals, 'author', new Unknown(`author of [project] in ${path}`), false, true);
    for (const [k, v] of freeform.entries) if (/^[A-Za-z_]\w*$/.test(k)) bind(m, m.globals, k, v, false, true);
    m.namespaceUpdates.push(m.lineAt(site.node.from));
  } else if (namespace) return new Unknown(m.snippet(site.node));
  return freeform;
}

/**
 * sphinx_toml's `load_into_locals(locals())` (Carreau/sphinx_toml@095a4d1 sphinx_toml/__init__.py; IPython's
 * documentation): reads `sphinx.toml` from the folder Sphinx runs conf.py in and puts the keys of each of its
 * tables but `[sphinx_toml]` in conf.py's namespace, as assignments would, after the loader's normalisations:
 * `[intersphinx_mapping]` entries become `(url, fallback or None)` (`intersphinx_mapping` is bound),
 * `[intersphinx_registry]` `packages` become that many intersphinx names (their addresses are the registry's),
 * `html_additional_pages` pairs a dict, a string `source_suffix` of `[sphinx]` a dict, and `[sphinx.ext]`'s
 * `autodoc` table is merged into `[sphinx]`. Unknown, namespace untouched, when the file is not read or the
 * namespace handed over is not conf.py's own.
 */
export function sphinxTomlLoadIntoLocals(m: Reader, site: CallSite): Value {
  const namespace = site.argNode(0, 'loc');
  const own = namespace && /^(?:globals|locals)\(\s*\)$/.test(m.snippet(namespace)) && site.frame === m.globals;
  const file = 'sphinx.toml';
  const text = own ? m.options.readText?.(normalizePath(file)) : undefined;
  if (text === undefined) return new Unknown(m.snippet(site.node));
  let config: Record<string, unknown>;
  try {
    config = parseToml(text) as Record<string, unknown>;
  } catch {
    return new Unknown(m.snippet(site.node));
  }
  m.spend(text.length);
  const line = m.lineAt(site.node.from);
  const set = (k: string, v: Value) => {
    if (/^[A-Za-z_]\w*$/.test(k)) bind(m, m.globals, k, v, false, true);
  };
  const table = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? (v as Record<string, unknown>) : undefined);
  const normalised = ['intersphinx_mapping', 'intersphinx_registry', 'html', 'sphinx'];
  for (const section of [...normalised.filter((k) => k in config), ...Object.keys(config).filter((k) => k !== 'sphinx_toml' && !normalised.includes(k))]) {
    const data = table(config[section]);
    if (!data) continue;
    if (section === 'intersphinx_mapping') {
      const mapping = new PyDict();
      for (const [name, entry] of Object.entries(data)) {
        const e = table(entry);
        mapping.entries.set(name, [tomlValue(e?.url), e?.fallback === '' || e?.fallback === undefined ? null : tomlValue(e.fallback)]);
      }
      set('intersphinx_mapping', mapping);
      continue;
    }
    if (section === 'intersphinx_registry') {
      // get_intersphinx_mapping(packages=...) names one inventory per package; the current mapping is kept over it.
      const mapping = new PyDict();
      const packages = Array.isArray(data.packages) ? data.packages : [];
      for (const p of packages) if (typeof p === 'string') mapping.entries.set(p, new Unknown(`the intersphinx registry's address of ${p}`));
      const current = m.globals.vars.get('intersphinx_mapping');
      if (current instanceof PyDict) for (const [k, v] of current.entries) mapping.entries.set(k, v);
      set('intersphinx_mapping', mapping);
      continue;
    }
    const values = tomlValue(data);
    if (!(values instanceof PyDict)) continue;
    if (section === 'html') {
      const pages = data.html_additional_pages;
      if (Array.isArray(pages)) {
        const d = new PyDict();
        for (const pair of pages) if (Array.isArray(pair) && typeof pair[0] === 'string') d.entries.set(pair[0], tomlValue(pair[1]));
        values.entries.set('html_additional_pages', d);
      }
    }
    if (section === 'sphinx') {
      const suffix = values.entries.get('source_suffix');
      if (typeof suffix === 'string') {
        const d = new PyDict();
        d.entries.set(suffix, 'restructuredtext');
        values.entries.set('source_suffix', d);
      }
      const ext = values.entries.get('ext');
      const autodoc = ext instanceof PyDict ? ext.entries.get('autodoc') : undefined;
      if (ext instanceof PyDict && autodoc !== undefined) {
        ext.entries.delete('autodoc');
        if (autodoc instanceof PyDict) for (const [k, v] of autodoc.entries) values.entries.set(k, v);
      }
    }
    for (const [k, v] of values.entries) set(k, v);
  }
  m.namespaceUpdates.push(line);
  return null;
}

/** A TOML value as conf.py would hold it: tables are dicts, arrays lists; dates and times unknown. */
function tomlValue(v: unknown, depth = 0): Value {
  if (depth > 16) return new Unknown('a deeply nested TOML value');
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map((x) => tomlValue(x, depth + 1));
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const d = new PyDict();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) d.entries.set(k, tomlValue(x, depth + 1));
    return d;
  }
  return new Unknown('a TOML date or time');
}
