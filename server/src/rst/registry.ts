/**
 * Directives and roles that docutils, Sphinx and the common Sphinx extensions provide, with what each
 * directive accepts (docutils' `required_arguments`, `optional_arguments`, `final_argument_whitespace`,
 * `option_spec`, `has_content`). The user adds third-party names through `haGuide.directives` and
 * `haGuide.roles`; those are accepted with any arguments, options and content.
 */
import { closest } from './text';
import type { SourceRead } from './sourceRead';
import type { Block, RstDocument } from './types';
import { flatten } from './walk';

/** How an option value is checked, after docutils' `directives.*` converters. */
export type OptionType =
  | 'flag'
  | 'unchanged'
  | 'unchanged_required'
  | 'int'
  | 'nonnegative_int'
  | 'positive_int'
  | 'class'
  | 'uri'
  | 'length'
  | 'length_or_percentage'
  | 'percentage'
  | 'encoding'
  | readonly string[];

/** What the content of a directive is. */
export type BodyKind = 'rst' | 'literal' | 'none';

export interface DirectiveSpec {
  name: string;
  required: number;
  optional: number;
  finalWhitespace: boolean;
  /** `undefined` accepts any option (declared by the user, or a domain directive). */
  options?: Record<string, OptionType>;
  content: 'none' | 'optional' | 'required';
  body: BodyKind;
  /** A user-declared or loosely known directive: arguments and options are not checked. */
  loose?: boolean;
  /**
   * Its content may hold section titles wherever the directive stands, with title styles of its own (Sphinx
   * parses it with `allow_section_headings=True` in a fresh title context).
   */
  titles?: boolean;
  /**
   * The directive reads `:name: value` lines at the top of its content itself, and the line that ends them,
   * and parses the rest as RST (the changelog extension's `.. change::`, its `_parse_content`).
   */
  leadingFields?: boolean;
  /**
   * sphinx-design's cards: the content is cut at its first `^^^` line (a header above) and its last `+++` line
   * (a footer below), and each part is parsed on its own (sphinx_design/cards.py, `split_content`), so those
   * lines are never title underlines.
   */
  cardParts?: boolean;
  /**
   * Each content line written `:tags: text` is kept only when the tag expression holds, as `text` from the
   * margin, before the content is parsed (esp-docs' `list`, its `ListFilter.filter_entry`). The tags are the
   * build's: every such line is read, as if its tags held.
   */
  tagFilteredLines?: boolean;
  /**
   * A flag option that makes the content other markup than reStructuredText, which the directive reads itself:
   * with it, the content is not parsed (sphinx-argparse's `argparse` with `:markdown:` hands its content to a
   * CommonMark parser, sphinxarg/ext.py's `parse_markdown_block`).
   */
  notRstWith?: string;
}

export interface DirectiveRegistry {
  /**
   * The spec of a directive. An unprefixed name is also looked up in `domain` (the one `.. default-domain::` set
   * where it is used), else in the project's `primary_domain`, as Sphinx looks in the default domain first.
   */
  directive(name: string, domain?: string): DirectiveSpec | undefined;
  /** Whether a role is known; an unprefixed name also in the default domain, as for {@link directive}. */
  hasRole(name: string, domain?: string): boolean;
  /**
   * What the default domain (`domain`, else conf.py's `primary_domain`) adds without a prefix to
   * {@link directiveNames} and {@link roleNames}; undefined when there is none or it adds nothing.
   */
  defaultDomainNames?(domain?: string): { domain: string; directives: string[]; roles: string[] } | undefined;
  directiveNames(): string[];
  roleNames(): string[];
  /** The directive name closest to an unknown one (the "did you mean" of an unknown directive), if any. */
  suggestDirective(name: string): string | undefined;
  /** The Sphinx extension that defines this directive when the project's conf.py does not load it. */
  unloadedExtension?(name: string): string | undefined;
  /** What the project's extensions do to a document's text before it is parsed (`RegistryExtras.sourceRead`). */
  readonly sourceRead?: SourceRead;
  /**
   * The project's `only` leaves out what the build's tags exclude while the document is read (sphinx_selective_exclude's
   * eager_only), rather than after: the names defined in its content count only when its tags hold.
   */
  readonly eagerOnly?: boolean;
}

