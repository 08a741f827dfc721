import origins from './directiveOrigins.json';
import type { DirectiveSpec } from '../rst/registry';

/**
 * One line about each directive and role completion offers: hand-written for docutils' and Sphinx's
 * standard ones, derived from what is known of the rest (the extension that registers it, from the shared
 * table of 51 Sphinx extensions in `directiveOrigins.json`, and what it accepts).
 */

const DIRECTIVES: Record<string, string> = {
  // docutils
  admonition: 'An admonition with a title of your own.',
  attention: 'Admonition: something the reader must pay attention to.',
  caution: 'Admonition: proceed with care.',
  danger: 'Admonition: a danger to the reader or the system.',
  error: 'Admonition: an error the reader may run into.',
  hint: 'Admonition: a helpful hint.',
  important: 'Admonition: something important.',
  note: 'Admonition: a note beside the text.',
  tip: 'Admonition: a useful tip.',
  warning: 'Admonition: a warning.',
  class: 'Sets a class attribute on the next element (or on its content).',
  code: 'A block of code in a language, highlighted.',
  'code-block': 'A block of code in a language, highlighted (Sphinx: with line numbers, emphasis, caption).',
  sourcecode: 'Same as code-block: a highlighted block of code.',
  compound: 'Several body elements read as one paragraph.',
  container: 'A generic container with classes, for styling.',
  contents: 'A table of contents of the current document.',
  'csv-table': 'A table from comma-separated values (inline or from a file).',
  'list-table': 'A table written as a two-level bullet list.',
  table: 'A table with a title (wraps a grid or simple table).',
  date: 'The current date (in a substitution definition).',
  'default-role': 'Sets the role of text in single backquotes.',
  epigraph: 'A quotation at the start of a section.',
  figure: 'An image with a caption and a legend.',
  image: 'An image from a path or URI.',
  footer: 'Text for the page footer.',
  header: 'Text for the page header.',
  highlights: 'A summary of the section’s main points.',
  include: 'Reads another file into this document.',
  'line-block': 'Lines kept as written (deprecated form of "| " lines).',
  math: 'A displayed LaTeX math formula.',
  meta: 'HTML meta data (keywords, description).',
  'parsed-literal': 'A literal block in which inline markup is read.',
  'pull-quote': 'A quotation set apart from the text.',
  raw: 'Output passed through as-is to a writer (html, latex).',
  replace: 'Replacement text (in a substitution definition).',
  role: 'Defines a custom role based on another.',
  rubric: 'An informal heading that is not a section.',
  sectnum: 'Numbers the sections of the document.',
  'section-numbering': 'Numbers the sections of the document.',
  sidebar: 'A side note with a title, beside the text.',
  'target-notes': 'Footnotes for every external target.',
  title: 'Sets the document title (metadata).',
  topic: 'A self-contained block with a title.',
  unicode: 'Unicode characters by code (in a substitution definition).',
  'restructuredtext-test-directive': 'docutils’ test directive: shows its arguments, options and content.',
  // Sphinx
  'default-domain': 'Sets the domain of unprefixed object directives and roles.',
  describe: 'Describes an object of no particular domain.',
  object: 'Describes an object of no particular domain.',
  seealso: 'Admonition: references to related material.',
  highlight: 'Sets the highlighting language of the following literal blocks.',
  literalinclude: 'Includes a source file as a highlighted code block.',
  toctree: 'The table of contents tree: the documents under this one.',
  sectionauthor: 'Names the author of the current section.',
  moduleauthor: 'Names the author of the current module.',
  codeauthor: 'Names the author of the described code.',
  tabularcolumns: 'LaTeX column spec of the next table.',
  centered: 'A centred line of bold text (deprecated).',
  acks: 'A compact list of acknowledgements.',
  hlist: 'A bullet list laid out in columns.',
  only: 'Content included only when the tags expression is true.',
  cssclass: 'Sets a class attribute on the next element.',
  'rst-class': 'Sets a class attribute on the next element (Sphinx’s name of class).',
  deprecated: 'Marks a feature deprecated since a version.',
  'version-deprecated': 'Marks a feature deprecated since a version.',
  versionadded: 'Marks a feature added in a version.',
  'version-added': 'Marks a feature added in a version.',
  versionchanged: 'Marks a change in a version.',
  'version-changed': 'Marks a change in a version.',
  versionremoved: 'Marks a feature removed in a version.',
  'version-removed': 'Marks a feature removed in a version.',
  index: 'Index entries pointing at this place.',
  glossary: 'A glossary: terms that :term: refers to.',
  productionlist: 'A grammar given as production rules.',
  program: 'Sets the program the following option directives describe.',
  option: 'Describes a command-line option.',
  cmdoption: 'Describes a command-line option.',
  envvar: 'Describes an environment variable.',
  confval: 'Describes a configuration value.',
  module: 'Describes a Python module.',
  currentmodule: 'Sets the current Python module without describing it.',
  function: 'Describes a function.',
  method: 'Describes a method of a class.',
  attribute: 'Describes an attribute of a class.',
  data: 'Describes module-level data.',
  exception: 'Describes an exception class.',
  decorator: 'Describes a decorator function.',
  decoratormethod: 'Describes a decorator method.',
  staticmethod: 'Describes a static method.',
  classmethod: 'Describes a class method.',
  // sphinx.ext.graphviz and the diagram family
  graphviz: 'A Graphviz diagram: DOT in the content, or a .dot file as argument.',
  graph: 'An undirected Graphviz graph: the name as argument, the edges in the content.',
  digraph: 'A directed Graphviz graph: the name as argument, the edges in the content.',
  'inheritance-diagram': 'A class inheritance diagram of Python classes or modules.',
  blockdiag: 'A blockdiag diagram (shown through its conversion to Graphviz).',
  seqdiag: 'A seqdiag sequence diagram (shown through its conversion to Graphviz).',
  actdiag: 'An actdiag activity diagram (shown through its conversion to Graphviz).',
  nwdiag: 'An nwdiag network diagram (shown through its conversion to Graphviz).',
  packetdiag: 'A packetdiag packet header diagram.',
  rackdiag: 'A rackdiag rack diagram.',
  // common extensions
  todo: 'A to-do item, listed by todolist.',
  todolist: 'The list of every to-do item.',
  doctest: 'A Python interactive session, tested by sphinx.ext.doctest.',
  testcode: 'Python code run as a test by sphinx.ext.doctest.',
  testoutput: 'The expected output of the testcode block before.',
  testsetup: 'Set-up code for doctest groups.',
  testcleanup: 'Clean-up code for doctest groups.',
  autosummary: 'A summary table of Python objects, with generated pages.',
  automodule: 'Documents a Python module from its docstrings.',
  autoclass: 'Documents a Python class from its docstrings.',
  autofunction: 'Documents a Python function from its docstring.',
  automethod: 'Documents a Python method from its docstring.',
  autoattribute: 'Documents a Python attribute from its docstring.',
  autodata: 'Documents module-level data from its docstring.',
  autoexception: 'Documents a Python exception from its docstring.',
  autodecorator: 'Documents a Python decorator from its docstring.',
  autoproperty: 'Documents a Python property from its docstring.',
  ifconfig: 'Content included only when a conf.py expression is true.',
};

