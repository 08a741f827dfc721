/**
 * What a Sphinx build knows of a project, read without running Python: its conf.py (settings, extensions,
 * `setup(app)` registrations), its local extension modules, the registry of third-party extensions, its
 * `[tool.ha-guide]` table in pyproject.toml and the RST of `rst_prolog`/`rst_epilog`. Pure: files come
 * through `IProjectFiles`; each project is read once and kept until one of its input files changes.
 */
import { loadedDirectives, readConfPy, readExtensionModule, type AppRegistration, type PyValue, type SphinxConf } from './confpy';
import { confModuleExtensions, confModuleIntersphinx, extensionInfo, type ExtensionInfo } from './extensionRegistry';
import { readPyproject, towncrierConfig, towncrierFile, type ToolConfig } from './pyproject';
import { defaultDoc8Config, DOC8_CONFIG_FILES, readDoc8Config, toxDoc8Commands, toxDoc8Paths, toxRunsDoc8, type Doc8Config } from './doc8';
import { beforeDocs } from './tox';
import { parsePreCommitConfig, preCommitHook, type PreCommitHook } from './preCommit';
import { readPreCommitSphinxLint, type SphinxLintConfig } from './sphinxLint';
import languageData from './languages.json';
import { createRegistry, type DirectiveSpec, type RegistryExtras } from '../rst/registry';
import { parseRst } from '../rst/parser';
import { espTargetSourceRead } from '../rst/sourceRead';
import type { RstDocument } from '../rst/types';
import { baseName, dirOf, joinUri as joinUriPath, parentOf, safeDecode } from '../common/uri';
import { cmakeConfigured, configuredText, folderVariables } from '../common/cmakeConfigure';
import { mesonConfigured } from '../common/mesonConfigure';
import { parser as pythonParser } from '@lezer/python';
import { flatten } from '../rst/walk';
import { normalizeName } from '../rst/text';
import { docstringText, moduleFolders } from './autodoc';
import { collectIncludes } from './includes';
import { apidocOutputs, execedFiles, moduleWrites, shellWrites } from './extensionWrites';
import { beforeHtml } from './makefile';
import ignore from 'ignore';
import { readExternalToc, type ExternalToc } from './externalToc';

/** The files a project is read from. */
export interface IProjectFiles {
  /** The text of a file; undefined when it is missing or unreadable. */
  readFile(uri: string): string | undefined;
  /** The folder holding conf.py above a document (a URI ending in `/`), when there is one. */
  sourceDir(uri: string): string | undefined;
  /** The folder conf.py is read from for a source folder (`IWorkspace.confDir`); the source folder itself when absent. */
  confDir?(sourceDir: string): string;
  /** Whether a folder (a URI ending in `/`), or a file, is a symbolic link; unknown (false) where the files have no links. */
  isLinkedFolder?(folderUri: string): boolean;
  /** The entries of a folder (a URI ending in `/`); undefined where folders cannot be listed. */
  listDir?(folderUri: string): { name: string; folder: boolean }[] | undefined;
}

/** Where a directive or role comes from, for hovers and messages. */
export interface Provenance {
  /** `oslo_config.sphinxext`, `conf.py`, or a local extension module name. */
  source: string;
  /** The file that registers it, when it is a file of the project. */
  uri?: string;
  line?: number;
}

/** Something conf.py or an extension module does that cannot be read statically. */
export interface ProjectNote {
  uri: string;
  line: number;
  message: string;
}

/**
 * Labels an extension writes during the build, by the start of their names: the extension's own
 * (`ExtensionInfo.labelPrefixes`), or those a template of the project that it renders writes (`template`, from
 * conf.py's folder).
 */
export interface ExtensionLabels {
  prefix: string;
  module: string;
  template?: string;
}

export interface SphinxProject {
  /** The folder holding conf.py, ending in `/`. */
  root: string;
  confUri: string;
  conf: SphinxConf;
  /** `[tool.ha-guide]` of the nearest pyproject.toml at or above the root. */
  tool?: ToolConfig;
  toolUri?: string;
  /** The nearest pyproject.toml at or above the root, with or without the table (where a quick fix declares names). */
  pyprojectUri?: string;
  /** Registry additions: the project's extensions, local extensions and conf.py's `setup(app)`. */
  extras: RegistryExtras;
  providers: Map<string, Provenance>;
  knownExtensions: string[];
  /** Listed in `extensions`, neither in the registry of known extensions nor a file of the project. */
  unknownExtensions: string[];
  /**
   * Directives and roles the project's code registers under a name not known statically (virtualenv's
   * `app.add_directive(CliTable.name, CliTable)` in conf.py): an unknown name may be one of them.
   */
  unnamedRegistrations: { kind: 'directive' | 'role'; expression: string; source: string; line: number }[];
  /** Directives the project's code registers with a class deriving from Sphinx's `TocTree`: toctrees by another name. */
  toctreeDirectives: ReadonlySet<string>;
  /** A toctree entry written `:tags: entry` is `entry`, kept when the build's tags hold (`ExtensionInfo.toctreeTagFilter`). */
  toctreeTagFilter?: boolean;
  /** Directives the project's code registers with a class that reads the file it names into the document (`AppRegistration.includes`). */
  includeDirectives: ReadonlyMap<string, string | undefined>;
  localExtensions: { module: string; uri: string }[];
  /**
   * The suffixes whose documents a local extension's source parser reads with an RFC 2822 header (PEPs:
   * `source_suffix = {'.rst': 'pep'}`, and `app.add_source_parser(PEPParser)` whose `__init__` passes
   * `rfc2822=True` to docutils' parser): they may open with `PEP: 8` lines, read as a field list.
   */
  rfc2822Suffixes: string[];
  /** Names that `rst_prolog` and `rst_epilog` define in every document. */
  substitutions: Set<string>;
  targets: Set<string>;
  customRoles: Set<string>;
  /** `intersphinx_mapping` keys: `:ref:`python:x`` points outside the project. */
  intersphinx: Set<string>;
  /** The label prefixes of known extensions that write labels during the build (`ExtensionInfo.labelPrefixes`). */
  extensionLabels: readonly ExtensionLabels[];
  /**
   * Local extensions (module names) whose own code adds labels to the std domain outside any directive: it
   * writes `labels[...]` or calls `note_explicit_target` and registers no directive (psutil's
   * `changelog_anchors` labels each version title of its changelog from a `doctree-read` handler). Their labels
   * cannot be named here.
   */
  labelModules?: readonly string[];
  /**
   * The labels sphinx-gallery's example scripts define in their text (`.. _rdb:` in a module docstring, `# ..
   * _Batch-Optimization:` in a comment block), which it writes into the pages it makes of them: normalised
   * names -> the script.
   */
  galleryLabels: ReadonlyMap<string, string>;
  /**
   * In a project whose own code writes documents under computed names (`writtenPatterns`: kivy's `import autobuild`
   * writes `'api-%s.rst' % module`, each an `automodule`) and that loads autodoc: the labels the docstrings of the
   * repository's Python packages define (kivy's `.. _schedule-before-frame:` in kivy/clock.py), which those pages
   * may hold: normalised names -> the module's file and the code that writes the pages.
   */
  docstringLabels: ReadonlyMap<string, { uri: string; writer: string }>;
  /** sphinx.ext.autosectionlabel: every section title is a label (`title`, or `docname:title`). */
  sectionLabels?: 'title' | 'docname';
  /**
   * conf.py or a local extension connects a `source-read` handler that renders documents through Jinja (shapely's
   * and sunpy's conf.py, nest's `extract_api_functions`: `app.builder.templates.render_string(source[0], ...)`): a
   * document with Jinja markup in it is reST only once rendered.
   */
  jinjaSourceRead: boolean;
  /** Documents an extension marks orphan (notfound.extension's 404 page), by docname. */
  orphanDocuments: ReadonlySet<string>;
  /** With sphinx_external_toc: the documents and globs of its site map, which are in its toctrees. */
  externalToc?: ExternalToc;
  notes: ProjectNote[];
  /** Changes whenever anything that affects parsing changes. */
  key: string;
  /**
   * conf.py computes part of `exclude_patterns` in a way not read here (nilearn's `*(str(p) for p in
   * Path(...).glob("changes/*.rst") ...)`): which files it excludes is not known.
   */
  excludesComputed?: boolean;
  /** True when `exclude_patterns` (or `[tool.ha-guide] exclude`) excludes the document. */
  excluded(uri: string): boolean;
  /**
   * True when the build writes this file or document (an extension's sample config, API docs, a file the
   * repository's `.gitignore` ignores), or this folder or one below it (a folder an extension fills, an ignored
   * folder: its URI with or without the trailing `/`); asked only about paths that do not exist, or about a
   * folder a glob looks into.
   */
  generated(uri: string): boolean;
  /**
   * The folders (URIs ending in `/`) that extensions write whole when the build starts (sphinx-apidoc's output, a
   * folder conf.py writes): a `:glob:` toctree entry may match pages there that exist only once the build runs.
   */
  generatedFolders: readonly string[];
  /** The files (URIs) conf.py and extensions write by a path they name whole (`open("mods/x/index.rst", "w")`). */
  generatedFiles: ReadonlySet<string>;
  /**
   * The names (last path parts) of the files the project's code writes where the folder is not known (`open(
   * "{0}/index.rst".format(d), "w")`: `index.rst`; `*-gallery.txt` for a pattern), as `generated` matches them.
   */
  writtenNames: ReadonlySet<string>;
  /**
   * The file whose text a file the build writes is, with links added (rst.linker's `NEWS (links).rst`, from
   * `link_files`): what a document including the written file reads. Undefined for any other file.
   */
  madeFrom(uri: string): string | undefined;
  /**
   * The local extensions that write files or run programs when the build runs, beyond the documents their
   * literals name (`generated`): a missing document may be one of theirs (openstack-helm's `helm_docs` runs
   * helm-docs for every chart).
   */
  buildWriters: string[];
  /** `rst_prolog` / `rst_epilog` that conf.py computes in a way not read (`SphinxConf.computedPrelude`). */
  computedPrelude: readonly ('rst_prolog' | 'rst_epilog')[];
  /**
   * Pygments lexer names its extensions and conf.py add (`app.add_lexer`), and whether others may be added that
   * are not known (an unknown extension, an `add_lexer` whose name is computed): then no lexer name is judged.
   */
  lexers: { added: readonly string[]; unknowable: boolean };
  /**
   * Directives of local extensions whose code builds sections or targets, or parses RST it makes
   * (`nested_parse_with_titles`): they may write titles and targets into the document (keystoneauth's
   * `list-auth-plugins` writes a section per plugin).
   */
  targetWriters: Set<string>;
  /**
   * Whether every command-line option the build describes is written in the documents: every extension it
   * loads is Sphinx's own, or a local one (with conf.py) that describes no option. A third-party extension may
   * write `.. option::` descriptions (sphinx-click, autoprogram), so `:option:` is not checked then; nor where a
   * local one replaces the std domain's `option_desc_re` (CMake's reads `-W<category>` as the option `-W`).
   */
  optionsWritten: boolean;
  /** `rst_prolog` and `rst_epilog`, parsed (part of every document: the preview renders their substitutions). */
  prelude?: RstDocument;
  /**
   * sphinx-multiproject: the source folders of the projects one conf.py builds (`multiproject_projects`, each
   * key's `path` or its name, under the conf.py folder). A document in one of them belongs to that project,
   * whose root it is; `root` stays the conf.py folder here.
   */
  subprojects?: string[];
  /** Substitution names an extension's transform defines in every document (sphinxemoji's `|:heart:|`). */
  substitutionPattern?: RegExp;
}

/** Modules of Sphinx itself that every build has or that register nothing a document can name. */
const BUILTIN_PREFIXES = ['sphinx.ext.', 'sphinx.builders.', 'sphinx.domains.'];
/** The `app.setup_extension` calls of Sphinx's own extensions (sphinx-doc/sphinx@e44a40eb2f81). */
const SPHINX_SETUP_EXTENSIONS: Record<string, string[]> = {
  'sphinx.ext.autosummary': ['sphinx.ext.autodoc'],
  'sphinx.ext.napoleon': ['sphinx.ext.autodoc'],
  'sphinx.ext.apidoc': ['sphinx.ext.autodoc'],
  'sphinx.ext.inheritance_diagram': ['sphinx.ext.graphviz'],
};

/** Python builtins that only read a namespace handed to them (`print(globals())` changes no setting). */
const READING_BUILTINS = new Set(['print', 'len', 'repr', 'str', 'sorted', 'list', 'dict', 'set', 'tuple', 'id', 'type', 'vars', 'dir', 'isinstance', 'hasattr', 'getattr']);

/**
 * Where a module takes a name from: `from pkg import (a, name)` (the parentheses may span lines; `x as name`
 * too) gives that module and the name imported; `import pkg.mod as name` the module itself.
 */
export function importOf(text: string, name: string): { from: string; imported: string } | { module: string } | undefined {
  for (const m of text.matchAll(/^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)/gm)) {
    for (const part of m[2].replace(/#[^\n]*/g, '').replace(/[()\\]/g, ' ').split(',')) {
      const w = part.trim().split(/\s+/);
      if ((w.length === 1 && w[0] === name) || (w.length === 3 && w[1] === 'as' && w[2] === name)) return { from: m[1], imported: w[0] };
    }
  }
  for (const m of text.matchAll(/^[ \t]*import[ \t]+([\w.]+)[ \t]+as[ \t]+(\w+)/gm)) if (m[2] === name) return { module: m[1] };
  return undefined;
}