const common = { class: 'class', name: 'unchanged' } as const;
const align = ['left', 'center', 'right'] as const;
const admonitionOptions = { ...common, collapsible: ['', 'open', 'closed'] } as const;
const imageOptions = {
  alt: 'unchanged',
  height: 'length',
  width: 'length_or_percentage',
  scale: 'percentage',
  align: ['top', 'middle', 'bottom', 'left', 'center', 'right'],
  target: 'unchanged_required',
  loading: ['embed', 'link', 'lazy'],
  ...common,
} as const;
const codeOptions = {
  ...common,
  'number-lines': 'unchanged',
  force: 'flag',
  linenos: 'flag',
  dedent: 'unchanged',
  'lineno-start': 'int',
  'emphasize-lines': 'unchanged_required',
  caption: 'unchanged_required',
} as const;
const includeOptions = {
  literal: 'flag',
  code: 'unchanged',
  encoding: 'encoding',
  parser: 'unchanged',
  'tab-width': 'int',
  'start-line': 'int',
  'end-line': 'int',
  'start-after': 'unchanged_required',
  'end-before': 'unchanged_required',
  'number-lines': 'unchanged',
  ...common,
} as const;
/** sphinx.ext.doctest's `testcode` (and, with `options`, `doctest` and `testoutput`). */
const testOptions = { hide: 'flag', 'no-trim-doctest-flags': 'flag', pyversion: 'unchanged_required', skipif: 'unchanged_required', 'trim-doctest-flags': 'flag' } as const;
const literalIncludeOptions = {
  dedent: 'unchanged',
  linenos: 'flag',
  'lineno-start': 'int',
  'lineno-match': 'flag',
  'tab-width': 'int',
  language: 'unchanged_required',
  force: 'flag',
  encoding: 'encoding',
  pyobject: 'unchanged_required',
  lines: 'unchanged_required',
  'start-after': 'unchanged_required',
  'end-before': 'unchanged_required',
  'start-at': 'unchanged_required',
  'end-at': 'unchanged_required',
  prepend: 'unchanged_required',
  append: 'unchanged_required',
  'emphasize-lines': 'unchanged_required',
  caption: 'unchanged',
  diff: 'unchanged_required',
  ...common,
} as const;
const graphvizOptions = {
  alt: 'unchanged',
  align,
  caption: 'unchanged',
  layout: 'unchanged',
  graphviz_dot: 'unchanged',
  ...common,
} as const;
const tableOptions = { ...common, align, width: 'length_or_percentage', widths: 'unchanged_required' } as const;
const versionOptions = {} as const;
const diagOptions = {
  alt: 'unchanged',
  align,
  caption: 'unchanged',
  desctable: 'flag',
  maxwidth: 'nonnegative_int',
  width: 'length_or_percentage',
  height: 'length_or_percentage',
  scale: 'percentage',
  ...common,
} as const;

type Def = [
  names: string,
  required: number,
  optional: number,
  finalWhitespace: boolean,
  options: Record<string, OptionType> | undefined,
  content: DirectiveSpec['content'],
  body: BodyKind,
];