const ROLES: Record<string, string> = {
  emphasis: 'Emphasis (same as *text*).',
  strong: 'Strong emphasis (same as **text**).',
  literal: 'Inline literal text (same as ``text``).',
  code: 'Inline code, optionally highlighted.',
  math: 'Inline LaTeX math.',
  pep: 'A link to a Python Enhancement Proposal.',
  'pep-reference': 'A link to a Python Enhancement Proposal.',
  rfc: 'A link to an RFC.',
  'rfc-reference': 'A link to an RFC.',
  subscript: 'Subscript text.',
  sub: 'Subscript text.',
  superscript: 'Superscript text.',
  sup: 'Superscript text.',
  'title-reference': 'The title of a work (book, article).',
  title: 'The title of a work (book, article).',
  t: 'The title of a work (book, article).',
  abbreviation: 'An abbreviation.',
  ab: 'An abbreviation.',
  acronym: 'An acronym.',
  ac: 'An acronym.',
  raw: 'Raw output for a writer (defined through the role directive).',
  ref: 'A cross-reference to a label, anywhere in the project.',
  doc: 'A link to another document of the project.',
  download: 'A link to a file to download.',
  numref: 'A numbered reference to a figure, table or code block.',
  any: 'A cross-reference to whatever the name matches.',
  term: 'A reference to a glossary term.',
  keyword: 'A reference to a Python keyword.',
  option: 'A reference to a command-line option.',
  envvar: 'A reference to an environment variable.',
  token: 'A reference to a grammar production.',
  confval: 'A reference to a configuration value.',
  abbr: 'An abbreviation, with its meaning in parentheses.',
  command: 'The name of an OS-level command.',
  dfn: 'The defining occurrence of a term.',
  file: 'A file or folder name (with {variable} parts).',
  guilabel: 'A label of the user interface.',
  kbd: 'A sequence of keystrokes.',
  mailheader: 'The name of a mail header.',
  makevar: 'The name of a make variable.',
  manpage: 'A reference to a Unix manual page.',
  menuselection: 'A menu path (Menu --> Item).',
  mimetype: 'A MIME type.',
  newsgroup: 'The name of a Usenet newsgroup.',
  program: 'The name of an executable program.',
  regexp: 'A regular expression.',
  samp: 'Literal text with {variable} parts.',
  index: 'An index entry at this place.',
  eq: 'A reference to a numbered equation.',
  cve: 'A link to a CVE entry.',
  cwe: 'A link to a CWE entry.',
  mod: 'A reference to a Python module.',
  func: 'A reference to a Python function.',
  data: 'A reference to module-level Python data.',
  const: 'A reference to a Python constant.',
  class: 'A reference to a Python class.',
  meth: 'A reference to a Python method.',
  attr: 'A reference to a Python attribute.',
  exc: 'A reference to a Python exception.',
  obj: 'A reference to a Python object of any type.',
  graphviz: 'An inline Graphviz drawing.',
};