/**
 * Code that may write titles and targets into the document (sections, targets, nested parses), or that writes
 * into the std domain's label tables itself (tox's `conf`: `labels[name] = ...`), or notes explicit targets
 * (CMake's `signature`: `document.note_explicit_target(signode)`).
 */
/**
 * The Pygments lexer names a module adds: `app.add_lexer("name", ...)`, `highlighting.lexers["name"] = ...`
 * (IPython's way); `computed` where such a call's name is not a literal.
 */
export function addedLexers(text: string): { names: string[]; computed: boolean } {
  const names: string[] = [];
  let computed = false;
  for (const m of text.matchAll(/\badd_lexer\(\s*(?:(['"])([^'"\\\n]+)\1|([^\s)]))/g)) {
    if (m[2] !== undefined) names.push(m[2]);
    else computed = true;
  }
  for (const m of text.matchAll(/\blexers\[\s*(?:(['"])([^'"\\\n]+)\1|[^\]\s])[^\]\n]*\]\s*=(?!=)/g)) {
    if (m[2] !== undefined) names.push(m[2]);
    else computed = true;
  }
  return { names, computed };
}

/** At most this many example scripts of a project's galleries are read for their labels. */
const MAX_GALLERY_FILES = 2000;
/** The most `.py` files read for the labels of docstrings (`SphinxProject.docstringLabels`). */
const MAX_DOCSTRING_FILES = 3000;
/** The most template files read for the labels they write (`ProjectKnowledge.templateLabels`). */
const MAX_TEMPLATE_FILES = 500;

/**
 * The labels a sphinx-gallery example script defines in the text sphinx-gallery makes its page of: explicit
 * targets (`.. _name:`) in its module docstring and in its comment blocks (lines starting with `#`), as
 * normalised label names. A target in code is none.
 */
/** A conf.py that runs the one of the folder above as its own code: `exec(open('../conf.py').read())`. */
const EXECS_PARENT_CONF = /^exec\(\s*open\(\s*(['"])\.\.\/conf\.py\1\s*\)\.read\(\)\s*\)/m;

/** The header files of a sphinx-gallery folder (`README.txt`, `README.rst`, `README`, `GALLERY_HEADER.rst`). */
const GALLERY_HEADER = /^(README(\.(txt|rst))?|GALLERY_HEADER\.rst)$/;

export function exampleLabels(text: string): string[] {
  const out: string[] = [];
  const docstring = /^(?:[ \t]*(?:#[^\n]*)?\n)*[rRuU]?("""|''')([\s\S]*?)\1/.exec(text);
  const add = (line: string) => {
    const m = /^\.\. _([^`:\n][^:\n]*|`[^`\n]+`):[ \t]*$/.exec(line.trim());
    if (m) out.push(normalizeName(m[1].replace(/^`|`$/g, '')));
  };
  if (docstring) for (const line of docstring[2].split('\n')) add(line);
  for (const m of text.matchAll(/^#[ \t]?(\.\. _[^\n]*)$/gm)) add(m[1]);
  return out;
}

/** autodoc's documenters by the word their class names hold, and the directive of each. */
const DOCUMENTER_DIRECTIVES: Record<string, string> = {
  Module: 'automodule', Class: 'autoclass', Exception: 'autoexception', Function: 'autofunction', Method: 'automethod',
  Attribute: 'autoattribute', Data: 'autodata', Property: 'autoproperty', Decorator: 'autodecorator',
};

/**
 * The options an extension adds to autodoc's directives by writing into a documenter's option spec
 * (sphinx-toolbox's `sphinx.ext.autodoc.ModuleDocumenter.option_spec["no-docstring"] = flag`): each with the
 * directive of that documenter, or every autodoc directive when the class name says no kind.
 */
export function documenterOptions(text: string): [directive: string, option: string][] {
  const out: [string, string][] = [];
  for (const m of text.matchAll(/\b(\w*)Documenter\.option_spec\[\s*(["'])([\w-]+)\2\s*\]\s*=(?!=)/g)) {
    const kind = Object.keys(DOCUMENTER_DIRECTIVES).find((k) => m[1].endsWith(k));
    for (const directive of kind ? [DOCUMENTER_DIRECTIVES[kind]] : Object.values(DOCUMENTER_DIRECTIVES)) {
      if (!out.some(([d, o]) => d === directive && o === m[3])) out.push([directive, m[3]]);
    }
  }
  return out;
}

/** Code that adds a label to the std domain itself (`SphinxProject.labelModules`). */
const ADDS_LABELS = /\bnote_explicit_target\s*\(|\b(?:anon)?labels\[[^\]\n]+\]\s*=(?!=)/;
const WRITES_TARGETS = /nested_parse_with_titles|\.nested_parse\(|nodes\.(section|target)\b|\bnote_explicit_target\s*\(|\b(?:anon)?labels\[[^\]\n]+\]\s*=(?!=)/;

/** The modules a Python file imports (`import a, b.c`, `from a import b`), at any indentation, absolute ones only. */
function importedModules(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)[ \t]*(?:#.*)?$/gm)) for (const name of m[1].split(',')) out.add(name.trim());
  for (const m of text.matchAll(/^[ \t]*from[ \t]+([\w][\w.]*)[ \t]+import\b/gm)) out.add(m[1]);
  return [...out];
}

/**
 * The modules a module of a package imports, relative imports (`from .documentor import x`) resolved against
 * `parent`, the package it is in.
 */
function packageImports(text: string, parent: string): string[] {
  const out = new Set(importedModules(text));
  for (const m of text.matchAll(/^[ \t]*from[ \t]+(\.+)([\w.]*)[ \t]+import\b/gm)) {
    const up = parent.split('.').slice(0, parent.split('.').length - (m[1].length - 1));
    if (up.length) out.add([...up, ...(m[2] ? [m[2]] : [])].join('.'));
  }
  return [...out];
}

/** `from x import *` at any indentation (inside `try:`, as astroquery imports sphinx_astropy's settings). */
const STAR_IMPORT = /^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+\*/gm;

/**
 * The modules whose code sets conf.py's settings where this reading cannot follow: the module a
 * `globals().update(x.f(...))` call takes `x` from (`from sphinx_celery import conf`), the module of a function
 * conf.py hands its namespace to (`load_into_locals(locals())`), and a star import of a module whose settings
 * are not known (`confModuleExtensions`).
 */
function opaqueConfigSources(text: string, readUpdates: readonly number[], starImported: readonly string[]): string[] {
  const out: string[] = [];
  // `globals().update(x.f(...))` whose dict was not read (`readUpdates` has the lines of those that were:
  // sphinx_celery's `build_config`), and a call handed conf.py's namespace: sphinx_toml's
  // `load_into_locals(locals())` (IPython's docs take their extensions from sphinx.toml), sphinx-pyproject's
  // `SphinxConfig("../pyproject.toml", globalns=globals())` where its file is not read.
  const lineOf = (index: number) => text.slice(0, index).split('\n').length - 1;
  const updates = [...text.matchAll(/^[ \t]*globals\(\)\.update\([ \t]*([A-Za-z_][\w.]*)/gm)].filter((m) => !readUpdates.includes(lineOf(m.index ?? 0))).map((m) => m[1]);
  const handed = [...text.matchAll(/^[ \t]*(?:[A-Za-z_]\w*[ \t]*=[ \t]*)?([A-Za-z_][\w.]*)\([^\n]*?\b(?:locals|globals)\(\)/gm)]
    .filter((m) => !readUpdates.includes(lineOf(m.index ?? 0)))
    .map((m) => m[1]);
  for (const callee of [...updates, ...handed.filter((c) => c !== 'globals' && !READING_BUILTINS.has(c))]) {
    const head = callee.split('.')[0];
    const imported = importOf(text, head);
    out.push(imported ? ('from' in imported ? imported.from : imported.module) : head);
  }
  for (const m of text.matchAll(STAR_IMPORT)) if (confModuleExtensions(m[1]) === undefined && !starImported.includes(m[1])) out.push(m[1]);
  return [...new Set(out)];
}

/**
 * The source suffixes extensions add with `app.add_source_suffix`, which Sphinx merges into `source_suffix` at
 * config-inited (`merge_source_suffix`): their documents are documents of the build (executablebooks/MyST-Parser
 * myst_parser/sphinx_ext/main.py, executablebooks/MyST-NB myst_nb/sphinx_ext.py, spatialaudio/nbsphinx
 * src/nbsphinx/__init__.py, readthedocs/recommonmark recommonmark/__init__.py, CrossNox/m2r2 m2r2.py).
 */
const EXTENSION_SUFFIXES: Record<string, string[]> = {
  myst_parser: ['.md'],
  myst_nb: ['.md', '.ipynb'],
  nbsphinx: ['.ipynb'],
  recommonmark: ['.md'],
  m2r2: ['.md'],
};

/**
 * Substitutions an extension's transform replaces before docutils reports undefined ones: sphinxemoji
 * (sphinx-contrib/emojicodes sphinxemoji/sphinxemoji.py, `EmojiSubstitutions` at priority 211) defines every
 * emoji code of its codes.json (`:heart:`, `:+1:`); read here as any name of that shape.
 */
const EXTENSION_SUBSTITUTIONS: Record<string, RegExp> = {
  'sphinxemoji.sphinxemoji': /^:[\w+-]+:$/,
};

/** The hooks of a `.pre-commit-config.yaml` whose checks are made here (`./preCommit.ts`). */
interface PreCommitHooks {
  /** The folder holding the configuration, ending with `/`. */
  root: string;
  sphinxLint?: SphinxLintConfig;
  /** doc8's hook; null when one of its patterns cannot be read. */
  doc8?: PreCommitHook | null;
}

/** What a per-folder lookup found at or above a folder, and every file it looked at ({@link ProjectKnowledge.upward}). */
interface Upward<T> {
  value?: T;
  inputs: Set<string>;
}

/** The `[tool.ha-guide]` table that applies, the pyproject.toml holding it, and the nearest pyproject.toml. */
interface ToolFound {
  tool?: ToolConfig;
  uri?: string;
  nearest?: string;
}

interface Cached {
  project: SphinxProject | undefined;
  /** Every file the project was read from: a change to one of them drops it. */
  inputs: Set<string>;
}

/** Reads and keeps the Sphinx projects of a workspace. */
export class ProjectKnowledge {
  private readonly cache = new Map<string, Cached>();
  private readonly toolCache = new Map<string, Upward<ToolFound>>();
  private readonly doc8Cache = new Map<string, Upward<Doc8Config>>();
  private readonly preCommitCache = new Map<string, Upward<PreCommitHooks>>();
  private readonly newsCache = new Map<string, Upward<{ news: string; fragments: string }>>();
  /** The gallery index of each folder `galleryIndexOf` was asked about, with the conf.py files it looked at. */
  private readonly galleryCache = new Map<string, { index: string | undefined; inputs: Set<string> }>();
  /** The towncrier fragments `hostOf` was asked about, per news file: their project follows the news file's. */
  private readonly fragments = new Map<string, Set<string>>();
  /** Bumped whenever a project is dropped: consumers cache on it. */
  generation = 0;

  constructor(
    private readonly files: IProjectFiles,
    private readonly log: (message: string) => void = () => undefined,
    /** The documents that include a file (`IncluderMap.of`), for a file outside every source folder. */
    private readonly includersOf: (uri: string) => readonly string[] = () => [],
  ) {}

  /**
   * The Sphinx project of a document, or undefined when no conf.py is above it and no document of a project
   * includes it. A file outside every source folder that a document includes (`.. include:: ../CHANGES.rst`) is
   * read by the build as part of that document: its project is the includer's (of several, the first by URI).
   */
  project(uri: string): SphinxProject | undefined {
    let at = uri;
    let project = this.confProject(uri);
    if (!project) {
      const host = this.hostOf(uri);
      if (host) project = this.confProject((at = host));
    }
    const sub = project?.subprojects?.find((folder) => at.startsWith(folder));
    return sub ? subproject(project!, sub) : project;
  }

  /**
   * The document the build reads a file as part of, for a file no build reads on its own: the first (by URI)
   * document under a conf.py that includes a file outside every source folder, or the first document of its
   * own project that includes a file of a source folder that is no document there (`part.inc`, a file
   * `exclude_patterns` leaves out). Undefined for a document, and for a file nothing includes.
   */
  hostOf(uri: string): string | undefined {
    if (this.files.sourceDir(uri)) return this.snippetHost(uri);
    let best: string | undefined;
    for (const h of this.includersOf(uri)) if ((best === undefined || h < best) && this.files.sourceDir(h)) best = h;
    if (best === undefined) {
      // A towncrier news fragment (aiohttp's `CHANGES/123.bugfix.rst`) is written into the news file at a
      // release: it is read as the news file is, with the roles and labels of the project that includes it.
      const news = this.newsFileOf(uri);
      if (news) best = this.files.sourceDir(news) ? news : this.hostOf(news);
    }
    return best ?? this.galleryIndexOf(uri);
  }

  /**
   * For the header of a sphinx-gallery examples folder (`README.rst`, `GALLERY_HEADER.rst`, in one of
   * `sphinx_gallery_conf['examples_dirs']` or a folder of it), the gallery index the build writes its text into:
   * `<gallery_dirs>/index.rst` (or that folder's). Looked for from conf.py in one of `GALLERY_CONF_FOLDERS` of
   * a folder at most four folders above the file.
   */
  private galleryIndexOf(uri: string): string | undefined {
    if (!/\/(README|GALLERY_HEADER)\.rst$/i.test(uri)) return undefined;
    const folder = dirOf(uri);
    const kept = this.galleryCache.get(folder);
    if (kept) return kept.index;
    const inputs = new Set<string>();
    const index = this.findGalleryIndex(folder, inputs);
    this.galleryCache.set(folder, { index, inputs });
    return index;
  }

  private findGalleryIndex(folder: string, inputs: Set<string>): string | undefined {
    let dir: string | undefined = folder;
    for (let i = 0; dir && i < 4; i++, dir = parentOf(dir)) {
      for (const candidate of GALLERY_CONF_FOLDERS) {
        const confDir = dir + candidate;
        inputs.add(confDir + 'conf.py');
        if (this.files.readFile(confDir + 'conf.py') === undefined) continue;
        const project = this.confProject(confDir + 'conf.py');
        if (!project || !project.conf.extensions.some((e) => e === 'sphinx_gallery.gen_gallery' || e === 'sphinx_gallery')) continue;
        const galleryConf = project.conf.values['sphinx_gallery_conf'];
        const examples = configValues(galleryConf, '../examples', 'examples_dirs');
        const galleries = configValues(galleryConf, 'auto_examples', 'gallery_dirs');
        for (const [k, examplesDir] of examples.entries()) {
          const from = joinUri(project.root, examplesDir.replace(/\/*$/, '/'));
          if (!folder.startsWith(from) || galleries[k] === undefined) continue;
          return joinUri(project.root, galleries[k].replace(/\/*$/, '/') + folder.slice(from.length) + 'index.rst');
        }
      }
    }
    return undefined;
  }

  /**
   * The labels the example scripts of a project's sphinx-gallery define (`SphinxProject.galleryLabels`): every
   * `.py` file of each `examples_dirs` folder and of its sub-folders (sub-galleries), at most `MAX_GALLERY_FILES`.
   */
  private galleryLabels(root: string, galleryConf: PyValue | undefined, inputs: Set<string>): Map<string, string> {
    const out = new Map<string, string>();
    if (!this.files.listDir) return out;
    let files = 0;
    for (const dir of configValues(galleryConf, '../examples', 'examples_dirs')) {
      let level = [joinUri(root, dir.replace(/\/*$/, '/'))];
      for (let depth = 0; level.length && depth < 3; depth++) {
        const next: string[] = [];
        for (const folder of level) {
          for (const e of this.files.listDir(folder) ?? []) {
            if (e.folder) {
              if (!e.name.startsWith('.') && !e.name.startsWith('_')) next.push(folder + encodeURIComponent(e.name) + '/');
            } else if (e.name.endsWith('.py') && files++ < MAX_GALLERY_FILES) {
              const uri = folder + encodeURIComponent(e.name);
              inputs.add(uri);
              const text = this.files.readFile(uri);
              if (text !== undefined) for (const name of exampleLabels(text)) if (!out.has(name)) out.set(name, uri);
            } else if (GALLERY_HEADER.test(e.name) && files++ < MAX_GALLERY_FILES) {
              // A gallery's header (networkx's `examples/README.txt`, `.. _examples_gallery:`) is the top of the
              // index page sphinx-gallery writes: its targets are labels of the project.
              const uri = folder + encodeURIComponent(e.name);
              inputs.add(uri);
              const text = this.files.readFile(uri);
              if (text !== undefined) for (const m of text.matchAll(/^\.\. _([^`:\n][^:\n]*|`[^`\n]+`):[ \t]*$/gm)) {
                const name = normalizeName(m[1].replace(/^`|`$/g, ''));
                if (!out.has(name)) out.set(name, uri);
              }
            }
          }
        }
        level = next;
      }
    }
    return out;
  }

  /**
   * The labels the docstrings of the repository's Python packages define (`SphinxProject.docstringLabels`): the
   * `.py` files of each package (a folder holding `__init__.py`) in the folders autodoc finds modules in
   * (`moduleFolders`), at most `MAX_DOCSTRING_FILES` files, six folders deep; only files whose text holds `.. _`
   * are parsed for their docstrings.
   */
  private docstringLabels(root: string, sysPath: readonly string[], writer: string, inputs: Set<string>): Map<string, { uri: string; writer: string }> {
    const out = new Map<string, { uri: string; writer: string }>();
    const listDir = this.files.listDir?.bind(this.files);
    if (!listDir) return out;
    let files = 0;
    const seen = new Set<string>();
    const isPackage = (folder: string) => (listDir(folder) ?? []).some((e) => !e.folder && e.name === '__init__.py');
    for (const base of moduleFolders(root, sysPath)) {
      let level = (listDir(base) ?? []).filter((e) => e.folder && !e.name.startsWith('.') && !e.name.startsWith('_')).map((e) => base + encodeURIComponent(e.name) + '/');
      level = level.filter((f) => !seen.has(f) && isPackage(f));
      for (let depth = 0; level.length && depth < 6; depth++) {
        const next: string[] = [];
        for (const folder of level) {
          if (seen.has(folder)) continue;
          seen.add(folder);
          for (const e of listDir(folder) ?? []) {
            if (e.folder) {
              if (!e.name.startsWith('.') && !e.name.startsWith('_')) next.push(folder + encodeURIComponent(e.name) + '/');
            } else if (e.name.endsWith('.py') && files++ < MAX_DOCSTRING_FILES) {
              const uri = folder + encodeURIComponent(e.name);
              const text = this.files.readFile(uri);
              if (text === undefined || !text.includes('.. _')) continue;
              inputs.add(uri);
              for (const m of docstringText(text).matchAll(/^[ \t]*\.\. _([^`:\n][^:\n]*|`[^`\n]+`):[ \t]*$/gm)) {
                const name = normalizeName(m[1].replace(/^`|`$/g, ''));
                if (!out.has(name)) out.set(name, { uri, writer });
              }
            }
          }
        }
        level = next;
      }
    }
    return out;
  }

  /**
   * The label prefixes the project's templates write (`ExtensionInfo.rendersTemplates`): a `.. _name{{ ... }}:` target
   * in a file of a `templates_path` folder (relative to conf.py's folder) or of its sub-folders, at most
   * `MAX_TEMPLATE_FILES` files; the text before the first `{{`, when there is some (cloud-init's `mod_`).
   */
  private templateLabels(confDir: string, folders: readonly string[], inputs: Set<string>): { prefix: string; template: string }[] {
    const out: { prefix: string; template: string }[] = [];
    if (!this.files.listDir) return out;
    let files = 0;
    for (const dir of folders) {
      let level = [joinUri(confDir, dir.replace(/\/*$/, '/'))];
      for (let depth = 0; level.length && depth < 3; depth++) {
        const next: string[] = [];
        for (const folder of level) {
          for (const e of this.files.listDir(folder) ?? []) {
            const uri = folder + encodeURIComponent(e.name) + (e.folder ? '/' : '');
            if (e.folder) {
              if (!e.name.startsWith('.')) next.push(uri);
              continue;
            }
            if (files++ >= MAX_TEMPLATE_FILES) return out;
            inputs.add(uri);
            const text = this.files.readFile(uri);
            if (text === undefined || !text.includes('{{')) continue;
            for (const m of text.matchAll(/^[ \t]*\.\.[ \t]+_`?([^`:{}\n]+)\{\{/gm)) {
              const prefix = normalizeName(m[1]).toLowerCase();
              if (prefix && !out.some((l) => l.prefix === prefix)) out.push({ prefix, template: safeDecode(uri.slice(confDir.length)) });
            }
          }
        }
        level = next;
      }
    }
    return out;
  }

  /** The indexed files that include `uri` (`.. include::`), as the service last read them. */
  includers(uri: string): readonly string[] {
    return this.includersOf(uri);
  }

  /**
   * For a file of a source folder that documents include but that is no document itself, the first (by URI) of
   * those documents of its project: Sphinx reads the file only as part of one, and a relative path in it from
   * that document's folder (`env.relfn2path`, for nested includes as well).
   */
  private snippetHost(uri: string): string | undefined {
    const includers = this.includersOf(uri);
    if (includers.length === 0) return undefined; // most documents: no project lookup on this path
    const project = this.project(uri);
    // Where conf.py computes what it excludes, a file another document includes is taken for one it excludes:
    // Sphinx reads it as part of that document (nilearn's changes/*.rst, which whats_new.rst includes).
    if (!project || (isDocumentOf(project, uri) && !project.excludesComputed)) return undefined;
    let best: string | undefined;
    for (const h of includers) if (h !== uri && (best === undefined || h < best) && this.project(h)?.root === project.root && isDocumentOf(project, h)) best = h;
    return best;
  }

  /** The towncrier fragments whose project was asked for and follows this news file's (`hostOf`). */
  fragmentsOf(news: string): readonly string[] {
    return [...(this.fragments.get(news) ?? [])];
  }

  /** The news file of a towncrier fragment: a `.rst` file in the `directory` of the nearest `[tool.towncrier]`. */
  private newsFileOf(uri: string): string | undefined {
    if (!/\.rst$/i.test(uri)) return undefined;
    const found = this.upward(this.newsCache, dirOf(uri), (dir, inputs) => {
      for (const name of ['towncrier.toml', 'pyproject.toml']) {
        inputs.add(dir + name);
        const text = this.files.readFile(dir + name);
        const config = text === undefined ? undefined : towncrierConfig(text);
        if (config?.directory) return { value: { news: joinUriPath(dir, config.filename), fragments: joinUriPath(dir, config.directory) + '/' } };
        if (config) return { value: undefined };
      }
      return (above) => above;
    }).value;
    if (!found || !uri.startsWith(found.fragments) || found.news === uri) return undefined;
    let set = this.fragments.get(found.news);
    if (!set) this.fragments.set(found.news, (set = new Set()));
    if (set.size < 10000) set.add(uri);
    return found.news;
  }

  /** The folder Sphinx reads a document's project from (its source folder): the project's root, else the conf.py folder. */
  sourceDir(uri: string): string | undefined {
    return this.project(uri)?.root ?? this.files.sourceDir(uri);
  }

  /** The project of the conf.py above a document, read once and kept until one of its inputs changes. */
  private confProject(uri: string): SphinxProject | undefined {
    const root = this.files.sourceDir(uri);
    if (!root) return undefined;
    const hit = this.cache.get(root);
    if (hit) return hit.project;
    const inputs = new Set<string>();
    let project: SphinxProject | undefined;
    try {
      project = this.read(root, inputs);
    } catch (e) {
      // Reading a project never takes the server down: the documents are checked as if it had no conf.py.
      this.log(`could not read the Sphinx project at ${root}: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.cache.set(root, { project, inputs });
    return project;
  }

  /** The `[tool.ha-guide]` settings that apply to a document (with or without conf.py). */
  tool(uri: string): { tool?: ToolConfig; uri?: string; nearest?: string } {
    return this.toolAt(this.files.sourceDir(uri) ?? dirOf(uri)).value ?? {};
  }

  /**
   * doc8's configuration for a document, when its project runs doc8: read from the nearest folder above it
   * that has doc8's configuration (`[doc8]` in doc8.ini, tox.ini, pep8.ini or setup.cfg, `[tool.doc8]` in
   * pyproject.toml, the first of them doc8 finds), a tox.ini that runs doc8 or a `.pre-commit-config.yaml` with
   * its hook (then doc8's defaults); with who runs it (`Doc8Config.toxRuns`, `hook`: `doc8Run` decides per file).
   */
  doc8(uri: string): Doc8Config | undefined {
    return this.doc8At(dirOf(uri)).value;
  }

  /**
   * Whether a file is reached from `root` through a folder that is a symbolic link: doc8 walks folders as
   * `os.walk` does, without following such links (sahara-specs' `doc/source/specs -> ../../specs`).
   */
  throughLinkedFolder(root: string, uri: string): boolean {
    if (!this.files.isLinkedFolder || !uri.startsWith(root)) return false;
    for (let at = uri.indexOf('/', root.length); at >= 0; at = uri.indexOf('/', at + 1)) if (this.files.isLinkedFolder(uri.slice(0, at + 1))) return true;
    return false;
  }

  /**
   * Whether pre-commit hands its hooks the file: git tracks it at that path as a file, neither a symbolic link
   * (pre-commit's `identify` tags a link `symlink` only, which a hook's `types: [file]`, its default, or sphinx-lint's
   * `types: [rst]` never take: cyborg's `doc/source/contributor/grenade-upgrade.rst -> ../../../devstack/upgrade/README.rst`)
   * nor under a folder that is one (git holds the link, not the files it leads to).
   */
  handedToHooks(root: string, uri: string): boolean {
    return !this.throughLinkedFolder(root, uri) && !(this.files.isLinkedFolder?.(uri) ?? false);
  }

  /** doc8's configuration found at or above a folder ({@link upward}). */
  private doc8At(folder: string): Upward<Doc8Config> {
    return this.upward(this.doc8Cache, folder, (dir, inputs) => {
      // The paths tox.ini's doc8 commands name bound the files doc8 reads, whichever file configures it.
      inputs.add(dir + 'tox.ini');
      const tox = this.files.readFile(dir + 'tox.ini');
      const paths = tox !== undefined ? toxDoc8Paths(tox) : undefined;
      const toxRuns = tox !== undefined && toxRunsDoc8(tox);
      const toxCommands = tox !== undefined ? toxDoc8Commands(tox) : undefined;
      // Who runs it: tox, and the repository's pre-commit hook (whose patterns choose its files).
      const preCommit = this.preCommitAt(dir);
      for (const u of preCommit.inputs) inputs.add(u);
      const runs = (config: Doc8Config) => ({ value: { ...config, paths, toxRuns, toxCommands, hook: preCommit.value?.doc8 } });
      for (const name of DOC8_CONFIG_FILES) {
        const uri = dir + name;
        inputs.add(uri);
        const text = name === 'tox.ini' ? tox : this.files.readFile(uri);
        if (text === undefined) continue;
        const config = readDoc8Config(name, text, dir);
        if (config) return runs(config);
      }
      // A hook of the configuration in this folder runs doc8 with its defaults here, as pre-commit does.
      if (toxRuns || (preCommit.value?.root === dir && preCommit.value.doc8 !== undefined)) return runs(defaultDoc8Config(dir));
      return (above) => above;
    });
  }

  /**
   * sphinx-lint's configuration for a document, when its repository runs sphinx-lint: the hook of the nearest
   * `.pre-commit-config.yaml` above it (a configuration without the hook means the project does not run it).
   */
  sphinxLint(uri: string): SphinxLintConfig | undefined {
    return this.preCommitAt(dirOf(uri)).value?.sphinxLint;
  }

  /** The hooks of the nearest `.pre-commit-config.yaml` whose checks we make, per folder ({@link upward}). */
  private preCommitAt(folder: string): Upward<PreCommitHooks> {
    return this.upward(this.preCommitCache, folder, (dir, inputs) => {
      const file = dir + '.pre-commit-config.yaml';
      inputs.add(file);
      const text = this.files.readFile(file);
      if (text === undefined) return (above) => above;
      const config = parsePreCommitConfig(text);
      return { value: { root: dir, sphinxLint: readPreCommitSphinxLint(config, dir, file), doc8: preCommitHook(config, dir, file, 'doc8', /doc8/i) } };
    });
  }

  /**
   * An answer found at or above a folder, kept per folder, so that the documents of a tree share their folders'
   * answers and each folder's files are looked for once (a tree's 284 documents in 150 folders: 6 names in each
   * folder up to the root once, not once per document folder and level). `here` reads the folder's own files,
   * adding each to `inputs`, and gives the folder's answer, or a function of the parent's answer. A folder's
   * inputs are its own and all of its parent's: a change to a file above drops the answers below.
   */
  private upward<T>(cache: Map<string, Upward<T>>, folder: string, here: (dir: string, inputs: Set<string>) => { value: T | undefined } | ((above: T | undefined) => T | undefined)): Upward<T> {
    const dir = folder.endsWith('/') ? folder : folder + '/';
    const kept = cache.get(dir);
    if (kept) return kept;
    const inputs = new Set<string>();
    const own = here(dir, inputs);
    let hit: Upward<T>;
    if (typeof own !== 'function') hit = { value: own.value, inputs };
    else {
      const parent = parentOf(dir);
      const above = parent ? this.upward(cache, parent, here) : undefined;
      if (above) for (const u of above.inputs) inputs.add(u);
      hit = { value: own(above?.value), inputs };
    }
    cache.set(dir, hit);
    return hit;
  }

  /**
   * A file changed, was created or deleted: drop what was read from it. Without a URI, drop everything.
   * Returns true when something was dropped.
   */
  invalidate(uri?: string): boolean {
    let dropped = false;
    for (const [folder, c] of this.galleryCache) {
      if (uri === undefined || c.inputs.has(uri)) {
        this.galleryCache.delete(folder);
        dropped = true;
      }
    }
    for (const [root, c] of this.cache) {
      if (uri === undefined || c.inputs.has(uri) || (uri.endsWith('/conf.py') && uri.startsWith(root.slice(0, -1)))) {
        this.cache.delete(root);
        dropped = true;
      }
    }
    for (const [start, c] of this.toolCache) {
      if (uri === undefined || c.inputs.has(uri)) {
        this.toolCache.delete(start);
        dropped = true;
      }
    }
    for (const [start, c] of this.doc8Cache) {
      if (uri === undefined || c.inputs.has(uri)) {
        this.doc8Cache.delete(start);
        dropped = true;
      }
    }
    for (const [start, c] of this.preCommitCache) {
      if (uri === undefined || c.inputs.has(uri)) {
        this.preCommitCache.delete(start);
        dropped = true;
      }
    }
    for (const [start, c] of this.newsCache) {
      if (uri === undefined || c.inputs.has(uri)) {
        this.newsCache.delete(start);
        dropped = true;
      }
    }
    // A new conf.py changes which folder a document belongs to: the caller resets its sourceDir cache.
    if (uri?.endsWith('/conf.py')) {
      this.cache.clear();
      this.toolCache.clear();
      dropped = true;
    }
    if (dropped) this.generation++;
    return dropped;
  }

  /** What could not be read statically in a file (a conf.py or an extension module), over every project read. */
  notesFor(uri: string): ProjectNote[] {
    return this.projects().flatMap((p) => p.notes.filter((n) => n.uri === uri));
  }

  /** Every project read so far. */
  projects(): SphinxProject[] {
    return [...this.cache.values()].map((c) => c.project).filter((p): p is SphinxProject => !!p);
  }

  /**
   * The folder Sphinx runs conf.py in (it changes into the folder of the conf.py it reads): conf.py's own; but a
   * conf.py above the source folder (a `-c` build, see `sourceBelow`) that the conf.py of the folders right below
   * it runs as its own code, `exec(open('../conf.py').read())` (tarantool's `html/conf.py`, `pdf/conf.py`, ...,
   * each the `-c` folder of one of its builds), runs in such a folder: its relative paths
   * (`open('../prolog.rst')` for `rst_prolog`, `sys.path.insert(0, os.path.abspath('..'))`) start there, the
   * first by name where several do.
   */
  private runFolder(confDir: string, root: string, inputs: Set<string>): string {
    if (confDir === root || !this.files.listDir) return confDir;
    const folders = (this.files.listDir(confDir) ?? []).filter((e) => e.folder && !e.name.startsWith('.')).map((e) => e.name);
    for (const name of folders.sort().slice(0, 64)) {
      const uri = confDir + encodeURIComponent(name) + '/conf.py';
      inputs.add(uri);
      const text = this.files.readFile(uri);
      if (text !== undefined && EXECS_PARENT_CONF.test(text)) return confDir + encodeURIComponent(name) + '/';
    }
    return confDir;
  }

  private read(root: string, inputs: Set<string>): SphinxProject | undefined {
    // conf.py's folder: the source folder's own, or the one above it a `-c` build reads conf.py from. conf.py
    // runs there (Sphinx changes into it), so the files it reads and its local modules are found from there.
    const confDir = this.files.confDir?.(root) ?? root;
    const confUri = confDir + 'conf.py';
    inputs.add(confUri);
    // Where conf.py runs: its paths (the files it reads, its sys.path entries) start there.
    const runDir = this.runFolder(confDir, root, inputs);
    // A folder without conf.py whose CMakeLists.txt configures one from a template (`cmakeConfigured`): the build
    // runs the configured copy in CMake's binary folder, where the other files CMake configures (local extensions
    // on conf.py's sys.path) are the template's copies too, even where the source folder holds a file of that name.
    // So does a Meson build whose meson.build configures conf.py (`mesonConfigured`: libcamera's Documentation).
    inputs.add(confDir + 'CMakeLists.txt');
    inputs.add(confDir + 'meson.build');
    const missing = this.files.readFile(confUri) === undefined;
    const cmake = missing ? cmakeConfigured(confDir, (u) => this.files.readFile(u)) : undefined;
    const meson = missing && this.files.readFile(confDir + 'CMakeLists.txt') === undefined ? mesonConfigured(confDir, (u) => this.files.readFile(u)) : undefined;
    const configured = cmake ?? meson?.files;
    // The folders the template's `@VAR@` name (`folderVariables`: its own folder, the project's, CMake's `set`s),
    // from the CMakeLists.txt of its folder and of those above it; Meson's, from the configuration's values.
    const folderValues = cmake
      ? folderVariables(confDir, this.files.readFile(confDir + 'CMakeLists.txt') ?? '', (u) => {
          inputs.add(u);
          return this.files.readFile(u);
        })
      : meson?.values;
    /** The file the build reads for one named relative to conf.py's folder (a configured one's template), and its text. */
    const builtFile = (uri: string): { uri: string; text: string } | undefined => {
      const made = configured && uri.startsWith(confDir) ? configured.get(safeDecode(uri.slice(confDir.length))) : undefined;
      if (made) {
        inputs.add(made.template);
        const template = this.files.readFile(made.template);
        if (template !== undefined) return { uri: made.template, text: configuredText(template, made.atOnly, pythonStringRanges, folderValues) };
      }
      const text = this.files.readFile(uri);
      return text === undefined ? undefined : { uri, text };
    };
    const readBuilt = (uri: string) => builtFile(uri)?.text;
    const text = readBuilt(confUri);
    if (text === undefined) return undefined;
    // A module of the project that conf.py takes its settings from (`from shared_conf import *`) is read with it.
    // So is a file it reads (bokeh's `rst_epilog = open("rst_epilog.txt").read()`, hypothesis's
    // `(Path(__file__).parent / "prolog.rst").read_text()`): Sphinx runs conf.py in its folder.
    const readText = (rel: string) => {
      if (rel.startsWith('/')) return undefined;
      const uri = joinUri(runDir, rel);
      inputs.add(uri);
      return readBuilt(uri);
    };
    const conf = readConfPy(text, (module, sysPath) => this.findLocalExtension(runDir, [...sysPath], module, inputs, builtFile)?.text, readText);
    const notes: ProjectNote[] = conf.unevaluated.map((u) => ({ uri: confUri, line: u.line, message: u.message }));
    const providers = new Map<string, Provenance>();
    const directives: (Partial<DirectiveSpec> & { name: string; addsOptions?: boolean })[] = [];
    const roles: string[] = [];
    const addDirective = (d: Partial<DirectiveSpec> & { name: string; addsOptions?: boolean }, from: Provenance) => {
      directives.push(d);
      if (!providers.has('directive:' + d.name)) providers.set('directive:' + d.name, from);
    };
    const addRole = (name: string, from: Provenance) => {
      roles.push(name);
      if (!providers.has('role:' + name)) providers.set('role:' + name, from);
    };
    /** The extension modules loaded: conf.py's `extensions`, then those loaded by `setup_extension` (each once). */
    const modules: string[] = [];
    const unnamedRegistrations: SphinxProject['unnamedRegistrations'] = [];
    const toctreeDirectives = new Set<string>();
    /** Whether a loaded extension's toctree reads `:tags: entry` (`ExtensionInfo.toctreeTagFilter`). */
    let toctreeTagFilter = false;
    /** What a loaded extension does to each document's text before it is parsed, and whether its `only` reads eagerly. */
    let sourceRead: ExtensionInfo['sourceRead'];
    let eagerOnly = false;
    /** Directives that include a file as `include` does: the option naming it, or undefined for the first argument. */
    const includeDirectives = new Map<string, string | undefined>();
    const register = (regs: AppRegistration[], from: Omit<Provenance, 'line'>) => {
      for (const r of regs) {
        const at = { ...from, line: r.line };
        switch (r.kind) {
          case 'unnamed-directive':
          case 'unnamed-role':
            unnamedRegistrations.push({ kind: r.kind === 'unnamed-directive' ? 'directive' : 'role', expression: r.name, source: from.source, line: r.line });
            break;
          case 'directive':
          case 'directive-to-domain':
          case 'domain-directive':
            // A class that parses its content as RST (an object description, `nested_parse(self.content, ...)`):
            // that content is checked; any other local directive's content is not read.
            addDirective({ name: r.name, ...(r.content ? { body: 'rst' as const, ...(r.content === 'rst-titles' ? { titles: true } : {}) } : {}) }, at);
            if (r.toctree) toctreeDirectives.add(r.name);
            if (r.includes) includeDirectives.set(r.name, undefined);
            break;
          case 'role':
          case 'generic-role':
          case 'role-to-domain':
          case 'domain-role':
            addRole(r.name, at);
            break;
          case 'object-type':
          case 'crossref-type':
            // add_object_type: Sphinx's GenericObject, one signature and RST content that may hold titles (an
            // object description); add_crossref_type: its Target, one argument and no content. The role
            // cross-references it.
            if (r.kind === 'object-type') addDirective({ name: r.name, required: 1, optional: 0, finalWhitespace: true, content: 'optional', body: 'rst', titles: true }, at);
            else addDirective({ name: r.name, required: 1, optional: 0, finalWhitespace: true, content: 'none', body: 'none' }, at);
            addRole(r.name, at);
            break;
          case 'extension':
            if (!modules.includes(r.name)) modules.push(r.name);
            break;
          default:
            break;
        }
      }
    };
    // A directive class conf.py loads from a file by path and registers under its `name` (tox's `conf`).
    const loaded = loadedDirectives(text, conf.registrations, readText);
    register(
      conf.registrations.filter((r) => !loaded.some((l) => l.registration.line === r.line && r.kind === 'unnamed-directive')),
      { source: 'conf.py', uri: confUri },
    );
    for (const l of loaded) register([l.registration], { source: l.path, uri: joinUri(runDir, l.path) });
    for (const key of conf.extlinks) addRole(key, { source: 'extlinks in conf.py', uri: confUri });

    /** A local extension whose `source-read` handler renders documents through Jinja (nest's `extract_api_functions`). */
    let jinjaLocal: string | undefined;
    const knownExtensions: string[] = [];
    const unknownExtensions: string[] = [];
    const localExtensions: { module: string; uri: string }[] = [];
    /** The file types (source_suffix values) of local source parsers with an RFC 2822 header. */
    const rfc2822Types = new Set<string>();
    const generatedFiles = new Set<string>();
    /** What the Makefile's `clean` removes: paths (relative to the Makefile's folder) the build makes. */
    const cleanedPaths: { dir: string; re: RegExp }[] = [];
    /** Files the build writes as the text of another file (`GeneratedOutput.madeFrom`): written -> source. */
    const madeFrom = new Map<string, string>();
    const generatedFolders: string[] = [];
    /** Substitutions known extensions add to rst_epilog, and the documents they mark orphan. */
    const extensionSubstitutions: string[] = [];
    const orphanDocuments = new Set<string>();
    const extensionLabels: ExtensionLabels[] = [];
    const rolePrefixes: string[] = [];
    const generatedSuffixes: string[] = [];
    let sectionLabels: 'title' | 'docname' | undefined;
    /** Document names a local extension (or a script it runs) may write during the build, with who writes them. */
    const writtenDocuments = new Map<string, string>();
    /** Files the project's code writes through pathlib, by name (`*` for what an f-string computes). */
    const writtenFiles = new Set<string>();
    /** Document names with placeholders a module writes (`api-*`, from kivy's `'api-%s.rst' % package`). */
    const writtenPatterns = new Map<string, { who: string; re: RegExp }>();
    /** Local extensions that write files or run programs and name no document (see `SphinxProject.buildWriters`). */
    const buildWriters: string[] = [];
    /** Pygments lexer names added (`SphinxProject.lexers`), and whether some name added is computed. */
    const lexersAdded: string[] = [];
    let lexersComputed = false;
    const noteLexers = (code: string) => {
      const found = addedLexers(code);
      lexersAdded.push(...found.names);
      if (found.computed) lexersComputed = true;
    };
    noteLexers(text);
    /** Directives whose code may write titles and targets (see `SphinxProject.targetWriters`). */
    const targetWriters = new Set<string>();
    /** See `SphinxProject.labelModules`. */
    const labelModules: string[] = [];
    const noteLabelModule = (module: string, text: string, regs: readonly AppRegistration[]) => {
      if (ADDS_LABELS.test(text) && !regs.some((r) => r.kind === 'directive' || r.kind === 'domain-directive' || r.kind === 'directive-to-domain')) labelModules.push(module);
    };
    for (const l of loaded) if (WRITES_TARGETS.test(l.text)) targetWriters.add(l.registration.name);
    const WRITES_OPTIONS = /option::|Cmdoption|add_program_option|progoptions|option_desc_re/;
    /** See `SphinxProject.optionsWritten`. */
    let optionsWritten = !WRITES_OPTIONS.test(text);
    /**
     * What a module writes during the build: when it writes files, the documents its literals name, and those
     * named by the values conf.py gives the config values it declares (`redfish_interop_source =
     * '.../Profile.v1_2_0.json'`); with `followScripts`, the same for the scripts it runs, found from the
     * folders a build runs in (the conf.py folder and up to three above it). What the build computes stays
     * unknown: only these names count as written. `kind`: a Python module, a shell script, or conf.py itself,
     * whose own literals and programs say nothing (its literal writes are `conf.writes`; it often runs
     * `git describe` only to read). Returns how many document names it gave, its scripts' included.
     */
    const noteWrites = (who: string, text: string, configNames: string[], followScripts: boolean, kind: 'module' | 'shell' | 'conf' = 'module'): number => {
      const w = kind === 'shell' ? shellWrites(text, conf.sourceSuffix) : moduleWrites(text, conf.sourceSuffix);
      let named = 0;
      const add = (stem: string) => {
        named++;
        if (!writtenDocuments.has(stem)) writtenDocuments.set(stem, who);
      };
      for (const f of w.files) writtenFiles.add(f);
      // The folders it writes into under computed names, from the folder it runs in (Sphinx runs conf.py, and
      // what it runs, in conf.py's folder).
      for (const f of w.folders) {
        const target = joinUri(root, f + '/');
        if (target.startsWith(root) && target !== root) generatedFolders.push(target);
      }
      if (w.writes && kind !== 'conf') {
        for (const d of w.documents) add(d);
        for (const d of w.documentPatterns) {
          named++;
          if (!writtenPatterns.has(d)) writtenPatterns.set(d, { who, re: new RegExp(`^${d.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`) });
        }
        for (const name of configNames) {
          for (const v of configValues(conf.values[name], undefined)) {
            const file = v.slice(v.lastIndexOf('/') + 1);
            const stem = file.includes('.') ? file.slice(0, file.lastIndexOf('.')) : file;
            if (stem) add(stem);
          }
        }
      }
      if (!followScripts) return named;
      for (const script of w.scripts.slice(0, 8)) {
        for (let dir: string | undefined = root, up = 0; dir && up < 4; dir = parentOf(dir), up++) {
          const scriptUri = joinUri(dir, script.replace(/^(\.\/)+/, ''));
          inputs.add(scriptUri);
          const scriptText = this.files.readFile(scriptUri);
          if (scriptText === undefined) continue;
          named += noteWrites(`${who} (through ${script})`, scriptText, [], false, script.endsWith('.sh') ? 'shell' : 'module');
          break;
        }
      }
      // Code that writes or runs something, and names no document, or writes files it names whole but for the
      // suffix (pylint's message pages, `f"{message.name}.rst"`): what it writes is not known at all.
      if (((kind !== 'conf' && ((w.writes && !w.otherFilesOnly) || w.runs) && !named) || w.unnamed) && !buildWriters.includes(who)) buildWriters.push(who);
      return named;
    };
    // The scripts conf.py itself runs (tempest's builder-inited hook writes plugins/plugin-registry.rst with a
    // shell script). conf.py often runs programs only to read (`git describe`): that alone makes nothing unknown.
    noteWrites('conf.py', text, [], true, 'conf');
    // Code conf.py runs as its own (python-heatclient's `exec(open(os.path.join("ext", "gen_ref.py")).read())`
    // writes the reference pages its toctree names).
    // So is a script it runs with `runpy.run_path` (arcade's `run_util("create_resources_listing.py")`).
    for (const rel of [...new Set([...execedFiles(text), ...conf.runPaths])].slice(0, 8)) {
      const uri = joinUri(runDir, rel);
      inputs.add(uri);
      const code = readBuilt(uri);
      if (code !== undefined) noteWrites(`conf.py (through ${rel})`, code, [], true);
    }
    // A module of the project conf.py imports runs when imported: kivy's `import autobuild` writes the
    // `api-*.rst` pages its toctrees name (an extension module is read as one below).
    let importedLocal = 0;
    for (const name of importedModules(text)) {
      if (importedLocal >= 8) break;
      if (conf.extensions.includes(name)) continue;
      const local = this.findLocalExtension(runDir, conf.sysPath, name, inputs, builtFile);
      if (!local) continue;
      importedLocal++;
      noteWrites(`conf.py (through import ${name})`, local.text, [], false);
    }
    // The scripts the tox environment that builds these documents runs first (pluggy's docs environment writes
    // the changelog draft its CHANGELOG.rst includes, then runs sphinx-build).
    const tox = this.findAbove(root, 'tox.ini', 4, inputs);
    if (tox) {
      const before = beforeDocs(tox.text, safeDecode(root.slice(tox.dir.length)).replace(/\/+$/, '') || '.');
      // The folder sphinx-apidoc writes into before the build (neutron-tempest-plugin's `sphinx-apidoc -o doc/source/tests`).
      for (const rel of before.apidocOutputs) {
        const target = joinUri(tox.dir, rel);
        if (target.startsWith(root) && target !== root) generatedFolders.push(target + '/');
      }
      for (const script of before.scripts.slice(0, 8)) {
        const scriptUri = joinUri(tox.dir, script);
        inputs.add(scriptUri);
        const scriptText = this.files.readFile(scriptUri);
        if (scriptText !== undefined) noteWrites(`tox.ini (through ${script})`, scriptText, [], false);
      }
    }
    // A file git ignores cannot be in a checkout: one a document names that is missing is an output of the build
    // (bareos ignores `docs/manuals/source/include/autogenerated/*.rst.inc`, which its CMake step writes before
    // Sphinx runs). The .gitignore files of the source folder and of the folders above it, six at most.
    const ignored: { dir: string; test: (rel: string) => boolean }[] = [];
    for (let dir: string | undefined = root, up = 0; dir && up < 6; dir = parentOf(dir), up++) {
      inputs.add(dir + '.gitignore');
      const rules = this.files.readFile(dir + '.gitignore');
      if (rules === undefined) continue;
      const matcher = ignore().add(rules);
      ignored.push({
        dir,
        test: (rel) => {
          try {
            return matcher.ignores(rel);
          } catch {
            return false; // a path the matcher does not take as relative (it throws): not ignored
          }
        },
      });
    }
    // What `make html` makes first, with the Makefile beside conf.py or in a folder above it (IPython's
    // docs/Makefile: `autogen_config.py` writes source/config/options/config-generated.txt; python/devguide's
    // runs `_tools/generate_release_cycle.py` for the tables and images versions.rst reads): the files its targets
    // are exist, and the scripts its recipes run are read for what they write.
    const make = this.findAbove(root, 'Makefile', 2, inputs);
    if (make) {
      const before = beforeHtml(make.text);
      for (const rel of before.files) {
        const target = joinUri(make.dir, rel);
        if (target.startsWith(make.dir)) generatedFiles.add(target);
      }
      for (const rel of before.folders) {
        const target = joinUri(make.dir, rel + '/');
        if (target.startsWith(root) && target !== root) generatedFolders.push(target);
      }
      // What `make clean` removes is an output of some step of the build (nilearn's `rm -rf
      // modules/generated_reports/*.html`, reports its CI writes before `make html`): such a file counts as existing.
      for (const rel of before.cleaned) {
        const glob = rel.replace(/\/+$/, '');
        const body = glob.split('/').map((part) => (part === '**' ? '.*' : part.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))).join('/');
        cleanedPaths.push({ dir: make.dir, re: new RegExp(`^${body}${rel.endsWith('/') || !/\.[^/]*$/.test(glob) ? '(?:/.*)?' : ''}$`) });
      }
      for (const script of before.scripts.slice(0, 8)) {
        const scriptUri = joinUri(make.dir, script);
        inputs.add(scriptUri);
        const scriptText = this.files.readFile(scriptUri);
        if (scriptText === undefined) continue;
        noteWrites(`Makefile (through ${script})`, scriptText, [], false);
        // A template the recipe hands it, where it writes files: the file the template's name names without its
        // template suffix (scikit-image's `skimage2_migration.rst.tpl`, rendered to `skimage2_migration.rst`).
        const templates = before.templates.filter((t) => t.script === script);
        for (const t of templates) inputs.add(joinUri(make.dir, t.template));
        const present = templates.filter((t) => this.files.readFile(joinUri(make.dir, t.template)) !== undefined);
        if (present.length && moduleWrites(scriptText, conf.sourceSuffix).writes) for (const t of present) generatedFiles.add(joinUri(make.dir, t.output));
      }
    }
    // `from esp_docs.conf_docs import *`: a shared configuration module sets the extensions list and intersphinx
    // keys (inside `try:` too: astroquery's `from sphinx_astropy.conf.v1 import *`).
    const starred: string[] = [];
    const intersphinx = new Set(conf.intersphinx);
    for (const m of text.matchAll(STAR_IMPORT)) {
      starred.push(...(confModuleExtensions(m[1]) ?? []));
      for (const key of confModuleIntersphinx(m[1])) intersphinx.add(key);
    }
    // The extensions of conf.py, then those their `setup()` loads (each once, as Sphinx's setup_extension).
    for (const m of [...starred, ...conf.extensions]) if (!modules.includes(m)) modules.push(m);
    for (let m = 0; m < modules.length; m++) {
      const module = modules[m];
      for (const sub of SPHINX_SETUP_EXTENSIONS[module] ?? []) if (!modules.includes(sub)) modules.push(sub);
      const info = extensionInfo(module);
      const local = this.findLocalExtension(runDir, conf.sysPath, module, inputs, builtFile);
      if (local && rendersThroughJinja(local.text)) jinjaLocal = module;
      // An extension no registry knows may be a module of the project's own package, importable where the build
      // runs (gnocchi's `gnocchi.gendoc` writes rest.rst and the configuration sample its documents name): read
      // for what it writes. Its directives and roles count only where its `setup()` is read whole (bokeh's
      // `bokeh.sphinxext.bokeh_plot`: `app.add_directive("bokeh-plot", BokehPlotDirective)`); else they stay
      // unknown: such a package's setup() often registers them through code this reading does not follow
      // (sphinxcontrib-openapi's own documentation).
      const packaged = local || info ? undefined : this.findPackageModule(confDir, module, inputs);
      const packagedRead = packaged && /^def setup\(/m.test(packaged.text) ? readExtensionModule(packaged.text) : undefined;
      if (packaged) {
        // And the modules of the same package it imports (faker's `faker.sphinx.autodoc` calls
        // `faker.sphinx.documentor`'s `write_provider_docs`, which writes providers.rst and locales.rst).
        noteWrites(module, packaged.text, [], true);
        const top = module.split('.')[0];
        const parent = module.split('.').slice(0, packaged.uri.endsWith('/__init__.py') ? undefined : -1).join('.');
        let followed = 0;
        for (const m of packageImports(packaged.text, parent)) {
          if (followed >= 8 || m.split('.')[0] !== top || m === module) continue;
          const imported = this.findPackageModule(confDir, m, inputs);
          if (!imported) continue;
          followed++;
          noteWrites(`${module} (through ${m})`, imported.text, [], true);
        }
        if (packagedRead && packagedRead.unevaluated.length === 0) {
          localExtensions.push({ module, uri: packaged.uri });
          noteLexers(packaged.text);
          register(packagedRead.registrations, { source: module, uri: packaged.uri });
          if (WRITES_OPTIONS.test(packaged.text)) optionsWritten = false;
          noteLabelModule(module, packaged.text, packagedRead.registrations);
          if (WRITES_TARGETS.test(packaged.text)) {
            for (const r of packagedRead.registrations) if (r.kind === 'directive' || r.kind === 'domain-directive' || r.kind === 'directive-to-domain') targetWriters.add(r.name);
          }
          continue;
        }
      }
      if (local) {
        localExtensions.push({ module, uri: local.uri });
        noteLexers(local.text);
        const read = readExtensionModule(local.text);
        register(read.registrations, { source: module, uri: local.uri });
        for (const [name, option] of documenterOptions(local.text)) addDirective({ name, options: { [option]: 'unchanged' }, addsOptions: true }, { source: module, uri: local.uri });
        for (const t of rfc2822ParserTypes(local.text, (m) => this.findLocalExtension(runDir, conf.sysPath, m, inputs, builtFile)?.text)) rfc2822Types.add(t);
        if (WRITES_OPTIONS.test(local.text)) optionsWritten = false;
        noteLabelModule(module, local.text, read.registrations);
        for (const u of read.unevaluated) notes.push({ uri: local.uri, line: u.line, message: u.message });
        // Directives of a module that may write titles and targets (`WRITES_TARGETS`), as a directive of its domain.
        if (WRITES_TARGETS.test(local.text)) {
          for (const r of read.registrations) if (r.kind === 'directive' || r.kind === 'domain-directive' || r.kind === 'directive-to-domain') targetWriters.add(r.name);
        }
        // A setup() that hands the app to code this reading cannot follow (bind9's `namedconf` returns
        // `iscconf.setup(app, "namedconf", ...)`, a module of its own that builds the domain) registers what is not
        // known: its directives and roles are unknowable, as an unknown extension's.
        if (!info && read.unevaluated.some((u) => u.message.startsWith('cannot follow')) && !unknownExtensions.includes(module)) {
          unknownExtensions.push(module);
          optionsWritten = false;
        }
        const configNames = read.registrations.filter((r) => r.kind === 'config-value').map((r) => r.name);
        noteWrites(module, local.text, configNames, true);
        // The project's own copy of a known extension (breathe's documentation loads the breathe package of its
        // repository), whose setup() calls code this reading cannot follow: what the registry read from the
        // extension's source counts too.
        if (!info || !read.unevaluated.some((u) => u.message.startsWith('cannot follow'))) continue;
      }
      if (info) {
        knownExtensions.push(module);
        if (!module.startsWith('sphinx.ext.')) optionsWritten = false;
        for (const sub of info.setupExtensions ?? []) if (!modules.includes(sub)) modules.push(sub);
        if (info.intersphinx) {
          const { always = [], enableConfig, disableConfig } = info.intersphinx;
          const disabled = new Set(disableConfig ? configValues(conf.values[disableConfig], undefined) : []);
          const enabled = enableConfig ? configValues(conf.values[enableConfig], undefined) : [];
          for (const key of [...always, ...enabled]) if (!disabled.has(key)) intersphinx.add(key);
        }
        for (const d of info.directives) {
          addDirective({ ...d }, { source: module });
          if (d.includeOption) includeDirectives.set(d.name, d.includeOption);
        }
        for (const r of info.roles) addRole(r, { source: module });
        for (const name of info.substitutions ?? []) extensionSubstitutions.push(name);
        for (const prefix of info.labelPrefixes ?? []) extensionLabels.push({ prefix: prefix.toLowerCase(), module });
        if (info.toctreeTagFilter) toctreeTagFilter = true;
        sourceRead ??= info.sourceRead;
        if (info.eagerOnly) eagerOnly = true;
        if (info.rendersTemplates) for (const l of this.templateLabels(confDir, conf.templatesPath, inputs)) extensionLabels.push({ ...l, module });
        lexersAdded.push(...(info.lexers ?? []));
        for (const o of info.orphans ?? []) for (const v of configValues(conf.values[o.config], o.default)) orphanDocuments.add(v);
        rolePrefixes.push(...(info.rolePrefixes ?? []));
        // Names made from config values: openstackdocstheme's `<project>-doc` role per openstackdocs_projects entry.
        for (const c of info.configNames ?? []) {
          for (const v of configValues(conf.values[c.config], c.default, c.key)) {
            const name = c.pattern.replace(/\{value\}/g, v);
            if (c.kind === 'role') addRole(name, { source: module });
            else addDirective({ name }, { source: module });
          }
        }
        for (const g of info.generates) {
          if (g.kind === 'label') {
            const value = conf.values[g.config];
            const on = value === undefined ? g.defaultBool : !!value && typeof value !== 'object';
            if ((g.when === 'true' && on) || (g.when === 'false' && !on)) sectionLabels = g.pattern.includes('{docname}') ? 'docname' : 'title';
            continue;
          }
          if (g.relativeTo !== 'srcdir' && g.relativeTo !== 'confdir') continue;
          if (g.when === 'string' && typeof conf.values[g.config] !== 'string') continue;
          if (/\{(?!(?:value|stem|suffix)\})/.test(g.pattern)) continue; // names supplied by the build ({docname}, {entry})
          if (hasUnknown(keyedValue(conf.values[g.config], g.key))) {
            // conf.py computes the value (a comprehension, a function): any file of the project named like
            // the output (`*.conf.sample`) may be generated.
            const suffix = g.pattern.slice(g.pattern.lastIndexOf('{value}') + '{value}'.length);
            if (g.kind === 'file' && suffix.length > 1) generatedSuffixes.push(suffix);
            continue;
          }
          for (const v of configValues(conf.values[g.config], g.default, g.key)) {
            const target = joinUri(root, nameFromValue(g.pattern, v));
            if (g.madeFrom) madeFrom.set(target, joinUri(root, nameFromValue(g.madeFrom, v)));
            if (g.kind === 'file') generatedFiles.add(target);
            else if (g.kind === 'document') generatedFiles.add(target.endsWith('.rst') ? target : target + '.rst');
            else if (g.kind === 'folder') generatedFolders.push(target.endsWith('/') ? target : target + '/');
          }
        }
        continue;
      }
      if (BUILTIN_PREFIXES.some((p) => module.startsWith(p))) {
        knownExtensions.push(module);
        continue;
      }
      unknownExtensions.push(module);
      optionsWritten = false;
    }
    // `extensions` imported from a module this reading does not find (lmfit's `from extensions import extensions`,
    // a module its Makefile writes): any extension may be listed there.
    const importedFrom = conf.values['extensions'] === undefined ? /^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(?:[^#\n]*,[ \t]*)?extensions\b/m.exec(text)?.[1] : undefined;
    if (importedFrom !== undefined && !unknownExtensions.includes(importedFrom)) {
      unknownExtensions.push(importedFrom);
      optionsWritten = false;
    }
    // Settings conf.py takes from code it cannot read may list extensions: celery's
    // `globals().update(conf.build_config(...))` (sphinx_celery) and a star import of a module nobody knows.
    // Their directives and roles are then unknowable, as those of an unknown extension.
    const computedPrelude = [...conf.computedPrelude];
    for (const module of opaqueConfigSources(text, conf.namespaceUpdates, conf.starImported)) {
      if (!unknownExtensions.includes(module) && !modules.includes(module)) unknownExtensions.push(module);
      optionsWritten = false;
      // ... and `rst_prolog` or `rst_epilog`, where conf.py does not set them itself.
      for (const name of ['rst_prolog', 'rst_epilog'] as const) if (conf.values[name] === undefined && !computedPrelude.includes(name)) computedPrelude.push(name);
    }

    for (const m of modules) for (const suffix of EXTENSION_SUFFIXES[m] ?? []) if (!conf.sourceSuffix.includes(suffix)) conf.sourceSuffix.push(suffix);
    // nbsphinx adds a source suffix for each key of `nbsphinx_custom_formats` (`'.pct.py': 'jupytext.reads'`;
    // spatialaudio/nbsphinx src/nbsphinx/__init__.py, `config_inited`).
    if (modules.includes('nbsphinx')) {
      for (const suffix of configValues(conf.values['nbsphinx_custom_formats'], undefined)) if (suffix.startsWith('.') && !conf.sourceSuffix.includes(suffix)) conf.sourceSuffix.push(suffix);
    }
    // sphinx-external-toc builds the toctrees from its site map, `external_toc_path` from the source folder
    // (sphinx_external_toc/events.py, `parse_toc_to_env`): napari's `_toc.yml` lists its api/*.rst pages.
    let externalToc: ExternalToc | undefined;
    if (modules.includes('sphinx_external_toc')) {
      const path = configValues(conf.values['external_toc_path'], '_toc.yml')[0];
      const uri = path !== undefined ? joinUriPath(root, path, { normalize: true }) : undefined;
      if (uri !== undefined) {
        inputs.add(uri);
        const toc = this.files.readFile(uri);
        externalToc = toc !== undefined ? readExternalToc(toc, [...conf.sourceSuffix, '.md', '.ipynb']) : undefined;
      }
    }

    // What conf.py writes itself when the build starts (octavia draws its entity diagram and writes its flow
    // documents from conf.py): a literal path is relative to the conf.py folder, Sphinx's working folder while
    // conf.py runs; one written from the repository (`doc/source/flows` in doc/source/conf.py) is read from there.
    const rootParts = safeDecode(root).replace(/\/+$/, '').split('/');
    for (const w of conf.writes) {
      const parts = w.split('/');
      let k = Math.min(parts.length - 1, rootParts.length - 1);
      while (k > 0 && parts.slice(0, k).join('/') !== rootParts.slice(rootParts.length - k).join('/')) k--;
      const target = joinUri(root, parts.slice(k).join('/'));
      if (!target.startsWith(root) || target === root) continue;
      if (/\.[A-Za-z0-9]{1,8}$/.test(parts[parts.length - 1])) generatedFiles.add(target);
      else generatedFolders.push(target + '/');
    }

    // The folder sphinx-apidoc writes into when conf.py runs it (quart's builder-inited hook calls
    // `apidoc.main([..., "-o", f"{base_path}/reference/source", ...])`): its pages, `modules.rst` among them.
    for (const rel of apidocOutputs(text)) {
      const target = joinUri(root, rel);
      if (target.startsWith(root) && target !== root) generatedFolders.push(target.endsWith('/') ? target : target + '/');
    }

    // pbr (every OpenStack project's packaging) writes ChangeLog and AUTHORS from the git history beside
    // setup.py when the package is installed, as the documentation build does: `.. include:: ../../ChangeLog`.
    const pbrRoot = this.findPbrRoot(root, inputs);
    if (pbrRoot) for (const f of ['ChangeLog', 'AUTHORS']) generatedFiles.add(joinUri(pbrRoot, f));

    // rst_prolog and rst_epilog are part of every document.
    const substitutions = new Set<string>();
    const targets = new Set<string>();
    const customRoles = new Set<string>();
    const prelude = [conf.rstProlog, conf.rstEpilog].filter((t): t is string => !!t).join('\n\n');
    let preludeDoc: RstDocument | undefined;
    if (prelude) {
      const registry = createRegistry([], roles, { directives, roles });
      const doc = (preludeDoc = parseRst(prelude, { registry }));
      // `.. include:: /substitutions.txt` in rst_epilog: a leading `/` is the source folder (and so is a
      // relative path: the prolog stands in every document, whose folders differ).
      const included = collectIncludes(doc, confUri, {
        readFile: (uri) => {
          inputs.add(uri);
          return this.files.readFile(uri);
        },
        resolve: (_from, target) => joinUri(root, target.replace(/^\/+/, '')),
        parse: (_uri, text) => parseRst(text, { registry }),
      });
      for (const t of included.names.targets) targets.add(t);
      for (const t of included.names.substitutions) substitutions.add(t);
      for (const t of included.names.roles) customRoles.add(t);
      for (const b of flatten(doc).blocks) {
        if (b.kind === 'substitutionDef') {
          substitutions.add(b.refname);
          substitutions.add(b.name);
        } else if (b.kind === 'target' && !b.anonymous) targets.add(b.refname);
        else if (b.kind === 'directive' && b.name === 'role') {
          const m = /^([^\s(]+)/.exec(b.argument.trim());
          if (m) customRoles.add(m[1].toLowerCase());
        }
      }
    }
    for (const r of customRoles) addRole(r, { source: 'rst_prolog/rst_epilog in conf.py', uri: confUri });

    const { tool, uri: toolUri, nearest: pyprojectUri } = this.findTool(root, inputs);
    // The news file towncrier writes before the documentation is built (numpy's draft release notes).
    const pyprojectText = pyprojectUri ? this.files.readFile(pyprojectUri) : undefined;
    const news = pyprojectText === undefined ? undefined : towncrierFile(pyprojectText);
    if (news && pyprojectUri) generatedFiles.add(joinUri(dirOf(pyprojectUri), news));
    for (const d of tool?.directives ?? []) addDirective({ name: d }, { source: '[tool.ha-guide] in pyproject.toml', uri: toolUri });
    for (const r of tool?.roles ?? []) addRole(r, { source: '[tool.ha-guide] in pyproject.toml', uri: toolUri });
    for (const s of tool?.substitutions ?? []) substitutions.add(s.toLowerCase()).add(s);
    for (const s of extensionSubstitutions) substitutions.add(s.toLowerCase()).add(s);

    const lang = conf.language ? languageFor(conf.language) : undefined;
    // Whether every extension's own `setup_extension` calls are known: Sphinx's (SPHINX_SETUP_EXTENSIONS), a
    // local one's (read), a third-party one whose entry lists them. Only then are the directives of Sphinx's
    // extensions the project does not load unknown (cinder loads autodoc through sphinxcontrib.apidoc).
    const loadsKnown = modules.every(
      (m) => BUILTIN_PREFIXES.some((p) => m.startsWith(p)) || localExtensions.some((l) => l.module === m) || extensionInfo(m)?.setupExtensions !== undefined,
    );
    const extras: RegistryExtras = {
      directives,
      roles,
      rolePrefixes,
      localDirectives: lang?.directives,
      localRoles: lang?.roles,
      extensions: loadsKnown ? modules : undefined,
      // Sphinx's `primary_domain` is `py` unless conf.py sets another (or None): a directive a local extension adds
      // to the Python domain is known without its prefix (trio's `.. interface::`, `add_directive_to_domain("py", ...)`).
      primaryDomain: conf.values['primary_domain'] === null ? undefined : (conf.primaryDomain ?? 'py'),
      ...(sourceRead === 'idf-target' ? { sourceRead: espTargetSourceRead(idfTarget(conf.values)) } : {}),
      ...(eagerOnly ? { eagerOnly } : {}),
    };
    const excludes = excludeGlobs(conf, tool).map(sphinxPattern);
    const project: SphinxProject = {
      root,
      confUri,
      conf,
      tool,
      toolUri,
      pyprojectUri,
      extras,
      providers,
      knownExtensions,
      unknownExtensions,
      unnamedRegistrations,
      toctreeDirectives,
      ...(toctreeTagFilter ? { toctreeTagFilter } : {}),
      includeDirectives,
      localExtensions,
      rfc2822Suffixes: rfc2822Suffixes(conf.values['source_suffix'], rfc2822Types),
      substitutions,
      targets,
      customRoles,
      intersphinx,
      sectionLabels,
      orphanDocuments,
      ...(externalToc ? { externalToc } : {}),
      extensionLabels,
      galleryLabels: modules.some((m) => m === 'sphinx_gallery.gen_gallery' || m === 'sphinx_gallery') ? this.galleryLabels(root, conf.values['sphinx_gallery_conf'], inputs) : new Map(),
      docstringLabels:
        writtenPatterns.size &&
        // autodoc loaded: listed, loaded by another extension, or set up by a local one (kivy's `autodoc.py`, whose
        // setup() calls `sphinx.ext.autodoc.setup`)
        (modules.some((m) => m === 'sphinx.ext.autodoc' || m === 'sphinx.ext.autosummary') ||
          localExtensions.some((l) => /\bsphinx\.ext\.(?:autodoc|autosummary)\b/.test(this.files.readFile(l.uri) ?? '')))
          ? this.docstringLabels(root, conf.sysPath, [...writtenPatterns.values()][0].who, inputs)
          : new Map(),
      jinjaSourceRead: rendersThroughJinja(text) || jinjaLocal !== undefined,
      notes,
      buildWriters,
      computedPrelude,
      lexers: { added: lexersAdded, unknowable: lexersComputed || unknownExtensions.length > 0 },
      targetWriters,
      labelModules,
      optionsWritten,
      prelude: preludeDoc,
      key: hashKey(JSON.stringify([directives, roles, conf.language ?? '', modules, conf.primaryDomain ?? ''])),
      excluded: excludedUnder(root, excludes),
      excludesComputed: hasUnknown(conf.values['exclude_patterns']),
      substitutionPattern: modules.map((m) => EXTENSION_SUBSTITUTIONS[m]).find((p) => p !== undefined),
      subprojects: modules.includes('multiproject') ? multiprojectFolders(root, conf.values['multiproject_projects']) : undefined,
      madeFrom: (uri) => madeFrom.get(uri),
      generated(uri) {
        if (generatedFiles.has(uri)) return true;
        if (writtenDocuments.size && uri.startsWith(root)) {
          const file = safeDecode(baseName(uri));
          const suffix = conf.sourceSuffix.find((x) => file.endsWith(x));
          if (suffix && writtenDocuments.has(file.slice(0, file.length - suffix.length))) return true;
        }
        if (writtenPatterns.size && uri.startsWith(root)) {
          const file = safeDecode(baseName(uri));
          const suffix = conf.sourceSuffix.find((x) => file.endsWith(x));
          const stem = suffix ? file.slice(0, file.length - suffix.length) : undefined;
          if (stem !== undefined) for (const p of writtenPatterns.values()) if (p.re.test(stem)) return true;
        }
        if (uri.startsWith(root) && generatedSuffixes.some((s) => uri.endsWith(s))) return true;
        if (writtenFiles.size && uri.startsWith(root)) {
          const file = safeDecode(baseName(uri));
          for (const f of writtenFiles) if (f.startsWith('*') ? file.endsWith(f.slice(1)) && file.length > f.length - 1 : file === f) return true;
        }
        if (cleanedPaths.some((c) => uri.startsWith(c.dir) && c.re.test(safeDecode(uri.slice(c.dir.length))))) return true;
        if (ignored.some((g) => uri.startsWith(g.dir) && uri !== g.dir && g.test(safeDecode(uri.slice(g.dir.length))))) return true;
        return generatedFolders.some((f) => uri.startsWith(f) || uri + '/' === f);
      },
      generatedFolders,
      generatedFiles,
      writtenNames: writtenFiles,
    };
    this.log(
      `Sphinx project ${root}: ${knownExtensions.length + localExtensions.length + unknownExtensions.length} extensions; ` +
        `${directives.length} directives and ${roles.length} roles added` +
        (notes.length ? `; ${notes.length} construct(s) not read statically` : ''),
    );
    if (knownExtensions.length) this.log(`  known: ${knownExtensions.join(', ')}`);
    if (localExtensions.length) this.log(`  local: ${localExtensions.map((l) => `${l.module} (${l.uri})`).join(', ')}`);
    if (writtenDocuments.size || writtenPatterns.size) {
      const written = [...[...writtenDocuments].map(([d, who]) => `${d} (${who})`), ...[...writtenPatterns].map(([d, p]) => `${d} (${p.who})`)];
      this.log(`  documents taken as written during the build: ${written.join(', ')}`);
    }
    if (unknownExtensions.length) this.log(`  not known (their directives and roles are information, not errors): ${unknownExtensions.join(', ')}`);
    for (const n of notes) this.log(`  ${baseName(n.uri)}:${n.line + 1}: ${n.message}`);
    return project;
  }

  /**
   * A module of `extensions` that is a Python file of the project, through conf.py's sys.path lines. A name
   * with a hyphen is found too: Sphinx imports with `importlib.import_module`, which finds `bareos-ext.py`.
   */
  private findLocalExtension(root: string, sysPath: string[], module: string, inputs: Set<string>, read?: (uri: string) => { uri: string; text: string } | undefined): { uri: string; text: string } | undefined {
    if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(module)) return undefined;
    const rel = module.split('.').join('/');
    const folders = [...new Set([...sysPath, '.'])];
    for (const folder of folders.slice(0, 32)) {
      const base = joinUri(root, folder === '.' ? '' : folder + '/');
      for (const candidate of [`${rel}.py`, `${rel}/__init__.py`]) {
        const uri = joinUri(base.endsWith('/') ? base : base + '/', candidate);
        inputs.add(uri);
        if (read) {
          const built = read(uri);
          if (built !== undefined) return built;
          continue;
        }
        const text = this.files.readFile(uri);
        if (text !== undefined) return { uri, text };
      }
    }
    return undefined;
  }

  /**
   * A module of the package of the repository that holds a Sphinx project: under the nearest folder at or above
   * it (four levels at most) with setup.py, setup.cfg or pyproject.toml, or under that folder's `src/`.
   */
  private findPackageModule(root: string, module: string, inputs: Set<string>): { uri: string; text: string } | undefined {
    if (!/^[A-Za-z_][\w.]*$/.test(module) || module.startsWith('sphinx.')) return undefined;
    const rel = module.split('.').join('/');
    let dir: string | undefined = root.endsWith('/') ? root : root + '/';
    for (let i = 0; dir && i < 4; i++, dir = parentOf(dir)) {
      const markers = ['setup.py', 'setup.cfg', 'pyproject.toml'].map((f) => dir + f);
      for (const m of markers) inputs.add(m);
      if (!markers.some((m) => this.files.readFile(m) !== undefined)) continue;
      for (const base of [dir, dir + 'src/']) {
        for (const candidate of [`${rel}.py`, `${rel}/__init__.py`]) {
          inputs.add(base + candidate);
          const text = this.files.readFile(base + candidate);
          if (text !== undefined) return { uri: base + candidate, text };
        }
      }
      return undefined;
    }
    return undefined;
  }

  /**
   * The nearest file of that name at or above a folder, `levels` folders at most, with its folder (tox.ini four
   * levels up from a Sphinx project's folder; the Makefile two: docs/source/../Makefile). Each path looked at is
   * an input of the project.
   */
  private findAbove(folder: string, name: string, levels: number, inputs: Set<string>): { dir: string; text: string } | undefined {
    let dir: string | undefined = folder.endsWith('/') ? folder : folder + '/';
    for (let i = 0; dir && i < levels; i++, dir = parentOf(dir)) {
      inputs.add(dir + name);
      const text = this.files.readFile(dir + name);
      if (text !== undefined) return { dir, text };
    }
    return undefined;
  }

  /**
   * The folder of the nearest setup.py that builds with pbr (`pbr=True`), setup.cfg with a `[pbr]` table or
   * pyproject.toml with pbr's build backend, at or above `folder` (four levels at most: doc/source/../.. is the repository).
   */
  private findPbrRoot(folder: string, inputs: Set<string>): string | undefined {
    let dir: string | undefined = folder.endsWith('/') ? folder : folder + '/';
    for (let i = 0; dir && i < 4; i++, dir = parentOf(dir)) {
      const setupPy = dir + 'setup.py';
      const setupCfg = dir + 'setup.cfg';
      const pyproject = dir + 'pyproject.toml';
      inputs.add(setupPy);
      inputs.add(setupCfg);
      inputs.add(pyproject);
      const py = this.files.readFile(setupPy);
      const cfg = this.files.readFile(setupCfg);
      const toml = this.files.readFile(pyproject);
      if ((py !== undefined && /^[^#\n]*\bpbr\s*=\s*True\b/m.test(py)) || (cfg !== undefined && /^\[pbr\]\s*$/m.test(cfg))) return dir;
      // pbr's own build backend (pbr itself builds with it: its ChangeLog and AUTHORS are written as it builds).
      if (toml !== undefined && /^[ \t]*build-backend[ \t]*=[ \t]*(["'])pbr\.build\1/m.test(toml)) return dir;
      if (py !== undefined || cfg !== undefined) return undefined; // the nearest package is not built with pbr
    }
    return undefined;
  }

  /** The nearest pyproject.toml with a `[tool.ha-guide]` table, at or above `folder`; its inputs join `inputs`. */
  private findTool(folder: string, inputs: Set<string>): ToolFound {
    const hit = this.toolAt(folder);
    for (const u of hit.inputs) inputs.add(u);
    return hit.value ?? {};
  }

  /** The `[tool.ha-guide]` table found at or above a folder ({@link upward}), with the nearest pyproject.toml. */
  private toolAt(folder: string): Upward<ToolFound> {
    return this.upward(this.toolCache, folder, (dir, inputs) => {
      const uri = dir + 'pyproject.toml';
      inputs.add(uri);
      const text = this.files.readFile(uri);
      const tool = text === undefined ? undefined : readPyproject(text);
      if (!tool) return (above) => ({ tool: above?.tool, uri: above?.uri, nearest: text !== undefined ? uri : above?.nearest });
      for (const p of tool.problems) this.log(`${uri}:${p.line + 1}:${p.column + 1}: ${p.message}`);
      return { value: { tool, uri, nearest: uri } };
    });
  }
}

/**
 * What Sphinx leaves out of the documents it finds (`BuildEnvironment.find_files`): `exclude_patterns`, the
 * folders of `templates_path` (numpy's autosummary templates are `.rst` files) and the HTML builder's asset
 * folders (`html_static_path`, `html_extra_path`); and `[tool.ha-guide] exclude`.
 */
function excludeGlobs(conf: SphinxConf, tool: ToolConfig | undefined): string[] {
  const folders = [...conf.templatesPath, ...conf.htmlStaticPath, ...configValues(conf.values['html_extra_path'], undefined)];
  return [...conf.excludePatterns, ...SPHINX_EXCLUDE_PATHS, ...folders.map((f) => f.replace(/^\.\//, '').replace(/\/+$/, '')).filter((f) => f && !f.startsWith('..') && !f.startsWith('/')), ...(tool?.exclude ?? [])];
}

/** Where a repository keeps its conf.py, from the repository's folder (pvlib's `docs/sphinx/source`). */
const GALLERY_CONF_FOLDERS = ['', 'doc/', 'docs/', 'doc/source/', 'docs/source/', 'doc/sphinx/', 'docs/sphinx/', 'doc/sphinx/source/', 'docs/sphinx/source/'];

/** The paths Sphinx never reads as documents, whatever `exclude_patterns` says (sphinx/project.py `EXCLUDE_PATHS`). */
const SPHINX_EXCLUDE_PATHS = ['**/_sources', '.#*', '**/.#*', '*.lproj/**'];

/** The docname of a source file (`admin/ha` for `<root>admin/ha.rst`), undefined outside the project or without a source suffix. */
export function docnameOf(project: SphinxProject, uri: string): string | undefined {
  if (!uri.startsWith(project.root)) return undefined;
  const rel = safeDecode(uri.slice(project.root.length));
  const suffix = project.conf.sourceSuffix.find((s) => rel.endsWith(s));
  return suffix ? rel.slice(0, -suffix.length) : undefined;
}

/** Whether Sphinx reads a file of a project as a document: one of its source suffixes, not excluded. */
export function isDocumentOf(project: SphinxProject, uri: string): boolean {
  return uri.startsWith(project.root) && project.conf.sourceSuffix.some((s) => uri.endsWith(s)) && !project.excluded(uri);
}

/** `exclude_patterns` (as regular expressions) applied to the documents under a source folder. */
function excludedUnder(root: string, excludes: RegExp[]): (uri: string) => boolean {
  return (uri) => {
    if (!uri.startsWith(root)) return false;
    const rel = safeDecode(uri.slice(root.length));
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const p = parts.slice(0, i).join('/');
      if (excludes.some((re) => re.test(p))) return true;
    }
    return false;
  };
}

/**
 * sphinx-multiproject's source folders (readthedocs/sphinx-multiproject multiproject/extension.py
 * `_override_srdir`): each key of `multiproject_projects`, or its `path`, under the conf.py folder.
 */
function multiprojectFolders(root: string, value: PyValue | undefined): string[] | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value) || 'unknown' in value) return undefined;
  const out: string[] = [];
  for (const [name, options] of Object.entries(value as Record<string, PyValue>)) {
    const given = options && typeof options === 'object' && !Array.isArray(options) ? (options as Record<string, PyValue>)['path'] : undefined;
    const folder = typeof given === 'string' ? given : name;
    if (folder.startsWith('/')) continue; // an absolute path: outside what is read here
    const uri = joinUri(root, folder);
    out.push(uri.endsWith('/') ? uri : uri + '/');
  }
  return out.length ? out : undefined;
}

const subprojects = new WeakMap<SphinxProject, Map<string, SphinxProject>>();

/** One of sphinx-multiproject's projects: the conf.py's project with that source folder as its root. */
function subproject(project: SphinxProject, folder: string): SphinxProject {
  let kept = subprojects.get(project);
  if (!kept) subprojects.set(project, (kept = new Map()));
  let sub = kept.get(folder);
  if (!sub) {
    const excludes = excludeGlobs(project.conf, project.tool).map(sphinxPattern);
    kept.set(folder, (sub = { ...project, root: folder, excluded: excludedUnder(folder, excludes), subprojects: undefined }));
  }
  return sub;
}

/**
 * The strings a config value names: the value itself, each item of a list, each key of a dict; with `key`,
 * that field (dict key or tuple index) of the value or of each of its items.
 */
/** An output's name (`GeneratedOutput.pattern`) for one value: `{value}`, and its `{stem}` and `{suffix}`. */
function nameFromValue(pattern: string, value: string): string {
  const m = /^(.*?)(\.[^./]*)?$/.exec(value)!;
  return pattern.replace(/\{value\}/g, value).replace(/\{stem\}/g, m[1]).replace(/\{suffix\}/g, m[2] ?? '');
}

function configValues(value: PyValue | undefined, fallback: string | string[] | undefined, key?: string | number): string[] {
  const v: PyValue | undefined = value === undefined ? fallback : value;
  const pick = (x: PyValue): PyValue | undefined => {
    if (key === undefined) return x;
    if (Array.isArray(x)) return typeof key === 'number' ? x[key] : undefined;
    if (x && typeof x === 'object' && !('unknown' in x)) return (x as Record<string, PyValue>)[String(key)];
    return undefined;
  };
  const strings = (x: PyValue | undefined): string[] => (typeof x === 'string' ? [x] : Array.isArray(x) ? x.filter((y): y is string => typeof y === 'string') : []);
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return key === undefined ? [v] : [];
  if (Array.isArray(v)) {
    // A tuple with the key in it (('etc/a.conf', '_static/a') and key 1), or a list of such items.
    const direct = key !== undefined ? pick(v) : undefined;
    if (typeof direct === 'string' && v.every((x) => typeof x === 'string')) return [direct];
    return v.flatMap((x) => strings(pick(x)));
  }
  if (typeof v === 'object' && !('unknown' in v)) {
    if (key === undefined) return Object.keys(v);
    // A dict without the entry: the extension's default for it (imbalanced-learn's sphinx_gallery_conf names
    // no gallery_dirs, so the gallery is written to auto_examples).
    const picked = pick(v);
    return picked === undefined && value !== undefined && fallback !== undefined ? strings(fallback) : strings(picked);
  }
  return [];
}

/**
 * The part of a config value an output is named from: a dict's entry for `key` (networkx's
 * `sphinx_gallery_conf['gallery_dirs']` is known although another entry is computed), else the whole value.
 */
function keyedValue(v: PyValue | undefined, key: string | number | undefined): PyValue | undefined {
  if (key === undefined || !v || typeof v !== 'object' || Array.isArray(v) || 'unknown' in v) return v;
  return (v as Record<string, PyValue>)[String(key)];
}

/** True when conf.py computes the value (or part of it) in a way the static reader cannot follow. */
function hasUnknown(v: PyValue | undefined): boolean {
  if (v === undefined || v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if ('unknown' in v) return true;
  return Object.values(v).some(hasUnknown);
}

interface LanguageNames {
  directives: Record<string, string>;
  roles: Record<string, string>;
}

/**
 * The file types of the source parser a local extension registers (`app.add_source_parser(pep_parser.PEPParser)`)
 * when that parser asks docutils for an RFC 2822 header (`rfc2822=True` in its class): the names of its
 * `supported` tuple. The class is looked up in the extension's own text or in the module it imports it from
 * (`load` reads a module of the project by its dotted name).
 */
export function rfc2822ParserTypes(text: string, load: (module: string) => string | undefined): string[] {
  const ref = /\badd_source_parser\(\s*([A-Za-z_][\w.]*)/.exec(text)?.[1];
  if (!ref) return [];
  const dot = ref.lastIndexOf('.');
  const cls = ref.slice(dot + 1);
  let source: string | undefined = text;
  let name = cls;
  if (dot > 0) {
    // `from pkg.parsing import pep_parser`, then `pep_parser.PEPParser`; or `import pkg.parsing.pep_parser as pep_parser`.
    const alias = ref.slice(0, dot);
    const imported = importOf(text, alias);
    source = load(!imported ? alias : 'from' in imported ? `${imported.from}.${imported.imported}` : imported.module);
  } else if (!new RegExp(`^class\\s+${cls}\\b`, 'm').test(text)) {
    const imported = importOf(text, cls);
    source = imported && 'from' in imported ? load(imported.from) : undefined;
    if (imported && 'from' in imported) name = imported.imported;
  }
  if (!source) return [];
  const start = new RegExp(`^class\\s+${name}\\b`, 'm').exec(source);
  if (!start) return [];
  // The class: its line and the indented (or blank) lines below it.
  const lines = source.slice(start.index).split('\n');
  let n = 1;
  while (n < lines.length && !/^\S/.test(lines[n])) n++;
  const body = lines.slice(0, n).join('\n');
  if (!/\brfc2822\s*=\s*True\b/.test(body)) return [];
  const supported = /\bsupported\s*=\s*[([]([^)\]]*)[)\]]/.exec(body)?.[1] ?? '';
  return [...supported.matchAll(/(['"])([^'"]+)\1/g)].map((m) => m[2]);
}

/** The suffixes `source_suffix` (a dict of suffix -> file type) maps to one of `types`. */
function rfc2822Suffixes(sourceSuffix: PyValue | undefined, types: ReadonlySet<string>): string[] {
  if (!types.size || !sourceSuffix || typeof sourceSuffix !== 'object' || Array.isArray(sourceSuffix)) return [];
  return Object.entries(sourceSuffix as Record<string, PyValue>)
    .filter(([, t]) => typeof t === 'string' && types.has(t))
    .map(([s]) => s);
}

/**
 * Names directives of the project in a message: `the "name" directive (module)`, or `one of the "a" directive
 * (m), "b" directive (m)` (three at most), with the extension or file that registers each.
 */
export function describeDirectives(project: SphinxProject, names: readonly string[]): string {
  const by = (name: string) => {
    const from = project.providers.get('directive:' + name);
    return from ? `"${name}" directive (${from.source})` : `"${name}" directive`;
  };
  return names.length === 1 ? `the ${by(names[0])}` : `one of the ${names.slice(0, 3).map(by).join(', ')}${names.length > 3 ? ', ...' : ''}`;
}

/** docutils' localised directive and role names for a Sphinx `language` (`zh_CN` -> zh_cn, then zh). */
export function languageFor(language: string): LanguageNames | undefined {
  const langs = (languageData as { languages: Record<string, LanguageNames> }).languages;
  const code = language.toLowerCase().replace(/-/g, '_');
  return langs[code] ?? langs[code.split('_')[0]];
}

/** Sphinx's exclude_patterns glob (`**` any path, `*` and `?` within a segment, `[...]` a class) as a regular expression. */
export function sphinxPattern(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let cls = glob.slice(i + 1, end);
        const negate = cls.startsWith('!');
        if (negate) cls = cls.slice(1);
        re += (negate ? '[^/' : '[') + cls.replace(/[\\\]^]/g, '\\$&') + ']';
        i = end;
      }
    } else re += c.replace(/[.+^$(){}|\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${re}$`);
  } catch {
    return /$^/;
  }
}

/** Resolves a POSIX relative path against a folder URI, one spelling per segment, a folder's trailing slash kept. */
function joinUri(folder: string, rel: string): string {
  return joinUriPath(folder, rel, { normalize: true, folder: true });
}

function hashKey(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36) + ':' + s.length;
}

/**
 * Whether a module (conf.py, a local extension) connects a `source-read` handler that renders documents through
 * Jinja (shapely's and sunpy's conf.py, nest's `_ext/extract_api_functions.py` and `model_tag_setup.py`:
 * `app.builder.templates.render_string(source[0], ...)`).
 */
function rendersThroughJinja(text: string): boolean {
  return /\.connect\(\s*['"]source-read['"]/.test(text) && /\brender_string\(|\bjinja2\b|\bTemplate\(/.test(text);
}

/** The spans of a Python text's string literals (f-strings whole), as `[from, to)` offsets. */
function pythonStringRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  pythonParser.parse(text).iterate({
    enter: (n) => {
      if (n.name !== 'String' && n.name !== 'FormatString') return true;
      out.push([n.from, n.to]);
      return false;
    },
  });
  return out;
}

/**
 * The chip esp-docs' build reads the documents for: conf.py's `idf_target` where it sets one, else the first of
 * its `idf_targets` (esp-idf lists the chips it documents, esp32 first), else esp32. build_docs builds each chip
 * with `-D idf_target=<chip>`; the documents are read as the first chip's build reads them.
 */
function idfTarget(values: Record<string, PyValue>): string {
  const chip = (v: PyValue | undefined) => (typeof v === 'string' && /^[\w-]+$/.test(v) ? v : undefined);
  const list = values['idf_targets'];
  return chip(values['idf_target']) ?? (Array.isArray(list) ? chip(list[0]) : undefined) ?? 'esp32';
}