const DEFS: Def[] = [
  // docutils: admonitions
  // Sphinx 8.2 added `:collapsible:` (no value, `open` or `closed`) to every admonition.
  ['attention caution danger error hint important note tip warning', 0, 0, true, admonitionOptions, 'required', 'rst'],
  ['admonition', 1, 0, true, admonitionOptions, 'required', 'rst'],
  // docutils: images
  ['image', 1, 0, true, imageOptions, 'none', 'none'],
  // `figname`: docutils 0.22.
  ['figure', 1, 0, true, { ...imageOptions, align, figwidth: 'unchanged', figclass: 'class', figname: 'unchanged' }, 'optional', 'rst'],
  // docutils: body elements
  ['topic', 1, 0, true, common, 'required', 'rst'],
  ['sidebar', 0, 1, true, { ...common, subtitle: 'unchanged_required' }, 'required', 'rst'],
  // Each content line is a line of the block, indentation is nesting: never block quotes or lists.
  ['line-block', 0, 0, false, common, 'required', 'literal'],
  ['parsed-literal', 0, 0, false, common, 'required', 'literal'],
  // `code`: docutils' options and Sphinx's `force` (sphinx/directives/patches.py Code, since Sphinx 2.0); code-block's
  // line options are not `code`'s in any Sphinx.
  ['code', 0, 1, false, { ...common, 'number-lines': 'unchanged', force: 'flag' }, 'required', 'literal'],
  ['code-block sourcecode', 0, 1, false, codeOptions, 'optional', 'literal'],
  // Sphinx's math (`no-wrap` since 8.2, `nowrap` kept) and rubric (`heading-level` since 7.4, sphinx/directives/patches.py).
  ['math', 0, 1, true, { ...common, label: 'unchanged', nowrap: 'flag', 'no-wrap': 'flag' }, 'optional', 'literal'],
  ['rubric', 1, 0, true, { ...common, 'heading-level': ['1', '2', '3', '4', '5', '6'] }, 'none', 'none'],
  ['epigraph highlights pull-quote', 0, 0, false, {}, 'required', 'rst'],
  ['compound', 0, 0, false, common, 'required', 'rst'],
  ['container', 0, 1, true, { name: 'unchanged' }, 'required', 'rst'],
  // docutils: tables
  ['table', 0, 1, true, tableOptions, 'required', 'rst'],
  [
    'csv-table',
    0,
    1,
    true,
    {
      ...tableOptions,
      'header-rows': 'nonnegative_int',
      'stub-columns': 'nonnegative_int',
      header: 'unchanged',
      file: 'unchanged',
      url: 'uri',
      encoding: 'encoding',
      delim: 'unchanged',
      keepspace: 'flag',
      quote: 'unchanged',
      escape: 'unchanged',
    },
    'optional',
    'literal',
  ],
  ['list-table', 0, 1, true, { ...tableOptions, 'header-rows': 'nonnegative_int', 'stub-columns': 'nonnegative_int' }, 'required', 'rst'],
  // docutils: document parts
  ['contents', 0, 1, true, { depth: 'nonnegative_int', local: 'flag', backlinks: ['top', 'entry', 'none'], class: 'class' }, 'none', 'none'],
  ['sectnum section-numbering', 0, 0, false, { depth: 'int', start: 'int', prefix: 'unchanged', suffix: 'unchanged' }, 'none', 'none'],
  ['header footer', 0, 0, false, {}, 'required', 'rst'],
  // docutils: references and misc
  ['target-notes', 0, 0, false, common, 'none', 'none'],
  ['include', 1, 0, true, includeOptions, 'none', 'none'],
  ['raw', 1, 0, true, { file: 'unchanged_required', url: 'uri', encoding: 'encoding', class: 'class' }, 'optional', 'literal'],
  ['replace', 0, 0, false, {}, 'required', 'rst'],
  ['unicode', 1, 0, true, { trim: 'flag', ltrim: 'flag', rtrim: 'flag' }, 'none', 'none'],
  ['class', 1, 0, true, {}, 'optional', 'rst'],
  ['role', 1, 0, true, undefined, 'optional', 'literal'],
  ['default-role', 0, 1, false, {}, 'none', 'none'],
  ['title', 1, 0, true, {}, 'none', 'none'],
  // docutils' Date: no argument; the format is its content, on the directive's line or below it.
  ['date', 0, 0, false, {}, 'optional', 'literal'],
  ['meta', 0, 0, false, {}, 'required', 'literal'],
  // Sphinx: toctree and paragraph-level markup
  [
    'toctree',
    0,
    0,
    false,
    {
      maxdepth: 'int',
      name: 'unchanged',
      caption: 'unchanged_required',
      glob: 'flag',
      hidden: 'flag',
      includehidden: 'flag',
      numbered: 'unchanged',
      titlesonly: 'flag',
      reversed: 'flag',
      class: 'class',
    },
    'optional',
    'literal',
  ],
  // Sphinx 7.3 added `versionremoved`, 9.0 the hyphenated names.
  ['versionadded versionchanged deprecated versionremoved version-added version-changed version-deprecated version-removed', 1, 1, true, versionOptions, 'optional', 'rst'],
  ['seealso', 0, 1, true, admonitionOptions, 'optional', 'rst'],
  ['centered', 1, 0, true, {}, 'none', 'none'],
  // Sphinx's Only, IfConfig, HList, Acks and Glossary never call assert_has_content: no content is accepted.
  ['hlist', 0, 0, false, { columns: 'int' }, 'optional', 'rst'],
  ['only', 1, 0, true, {}, 'optional', 'rst'],
  ['ifconfig', 1, 0, true, {}, 'optional', 'rst'],
  ['tabularcolumns', 1, 0, true, {}, 'none', 'none'],
  ['acks', 0, 0, false, {}, 'optional', 'rst'],
  ['glossary', 0, 0, false, { sorted: 'flag' }, 'optional', 'rst'],
  // One argument (the optional group and the productions, over lines), no content: sphinx/domains/std.
  ['productionlist', 1, 0, true, {}, 'none', 'none'],
  ['sectionauthor moduleauthor codeauthor', 1, 0, true, {}, 'none', 'none'],
  // Sphinx's Index: its entries are one argument over lines; entries after a blank line are content, an error.
  ['index', 1, 0, true, { name: 'unchanged' }, 'none', 'none'],
  ['highlight', 1, 0, false, { linenothreshold: 'positive_int', force: 'flag' }, 'none', 'none'],
  ['literalinclude', 1, 0, true, literalIncludeOptions, 'none', 'none'],
  ['todo', 0, 0, false, admonitionOptions, 'required', 'rst'],
  ['todolist', 0, 0, false, {}, 'none', 'none'],
  ['rst-class cssclass', 1, 0, true, {}, 'optional', 'rst'],
  ['default-domain', 1, 0, false, {}, 'none', 'none'],
  ['currentmodule', 1, 0, false, {}, 'none', 'none'],
  ['program', 1, 0, true, {}, 'none', 'none'],
  // sphinx.ext.graphviz and friends
  ['graphviz', 0, 1, false, graphvizOptions, 'optional', 'literal'],
  ['graph digraph', 1, 0, false, graphvizOptions, 'optional', 'literal'],
  // sphinx.ext.inheritance_diagram, doctest, autosummary: their option specs (`include-subclasses` since Sphinx 8.2;
  // autosummary's `class` and `signatures` too).
  ['inheritance-diagram', 1, 0, true, { parts: 'int', 'private-bases': 'flag', caption: 'unchanged', 'top-classes': 'unchanged_required', 'include-subclasses': 'flag' }, 'none', 'none'],
  ['doctest testoutput', 0, 1, true, { ...testOptions, options: 'unchanged' }, 'optional', 'literal'],
  ['testcode', 0, 1, true, testOptions, 'optional', 'literal'],
  ['testsetup testcleanup', 0, 1, true, { skipif: 'unchanged_required' }, 'optional', 'literal'],
  ['autosummary', 0, 0, false, { caption: 'unchanged_required', class: 'class', toctree: 'unchanged', nosignatures: 'flag', recursive: 'flag', signatures: 'unchanged', template: 'unchanged' }, 'optional', 'literal'],
  // the blockdiag family (sphinxcontrib-*diag)
  ['blockdiag seqdiag actdiag nwdiag packetdiag rackdiag', 0, 1, false, diagOptions, 'optional', 'literal'],
];