const DOMAIN_NAMES: Record<string, string> = { py: 'Python', c: 'C', cpp: 'C++', js: 'JavaScript', rst: 'reStructuredText', std: 'standard', math: 'math' };

function originOf(kind: 'directives' | 'roles', name: string): string | undefined {
  const table = (origins as { directives: Record<string, string>; roles: Record<string, string> })[kind];
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/** Where a directive comes from: `docutils`, `sphinx`, an extension module, or undefined (the project's own). */
export function directiveOrigin(name: string): string | undefined {
  return originOf('directives', name) ?? sphinxDomain('directives', name);
}

export function roleOrigin(name: string): string | undefined {
  return originOf('roles', name) ?? sphinxDomain('roles', name);
}

/** Sphinx's domain names, written with their domain or unprefixed (std, and py as the default domain). */
function sphinxDomain(kind: 'directives' | 'roles', name: string): string | undefined {
  if (name.includes(':')) return 'sphinx';
  return originOf(kind, `std:${name}`) ?? originOf(kind, `py:${name}`);
}

/** What a directive accepts, in words: "1 argument, options, content". */
function accepts(spec: DirectiveSpec | undefined): string {
  if (!spec || spec.loose) return '';
  const parts: string[] = [];
  if (spec.required) parts.push(`${spec.required} argument${spec.required > 1 ? 's' : ''}`);
  else if (spec.optional) parts.push('an optional argument');
  const options = Object.keys(spec.options ?? {});
  if (options.length) parts.push(`options ${options.slice(0, 4).map((o) => `:${o}:`).join(' ')}${options.length > 4 ? ' …' : ''}`);
  if (spec.content === 'required') parts.push('content');
  else if (spec.content === 'optional') parts.push('optional content');
  return parts.join(', ');
}

/** One line about a directive. */
export function directiveDescription(name: string, spec: DirectiveSpec | undefined): string {
  const own = DIRECTIVES[name];
  if (own) return own;
  const colon = name.indexOf(':');
  if (colon > 0) {
    const domain = DOMAIN_NAMES[name.slice(0, colon)] ?? name.slice(0, colon);
    const bare = name.slice(colon + 1);
    return `Describes a ${domain} ${bare.replace(/-/g, ' ')} (Sphinx’s ${domain} domain).`;
  }
  const origin = directiveOrigin(name);
  const what = accepts(spec);
  if (origin) return `Directive of ${origin}${what ? `: ${what}` : ''}.`;
  return `Directive the project declares${what ? `: ${what}` : ''}.`;
}

/** One line about a role. */
export function roleDescription(name: string): string {
  const own = ROLES[name];
  if (own) return own;
  const colon = name.lastIndexOf(':');
  if (colon > 0) {
    const prefix = name.slice(0, name.indexOf(':'));
    const domain = DOMAIN_NAMES[prefix];
    if (domain) return `A reference to a ${domain} ${name.slice(colon + 1)} (Sphinx’s ${domain} domain).`;
  }
  const origin = roleOrigin(name);
  return origin ? `Role of ${origin}.` : 'Role the project declares.';
}

/** Names for argument placeholders of the directives whose argument says what it is. */
const ARGUMENT_NAMES: Record<string, string> = {
  image: 'uri',
  figure: 'uri',
  include: 'path',
  literalinclude: 'path',
  code: 'language',
  'code-block': 'language',
  sourcecode: 'language',
  highlight: 'language',
  admonition: 'title',
  topic: 'title',
  sidebar: 'title',
  table: 'title',
  'csv-table': 'title',
  'list-table': 'title',
  raw: 'format',
  role: 'name',
  'default-role': 'role',
  'default-domain': 'domain',
  only: 'tags',
  ifconfig: 'expression',
  graph: 'name',
  digraph: 'name',
  versionadded: 'version',
  versionchanged: 'version',
  deprecated: 'version',
  versionremoved: 'version',
  'version-added': 'version',
  'version-changed': 'version',
  'version-deprecated': 'version',
  'version-removed': 'version',
  rubric: 'text',
  sectionauthor: 'name',
  moduleauthor: 'name',
  codeauthor: 'name',
  program: 'name',
  option: 'option',
  envvar: 'name',
  confval: 'name',
  module: 'name',
  currentmodule: 'name',
  'inheritance-diagram': 'module',
  title: 'title',
  class: 'class',
  'rst-class': 'class',
  cssclass: 'class',
  tabularcolumns: 'spec',
};

/** Options worth offering first in a snippet, per directive (the others follow in their order). */
const FIRST_OPTIONS: Record<string, string[]> = {
  graphviz: ['caption', 'name', 'align', 'alt', 'layout'],
  graph: ['caption', 'name', 'align', 'alt', 'layout'],
  digraph: ['caption', 'name', 'align', 'alt', 'layout'],
  image: ['alt', 'width', 'align', 'target'],
  figure: ['alt', 'width', 'align', 'figwidth'],
  'code-block': ['caption', 'linenos', 'emphasize-lines', 'name'],
  code: ['number-lines', 'name', 'class'],
  literalinclude: ['language', 'lines', 'caption', 'linenos'],
  toctree: ['maxdepth', 'caption', 'glob', 'hidden'],
  'list-table': ['header-rows', 'widths', 'stub-columns'],
  'csv-table': ['header-rows', 'widths', 'file'],
  table: ['widths', 'align', 'name'],
  include: ['start-after', 'end-before', 'literal'],
};

/** Options every admonition-like directive has: no reason for an option line of their own. */
const MINOR_OPTIONS = new Set(['class', 'name', 'collapsible']);

/** Escapes text for a snippet (`$`, `}`, `\`, and `,` `|` inside a choice). */
function escapeSnippet(s: string, choice = false): string {
  return s.replace(choice ? /[$}\\,|]/g : /[$}\\]/g, '\\$&');
}