/**
 * sphinx.ext.autodoc's directives: accepted loosely (any arguments, options, content) unless the project loads it.
 * `autotype` since Sphinx 9.0; `autonewtypedata` and `autonewvarattribute` until 8.x.
 */
const AUTODOC = 'automodule autoclass autofunction automethod autoattribute autodata autoexception autodecorator autoproperty autotype autonewtypedata autonewvarattribute';
/** Sphinx's object descriptions: their content is RST (labels and roles inside count). */
const OBJECT_DESCRIPTIONS =
  // the Python domain's (Sphinx 4.0 `property`, 7.4 `type`), without the prefix as the default domain
  'module function class method attribute property type data exception decorator decoratormethod staticmethod classmethod ' +
  // confval: Sphinx's std domain's own since 7.4 (projects added it with add_object_type before).
  'describe object option envvar cmdoption confval';
const DOMAINS = ['py', 'c', 'cpp', 'js', 'rst', 'std', 'math'];
/**
 * What Sphinx's domains other than Python's define (`directives` and `roles` of sphinx/domains/c, cpp,
 * javascript.py, rst.py): their names without the prefix where the domain is the default one. Python's are
 * known without a prefix everywhere (`primary_domain` is `py` unless conf.py says otherwise).
 */
const DOMAIN_ELEMENTS: Record<string, { directives: ReadonlySet<string>; roles: ReadonlySet<string> }> = {
  c: {
    directives: new Set('member var function macro struct union enum enumerator type namespace namespace-push namespace-pop alias'.split(' ')),
    roles: new Set('member data var func macro struct union enum enumerator type expr texpr'.split(' ')),
  },
  cpp: {
    directives: new Set('class struct union function member var type concept enum enum-struct enum-class enumerator namespace namespace-push namespace-pop alias'.split(' ')),
    roles: new Set('any class struct union func member var type concept enum enumerator expr texpr'.split(' ')),
  },
  js: { directives: new Set('function method class data attribute module'.split(' ')), roles: new Set('func meth class data attr mod'.split(' ')) },
  rst: { directives: new Set(['directive', 'directive:option', 'role']), roles: new Set(['dir', 'role']) },
};
/** The directives and roles a class of Sphinx's domains defines, which a subclass in a project inherits. */
export interface SphinxDomainTables {
  directives: readonly string[];
  roles: readonly string[];
  /** The directives that do not describe an object (their content is not an object's description). */
  plainDirectives: ReadonlySet<string>;
}
/**
 * Sphinx's domain classes by name (`directives` and `roles` of sphinx/domains/python, c, cpp, javascript.py,
 * rst.py): a project's domain deriving from one (`class ScipyOptimizeInterfaceDomain(PythonDomain)`) has them
 * under its own name.
 */
export const SPHINX_DOMAIN_CLASSES: Readonly<Record<string, SphinxDomainTables>> = {
  PythonDomain: {
    directives: 'function data class exception method classmethod staticmethod attribute property type module currentmodule decorator decoratormethod'.split(' '),
    roles: 'data exc func deco class const attr type meth mod obj'.split(' '),
    plainDirectives: new Set(['module', 'currentmodule']),
  },
  ...Object.fromEntries(
    (
      [
        ['CDomain', 'c'],
        ['CPPDomain', 'cpp'],
        ['JavaScriptDomain', 'js'],
        ['ReSTDomain', 'rst'],
      ] as const
    ).map(([cls, domain]) => [
      cls,
      {
        directives: [...DOMAIN_ELEMENTS[domain].directives],
        roles: [...DOMAIN_ELEMENTS[domain].roles],
        plainDirectives: new Set([...DOMAIN_ELEMENTS[domain].directives].filter((d) => d.startsWith('namespace') || d === 'alias' || d === 'module')),
      },
    ]),
  ),
};
/**
 * Directives whose content Sphinx (7.4 and later) parses with `allow_section_headings=True` in a fresh title
 * context: every object description (`ObjectDescription.run`), `py:module`, `ifconfig`, `only`, and autodoc's
 * directives (a module's content directly, the others through the object description they generate). Sphinx
 * 9 builds without a warning a title inside `.. class::`, `.. option::`, `.. autoclass::` content, even in a
 * list item: scrapy's settings sections sit inside `.. class::` directives.
 */