/**
 * The snippet a directive completes to, after `.. `: its name, a placeholder for its argument (named when
 * required or when its name is known, an empty tab stop for other optional ones), a line with a choice of its options (when it has options
 * beyond `:class:`, `:name:` and `:collapsible:`), and a tab stop in its content when it has content.
 */
export function directiveSnippet(name: string, spec: DirectiveSpec | undefined): string {
  let out = `${escapeSnippet(name)}::`;
  let stop = 1;
  if (spec && (spec.required || spec.optional)) {
    const named = ARGUMENT_NAMES[name] ?? (spec.required ? 'argument' : undefined);
    out += named ? ` \${${stop++}:${escapeSnippet(named)}}` : ` \${${stop++}}`;
  } else out += ' ';
  const options = Object.keys(spec?.options ?? {});
  if (options.some((o) => !MINOR_OPTIONS.has(o))) {
    const first = (FIRST_OPTIONS[name] ?? []).filter((o) => options.includes(o));
    const ordered = [...first, ...options.filter((o) => !first.includes(o))];
    out += `\n   :\${${stop++}|${ordered.map((o) => escapeSnippet(o, true)).join(',')}|}: \${${stop++}}`;
  }
  if (!spec || spec.content !== 'none') out += '\n\n   $0';
  else out += '$0';
  return out;
}

/** The snippet a role completes to: its name, then its text between backquotes. */
export function roleSnippet(name: string): string {
  return `${escapeSnippet(name)}:\`$1\`$0`;
}