const TITLED = OBJECT_DESCRIPTIONS + ' only ifconfig ' + AUTODOC;

const ROLES =
  // docutils
  'emphasis strong literal code math pep-reference pep rfc-reference rfc subscript sub superscript sup ' +
  'title-reference title t abbreviation ab acronym ac ' +
  // Sphinx standard roles
  'ref doc download numref envvar token keyword option term abbr command dfn file guilabel kbd mailheader makevar ' +
  'manpage menuselection mimetype newsgroup program regexp samp any eq index cve cwe ' +
  // Sphinx 7.4's std domain
  'confval ' +
  // Sphinx Python domain without prefix (default domain; `type` since 7.4, `deco` since 8.2)
  'mod func data const class meth attr exc obj type deco';

/**
 * Directives of Sphinx's own extensions, known here without a project (a lenient reading) but in a project
 * only when its conf.py loads the extension (its `extensions`, or a `setup_extension` call), as Sphinx does:
 * `.. todo::` without sphinx.ext.todo is "Unknown directive type". graphviz and the blockdiag family stay
 * known everywhere: diagrams are what this editor previews and migrates.
 */
const EXTENSION_DIRECTIVES: Record<string, string> = {
  'sphinx.ext.todo': 'todo todolist',
  'sphinx.ext.autodoc': AUTODOC,
  'sphinx.ext.doctest': 'doctest testcode testoutput testsetup testcleanup',
  'sphinx.ext.autosummary': 'autosummary',
  'sphinx.ext.inheritance_diagram': 'inheritance-diagram',
  'sphinx.ext.ifconfig': 'ifconfig',
};

/** What a project adds to the registry: its extensions' directives and roles, and its document language. */
export interface RegistryExtras {
  /**
   * The extension modules the project loads (conf.py's `extensions`, those their setup() loads): given, the
   * directives of Sphinx's own extensions it does not load are unknown (EXTENSION_DIRECTIVES).
   */
  extensions?: readonly string[];
  /**
   * Names (accepted loosely) or full specs (checked like docutils' own). A spec with `addsOptions` only adds
   * its options to the directive of that name another extension defines (sphinxcontrib-trio's `:with:` on
   * autodoc's `autofunction`, Sphinx's `add_autodocumenter(..., override=True)`), whatever the order.
   */
  directives?: readonly (string | (Partial<DirectiveSpec> & { name: string; addsOptions?: boolean }))[];
  roles?: readonly string[];
  /** Any role starting with one of these is known (intersphinx's `external+inventory:...`). */
  rolePrefixes?: readonly string[];
  /**
   * conf.py's `primary_domain`: the default domain of every document until a `.. default-domain::` (Sphinx's
   * is `py`). Its directives and roles are known without their prefix.
   */
  primaryDomain?: string;
  /** docutils' localised names of the project's `language`: local name -> English name. */
  localDirectives?: Readonly<Record<string, string>>;
  localRoles?: Readonly<Record<string, string>>;
  /** An extension rewrites each document's text on `source-read` before it is parsed (esp-docs' format_esp_target). */
  sourceRead?: SourceRead;
  /** An extension's `only` drops the content its tags exclude while the document is read (`DirectiveRegistry.eagerOnly`). */
  eagerOnly?: boolean;
}

/** The domain a `.. default-domain::` block sets for the names after it (lower case), if it is one. */
export function domainSetBy(b: Block): string | undefined {
  if (b.kind !== 'directive' || b.name !== 'default-domain' || b.unknown) return undefined;
  return b.argument.trim().toLowerCase() || undefined;
}

/** The domain the last `.. default-domain::` before `offset` set (undefined: the project's `primary_domain`). */
export function defaultDomainAt(doc: RstDocument, offset: number): string | undefined {
  let domain: string | undefined;
  for (const b of flatten(doc).directives) {
    if (b.start >= offset) break;
    domain = domainSetBy(b) ?? domain;
  }
  return domain;
}

/** A directive known by name only: any arguments, options and content. */
function looseSpec(name: string): DirectiveSpec {
  return { name, required: 0, optional: 100, finalWhitespace: true, content: 'optional', body: 'literal', loose: true };
}

/**
 * A directive spec from partial knowledge: what is missing is not checked (any number of arguments, any
 * option, content optional and not parsed as RST unless said).
 */
export function specFrom(d: Partial<DirectiveSpec> & { name: string }): DirectiveSpec {
  const known = d.required !== undefined && d.optional !== undefined;
  return {
    name: d.name.toLowerCase(),
    required: known ? d.required! : 0,
    optional: known ? d.optional! : 100,
    finalWhitespace: d.finalWhitespace ?? true,
    options: d.options,
    content: d.content ?? 'optional',
    body: d.body ?? 'literal',
    loose: !known || d.options === undefined,
    titles: d.titles,
    leadingFields: d.leadingFields,
    cardParts: d.cardParts,
    tagFilteredLines: d.tagFilteredLines,
    notRstWith: d.notRstWith,
  };
}

/** Unknown directive names a registry remembers with their "did you mean" (dropped all at once past this). */
const MAX_SUGGESTIONS = 1024;

export function createRegistry(extraDirectives: readonly string[], extraRoles: readonly string[], extras: RegistryExtras = {}): DirectiveRegistry {
  const directives = new Map<string, DirectiveSpec>();
  for (const [names, required, optional, finalWhitespace, options, content, body] of DEFS) {
    for (const name of names.split(' ')) directives.set(name, { name, required, optional, finalWhitespace, options, content, body });
  }
  for (const name of AUTODOC.split(' ')) if (!directives.has(name)) directives.set(name, looseSpec(name));
  // Object descriptions (Sphinx's ObjectDescription): one signature argument block, RST content.
  for (const name of OBJECT_DESCRIPTIONS.split(' ')) directives.set(name, { ...looseSpec(name), body: 'rst' });
  const unloaded = new Map<string, string>();
  if (extras.extensions) {
    for (const [module, names] of Object.entries(EXTENSION_DIRECTIVES)) {
      if (extras.extensions.includes(module)) continue;
      for (const name of names.split(' ')) {
        directives.delete(name);
        unloaded.set(name, module);
      }
    }
  }
  for (const d of extras.directives ?? []) {
    if (typeof d !== 'string' && d.addsOptions) continue;
    const spec = typeof d === 'string' ? looseSpec(d.trim().toLowerCase()) : specFrom(d);
    // A project's extension never weakens what docutils and Sphinx define themselves.
    if (spec.name && !(directives.get(spec.name) && !directives.get(spec.name)!.loose)) directives.set(spec.name, spec);
  }
  for (const d of extras.directives ?? []) {
    if (typeof d === 'string' || !d.addsOptions) continue;
    const name = d.name.toLowerCase();
    const cur = directives.get(name);
    if (cur?.options && d.options) directives.set(name, { ...cur, options: { ...cur.options, ...d.options } });
  }
  for (const name of extraDirectives) {
    const n = name.trim().toLowerCase();
    if (n) directives.set(n, looseSpec(n));
  }
  for (const name of TITLED.split(' ')) {
    const spec = directives.get(name);
    if (spec && spec.body === 'rst') directives.set(name, { ...spec, titles: true });
  }
  const roles = new Set(ROLES.split(' '));
  for (const name of [...(extras.roles ?? []), ...extraRoles]) if (name.trim()) roles.add(name.trim().toLowerCase());
  const localDirectives = extras.localDirectives ?? {};
  const suggestions = new Map<string, string | undefined>();
  const localRoles = extras.localRoles ?? {};

  /** An object description known by its domain only (`cpp:function`, or `function` under `.. default-domain:: cpp`): one spec per name. */
  const described = new Map<string, DirectiveSpec>();
  const describedSpec = (n: string): DirectiveSpec => {
    let spec = described.get(n);
    if (!spec) described.set(n, (spec = { ...looseSpec(n), body: 'rst', titles: true }));
    return spec;
  };
  const lookup = (n: string): DirectiveSpec | undefined => {
    const hit = directives.get(n);
    if (hit) return hit;
    const colon = n.indexOf(':');
    if (colon > 0 && DOMAINS.includes(n.slice(0, colon))) return directives.get(n.slice(colon + 1)) ?? describedSpec(n);
    return undefined;
  };
  const primary = extras.primaryDomain?.trim().toLowerCase() || undefined;
  /** The default domain where a name is used: the one `.. default-domain::` set there, else conf.py's. */
  const domainOf = (domain: string | undefined) => (domain ?? primary)?.toLowerCase();
  /** A directive of the default domain named without its prefix: an extension's own spec, or an object description. */
  const inDomain = (n: string, domain: string | undefined): DirectiveSpec | undefined => {
    const d = domainOf(domain);
    if (!d || (n.includes(':') && d !== 'rst')) return undefined;
    return directives.get(`${d}:${n}`) ?? (DOMAIN_ELEMENTS[d]?.directives.has(n) ? describedSpec(n) : undefined);
  };
  return {
    ...(extras.sourceRead ? { sourceRead: extras.sourceRead } : {}),
    ...(extras.eagerOnly ? { eagerOnly: true } : {}),
    directive(name, domain) {
      const n = name.toLowerCase();
      const hit = lookup(n) ?? inDomain(n, domain);
      if (hit) return hit;
      const english = localDirectives[n] ?? localDirectives[name];
      return english ? lookup(english) ?? inDomain(english, domain) : undefined;
    },
    hasRole(name, domain) {
      const n = name.toLowerCase();
      if (roles.has(n)) return true;
      const english = localRoles[n] ?? localRoles[name];
      if (english && roles.has(english)) return true;
      if (extras.rolePrefixes?.some((p) => n.startsWith(p))) return true;
      const colon = n.indexOf(':');
      if (colon > 0) return DOMAINS.includes(n.slice(0, colon));
      const d = domainOf(domain);
      return !!d && (roles.has(`${d}:${n}`) || !!DOMAIN_ELEMENTS[d]?.roles.has(n));
    },
    unloadedExtension(name) {
      const n = name.toLowerCase();
      return directives.has(n) ? undefined : unloaded.get(n);
    },
    directiveNames: () => [...directives.keys()],
    roleNames: () => [...roles],
    defaultDomainNames(domain) {
      const d = domainOf(domain);
      if (!d) return undefined;
      const prefix = `${d}:`;
      const unprefixed = (names: Iterable<string>) => [...names].filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));
      const own = DOMAIN_ELEMENTS[d];
      const dirs = [...new Set([...(own?.directives ?? []), ...unprefixed(directives.keys())])].filter((n) => !directives.has(n));
      const rls = [...new Set([...(own?.roles ?? []), ...unprefixed(roles)])].filter((n) => !roles.has(n));
      return dirs.length || rls.length ? { domain: d, directives: dirs, roles: rls } : undefined;
    },
    suggestDirective(name) {
      // A registry does not change: each unknown name is compared with every directive once, not at each use
      // (the same unknown directive in hundreds of files of a project without its conf.py).
      if (suggestions.has(name)) return suggestions.get(name);
      const s = closest(name, directives.keys());
      if (suggestions.size >= MAX_SUGGESTIONS) suggestions.clear();
      suggestions.set(name, s);
      return s;
    },
  };
}
