import type { Severity } from './rst/types';

/**
 * Every diagnostic code the language service can produce, with its default severity and a one-line
 * description (shown in the README's table and in hovers). Codes are a public contract: never rename one.
 * A default of `off` means the check runs only when the user turns it on in `haGuide.diagnostics.severity`.
 */
export interface CodeInfo {
  severity: Severity | 'off';
  source: 'rst' | 'dot' | 'sphinx' | 'doc8' | 'sphinx-lint' | 'reno';
  description: string;
  /** Shown faded out in the editor (LSP's `Unnecessary` tag): something the document could do without. */
  unnecessary?: true;
}

export const CODES = {
  // Sections
  'rst.title-underline-too-short': { severity: 'warning', source: 'rst', description: 'A section title underline is shorter than the title.' },
  'rst.title-overline-too-short': { severity: 'warning', source: 'rst', description: 'A section title overline is shorter than the title.' },
  'rst.title-overline-mismatch': { severity: 'error', source: 'rst', description: 'Overline and underline of a title differ.' },
  'rst.title-incomplete': { severity: 'error', source: 'rst', description: 'An overline without a title and underline.' },
  'rst.title-missing-underline': { severity: 'error', source: 'rst', description: 'An overlined title has no matching underline.' },
  'rst.title-level-inconsistent': { severity: 'error', source: 'rst', description: 'A title adornment skips a level or reuses a style out of order.' },
  'rst.unexpected-section-title': { severity: 'error', source: 'rst', description: 'A section title inside a body element (block quote, list, directive).' },
  'rst.possible-title': { severity: 'off', source: 'rst', description: 'A short line of punctuation that might have been meant as a title adornment (docutils INFO).' },
  'rst.internal-error': { severity: 'error', source: 'rst', description: 'The parser failed on this document (a bug: please report it).' },
  'rst.transition-misplaced': { severity: 'error', source: 'rst', description: 'A transition at the start or end of a section, or two in a row.' },
  // Structure
  'rst.malformed-target': { severity: 'warning', source: 'rst', description: 'An explicit markup block starting with `.. _` that is not a hyperlink target (docutils: "malformed hyperlink target.").' },
  'rst.no-blank-line': { severity: 'warning', source: 'rst', description: 'A construct ends without a blank line before unindented text.' },
  'rst.unexpected-indentation': { severity: 'error', source: 'rst', description: 'An indented block where docutils expects none.' },
  'rst.literal-block-expected': { severity: 'warning', source: 'rst', description: 'A paragraph ends with `::` but no indented or quoted literal block follows.' },
  'rst.malformed-table': { severity: 'error', source: 'rst', description: 'A grid or simple table that docutils cannot parse.' },
  'rst.table-no-blank-line': { severity: 'warning', source: 'rst', description: 'A table is followed by text without a blank line.' },
  'rst.enum-start-not-one': { severity: 'off', source: 'rst', description: 'An enumerated list starts at a value other than 1 (docutils INFO).' },
  // Inline
  'rst.inline-unterminated': { severity: 'warning', source: 'rst', description: 'Inline markup start-string without end-string.' },
  'rst.unknown-role': { severity: 'error', source: 'rst', description: 'Unknown interpreted text role.' },
  'rst.role-error': { severity: 'error', source: 'rst', description: 'A role is used with content it cannot take.' },
  // Directives
  'rst.unknown-directive': { severity: 'error', source: 'rst', description: 'Unknown directive type.' },
  'project.extension-label': { severity: 'information', source: 'sphinx', description: 'A `:ref:` to a label the project does not define, named as the labels a known extension writes on the pages it writes during the build (sphinx-gallery\'s `sphx_glr_<gallery>_<example>.py`), or, one typo away from none of its labels, in a project with a local extension whose own code adds labels outside any directive (psutil\'s `changelog_anchors`).' },
  'project.docstring-label': { severity: 'information', source: 'sphinx', description: 'A `:ref:` to a label the project\'s documents do not define, defined in a docstring of the repository\'s Python package, in a project whose own code writes pages under computed names during the build with autodoc loaded: those pages may hold it.' },
  'project.directive-label': { severity: 'information', source: 'sphinx', description: 'A `:ref:` to a label the project does not define, in a project where a directive of a local extension whose code builds sections or targets is used: that directive may write the label.' },
  'project.directive-target': { severity: 'information', source: 'rst', description: 'A reference to a target the document does not define, beside a directive of a local extension whose code builds sections or targets: it may write that target.' },
  'project.generated-label': { severity: 'information', source: 'sphinx', description: 'A `:ref:` to a label the project does not define, no label of the project one typo away, in a project whose toctrees name documents the build writes (a file the repository ignores, or one its code writes): such a document may define it (PowerDNS Recursor\'s `yamlsettings`, written before the build, defines every `setting-yaml-*` label).' },
  'project.generated-include': { severity: 'information', source: 'rst', description: 'A substitution or target the document does not define, in a document that includes a file the build writes before it reads the document (a local extension writes it): that file may define it.' },
  'project.computed-prelude': { severity: 'information', source: 'rst', description: 'A substitution no document defines, in a project whose conf.py computes `rst_prolog` or `rst_epilog` in a way not read here: it may be defined there.' },
  'project.generated-document': { severity: 'information', source: 'sphinx', description: 'A toctree entry or :doc: naming a document that does not exist (or a `:glob:` toctree pattern matching none), in a project whose local extension writes files or runs programs when the build runs: it may write that document.' },
  'project.extension-directive': { severity: 'information', source: 'sphinx', description: 'A directive nobody knows, in a project whose conf.py lists an extension that is not known: it may come from that extension (declare it to silence this).' },
  'project.extension-role': { severity: 'information', source: 'sphinx', description: 'A role nobody knows, in a project whose conf.py lists an extension that is not known: it may come from that extension (declare it to silence this).' },
  'project.config-error': { severity: 'error', source: 'sphinx', description: 'The [tool.ha-guide] table of pyproject.toml cannot be read (TOML syntax, or a value of the wrong type); defaults are used.' },
  'sphinx.extension-error': { severity: 'error', source: 'sphinx', description: "What makes an extension stop the build on a document, before it is parsed: esp-docs' format_esp_target on a `{IDF_TARGET_X:...}` definition without a `default=\"...\"` value (ValueError)." },
  'sphinx.toctree-missing-document': { severity: 'warning', source: 'sphinx', description: 'A toctree entry names a document that does not exist.' },
  'sphinx.toctree-excluded-document': { severity: 'warning', source: 'sphinx', description: "A toctree entry names a document that conf.py's exclude_patterns leave out." },
  'sphinx.toctree-glob-no-match': { severity: 'warning', source: 'sphinx', description: 'A `:glob:` toctree pattern matches no document.' },
  'sphinx.not-in-toctree': { severity: 'warning', source: 'sphinx', description: "A document that no toctree includes (and that is not the root document, `:orphan:` or excluded)." },
  'sphinx.glossary-no-blank-before-term': { severity: 'warning', source: 'sphinx', description: 'A glossary term follows a definition without an empty line.' },
  'sphinx.glossary-blank-between-terms': { severity: 'warning', source: 'sphinx', description: 'The terms of one glossary entry are separated by an empty line.' },
  'sphinx.glossary-misformatted': { severity: 'warning', source: 'sphinx', description: 'A glossary line is indented where Sphinx expects a term or a definition.' },
  'sphinx.duplicate-term': { severity: 'warning', source: 'sphinx', description: 'A glossary term described twice in the project.' },
  'sphinx.undefined-term': { severity: 'warning', source: 'sphinx', description: 'A `:term:` that names no glossary term of the project.' },
  'rst.file-outside-project': { severity: 'warning', source: 'rst', description: 'A file a document names (include, literalinclude, image, download, graphviz file) lies outside the project (the workspace folder; for ha-guide lint the repository): it is not read.' },
  'sphinx.unknown-lexer': { severity: 'warning', source: 'sphinx', description: 'A code block names a language no Pygments lexer has (Sphinx\'s "Pygments lexer name \'x\' is not known", given when it highlights the block).' },
  'sphinx.reference-outside-build': { severity: 'information', source: 'sphinx', description: 'A `:ref:` or `:doc:` that nothing resolves, in a file of no Sphinx project that no document includes, beside Sphinx projects: no build reads it.' },
  'sphinx.undefined-label-intersphinx': { severity: 'information', source: 'sphinx', description: 'A `:ref:` to a label the project does not define, in a project with intersphinx: Sphinx also looks it up in the inventories, which are not read here.' },
  'sphinx.unknown-document-intersphinx': { severity: 'information', source: 'sphinx', description: 'A `:doc:` to a document the project does not have, in a project whose `intersphinx_disabled_reftypes` lets Sphinx look documents up in the inventories (not read here).' },
  'sphinx.undefined-term-intersphinx': { severity: 'information', source: 'sphinx', description: 'A `:term:` the project\'s glossaries do not define, in a project with intersphinx: Sphinx also looks terms up in the inventories, which are not read here.' },
  'sphinx.numfig-disabled': { severity: 'warning', source: 'sphinx', description: 'A `:numref:` in a project whose conf.py does not turn `numfig` on: Sphinx leaves it as text and warns.' },
  'sphinx.toctree-no-title': { severity: 'warning', source: 'sphinx', description: 'A toctree entry naming a document that has no section title (and no toctree): Sphinx generates no link for it.' },
  'sphinx.footnote-not-referenced': { severity: 'warning', source: 'sphinx', description: 'A footnote no footnote reference of its document points at (Sphinx warns; `[#]` and `[*]` footnotes are paired with their references in order).' },
  'sphinx.duplicate-citation': { severity: 'warning', source: 'sphinx', description: 'A citation label defined in two documents of the project (Sphinx\'s citations are the project\'s).' },
  'sphinx.citation-not-referenced': { severity: 'warning', source: 'sphinx', description: 'A citation that no `[label]_` of the project cites.' },
  'sphinx.citation-not-found': { severity: 'warning', source: 'sphinx', description: 'A `[label]_` citation reference naming no citation of the project (labels compare as written).' },
  'sphinx.unknown-option': { severity: 'warning', source: 'sphinx', description: 'An `:option:` naming no option an `.. option::` of the project describes (checked where every extension the project loads is Sphinx\'s own or local, none replaces how the std domain reads an option description, and intersphinx cannot resolve it).' },
  'rst.too-many-problems': { severity: 'information', source: 'rst', description: 'A document with more problems than the editor is sent (1,000): the errors come first, then the warnings; `ha-guide lint` lists them all.' },
  'rst.remote-not-fetched': { severity: 'information', source: 'rst', description: 'A `csv-table :url:`: docutils downloads the table when it builds; HA Guide never contacts a remote host, so its rows are neither checked nor previewed.' },
  'rst.include-cycle': { severity: 'error', source: 'rst', description: 'A file includes itself, directly or through other included files.' },
  'rst.directive-error': { severity: 'error', source: 'rst', description: 'A directive has a wrong number of arguments, an unknown option or a bad option value.' },
  'rst.directive-no-blank-line': { severity: 'error', source: 'rst', description: 'The content of a directive starts right after the directive line, without the blank line that separates it from the arguments.' },
  'rst.content-expected': { severity: 'error', source: 'rst', description: 'A directive that needs content has none.' },
  // Targets and references
  'rst.unknown-target': { severity: 'error', source: 'rst', description: 'A reference names a target that does not exist in the document.' },
  'rst.unused-target': { severity: 'hint', source: 'rst', unnecessary: true, description: 'An external hyperlink target (`.. _name: https://...`) that no reference uses: not in its document, its includes, rst_prolog or rst_epilog, and no other file includes the document. Shown faded out, as Markdown shows an unused link definition.' },
  'rst.duplicate-target': { severity: 'warning', source: 'rst', description: 'Two explicit targets have the same name.' },
  'rst.duplicate-target-reference': { severity: 'error', source: 'rst', description: 'A reference names a target that is defined more than once.' },
  'rst.duplicate-implicit-target': { severity: 'off', source: 'rst', description: 'Two sections or implicit targets have the same name (docutils INFO).' },
  'rst.target-not-referenced': { severity: 'off', source: 'rst', description: 'A hyperlink target is never referenced (docutils INFO).' },
  'rst.anonymous-mismatch': { severity: 'error', source: 'rst', description: 'The numbers of anonymous references and anonymous targets differ.' },
  'rst.undefined-substitution': { severity: 'error', source: 'rst', description: 'A substitution reference has no definition.' },
  'rst.duplicate-substitution': { severity: 'error', source: 'rst', description: 'Two substitution definitions have the same name.' },
  'rst.substitution-invalid': { severity: 'warning', source: 'rst', description: 'A substitution definition without a valid directive or text.' },
  'rst.footnote-mismatch': { severity: 'error', source: 'rst', description: 'Footnote references and footnotes do not match (auto-numbered or symbol footnotes, unknown labels).' },
  // Sphinx, across the documentation tree
  'sphinx.undefined-label': { severity: 'warning', source: 'sphinx', description: 'A `:ref:` names a label that no file of the workspace defines.' },
  'sphinx.unknown-document': { severity: 'warning', source: 'sphinx', description: 'A `:doc:` names a document that does not exist.' },
  'sphinx.duplicate-label': { severity: 'warning', source: 'sphinx', description: 'The same label is defined in two files.' },
  'sphinx.duplicate-section-label': { severity: 'warning', source: 'sphinx', description: 'With sphinx.ext.autosectionlabel, a section title whose label the build has already: another title, or a label above a title.' },
  'sphinx.include-not-found': { severity: 'warning', source: 'sphinx', description: 'The file of a literalinclude directive does not exist.' },
  'rst.include-not-found': { severity: 'error', source: 'rst', description: 'The file of an include directive does not exist (docutils: SEVERE).' },
  'rst.file-not-found': { severity: 'error', source: 'rst', description: 'The file the `:file:` option of a `raw` or `csv-table` directive names does not exist (docutils: SEVERE).' },
  'sphinx.image-not-found': { severity: 'warning', source: 'sphinx', description: 'The file of an image or figure directive does not exist.' },
  'sphinx.download-not-found': { severity: 'warning', source: 'sphinx', description: 'The file of a `:download:` does not exist.' },
  // Sphinx
  'sphinx.graphviz-content-and-file': { severity: 'warning', source: 'sphinx', description: 'A graphviz directive with both a file argument and content.' },
  'sphinx.graphviz-no-content': { severity: 'warning', source: 'sphinx', description: 'A graphviz directive with neither content nor a file.' },
  'sphinx.graphviz-file-not-found': { severity: 'warning', source: 'sphinx', description: 'The external Graphviz file of a graphviz directive does not exist.' },
  // doc8 (only where the project runs it: a [doc8] configuration, or a tox.ini command; project/doc8.ts)
  'doc8.line-too-long': { severity: 'warning', source: 'doc8', description: 'doc8 D001: a line longer than max-line-length (79) that doc8 does not exempt (a URL, no space, a directive, a literal block, a target, a definition term).' },
  'doc8.trailing-whitespace': { severity: 'warning', source: 'doc8', description: 'doc8 D002: white space at the end of a line.' },
  'doc8.tab-indentation': { severity: 'warning', source: 'doc8', description: 'doc8 D003: a tab in the indentation of a line.' },
  'doc8.carriage-return': { severity: 'warning', source: 'doc8', description: 'doc8 D004: a carriage return (a Windows line end).' },
  'doc8.no-newline-at-end': { severity: 'warning', source: 'doc8', description: 'doc8 D005: the file does not end with a newline.' },
  // sphinx-lint (only where the repository's .pre-commit-config.yaml runs its hook; project/sphinxLint.ts)
  'sphinx-lint.trailing-whitespace': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint trailing-whitespace: spaces or tabs at the end of a line.' },
  'sphinx-lint.horizontal-tab': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint horizontal-tab: a tab in a line.' },
  'sphinx-lint.missing-final-newline': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint missing-final-newline: the file does not end with a newline.' },
  'sphinx-lint.unnecessary-parentheses': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint unnecessary-parentheses: `:func:`f()`` or `:meth:`m()``; Sphinx adds the parentheses.' },
  'sphinx-lint.directive-with-three-dots': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint directive-with-three-dots: `... note::`, a directive with three dots.' },
  'sphinx-lint.role-without-backticks': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint role-without-backticks: `:func:pdb.main`, a role name without its backquoted text.' },
  'sphinx-lint.dangling-hyphen': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint dangling-hyphen: a line ending in a letter and a hyphen.' },
  'sphinx-lint.missing-space-in-hyperlink': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint missing-space-in-hyperlink: `text<https://...>`_, no space before the `<` of a hyperlink.' },
  'sphinx-lint.missing-underscore-after-hyperlink': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint missing-underscore-after-hyperlink: `text <https://...>` without the `_` that makes it a link (or a `:download:` with one).' },
  'sphinx-lint.role-with-extra-backtick': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint role-with-extra-backtick: `:mod:`!cgi``, a role with a backquote too many.' },
  'sphinx-lint.missing-colon-in-role': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint missing-colon-in-role: `:issue`123``, a role without the colon before its backquote.' },
  'sphinx-lint.exclamation-and-tilde': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint exclamation-and-tilde: `:meth:`!~list.pop``, a role target with both `!` and `~`.' },
  'sphinx-lint.backtick-before-role': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint backtick-before-role: `` `:func:`sum` ``, a backquote in front of a role.' },
  'sphinx-lint.bad-dedent': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint bad-dedent: in a literal block, a line ending with `::` one space further in than the block\'s start.' },
  'sphinx-lint.missing-backtick-after-role': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint missing-backtick-after-role: `:func:`foo` without the backquote that ends the role\'s text.' },
  'sphinx-lint.missing-space-after-literal': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint missing-space-after-literal: ``` ``items``s ```, a character glued to an inline literal\'s end.' },
  'sphinx-lint.unbalanced-inline-literals-delimiters': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint unbalanced-inline-literals-delimiters: a ```` `` ```` that starts or ends no inline literal.' },
  'sphinx-lint.missing-space-after-role': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint missing-space-after-role: `:exc:`Error`s`, a character glued to a role\'s end.' },
  'sphinx-lint.role-with-double-backticks': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint role-with-double-backticks: ``` :func:``sum`` ```, a role with two backquotes.' },
  'sphinx-lint.missing-space-before-role': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint missing-space-before-role: `the:func:`sum``, a word glued to a role (or a role missing its first colon).' },
  'sphinx-lint.missing-space-before-default-role': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint missing-space-before-default-role: `the`sum``, a word glued to interpreted text.' },
  'sphinx-lint.hyperlink-reference-missing-backtick': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint hyperlink-reference-missing-backtick: `Misc/NEWS <https://...>`_` without its opening backquote.' },
  'sphinx-lint.default-role': { severity: 'warning', source: 'sphinx-lint', description: 'sphinx-lint default-role (when the hook enables it): `text` in single backquotes, shown in the default role; use ``text`` for code.' },
  // reno release notes (`releasenotes/notes/*.yaml`; features/releaseNotes.ts). A note's reStructuredText has the codes above.
  'reno.invalid-yaml': { severity: 'error', source: 'reno', description: 'A release note that is not valid YAML: reno cannot read it and the release notes build stops.' },
  'reno.not-a-mapping': { severity: 'error', source: 'reno', description: 'A release note that is not a YAML mapping of sections: reno\'s build stops on it.' },
  'reno.unknown-section': { severity: 'warning', source: 'reno', description: 'A section reno does not know (its configuration\'s `sections`): its notes are left out, and `reno lint` fails.' },
  'reno.malformed-section': { severity: 'warning', source: 'reno', description: 'A section that is empty, or a mapping instead of a list of notes: reno warns and leaves (part of) it out.' },
  'reno.not-a-string': { severity: 'error', source: 'reno', description: 'A note, or the prelude, that YAML reads as no string (a number, a mapping from a `: ` in it): reno\'s build fails on it.' },
  'reno.ignored-file': { severity: 'warning', source: 'reno', description: 'A file under releasenotes/notes whose name does not end in `.yaml` (`fix.yml`, `fix.rst`, no suffix): reno ignores it and its notes are left out of the release notes.' },
  'reno.duplicate-id': { severity: 'warning', source: 'reno', description: 'Two notes with the same id (the 16 characters at the end of the name): reno takes them for one, so the release notes keep only one of them (added in one commit, they stop its build).' },
  'reno.empty-note': { severity: 'error', source: 'reno', description: 'An empty note in a section\'s list: reno\'s build fails on it.' },
} as const satisfies Record<string, CodeInfo>;

/**
 * The type and subtype Sphinx logs each of these warnings with (`logger.warning(..., type='ref',
 * subtype='citation')`), which conf.py's `suppress_warnings` names to silence them: `ref.citation` silences
 * "Citation [x] is not referenced." and duplicate citations, `ref` every reference warning (`isSuppressed`).
 */
export const SPHINX_WARNING_TYPES: Readonly<Record<string, string>> = {
  'sphinx.citation-not-referenced': 'ref.citation',
  'sphinx.duplicate-citation': 'ref.citation',
  'sphinx.footnote-not-referenced': 'ref.footnote',
  'sphinx.undefined-label': 'ref.ref',
  'sphinx.undefined-label-intersphinx': 'ref.ref',
  'project.extension-label': 'ref.ref',
  'project.docstring-label': 'ref.ref',
  'project.generated-label': 'ref.ref',
  'sphinx.unknown-document': 'ref.doc',
  'sphinx.unknown-document-intersphinx': 'ref.doc',
  'sphinx.undefined-term': 'ref.term',
  'sphinx.undefined-term-intersphinx': 'ref.term',
  'sphinx.unknown-option': 'ref.option',
  'sphinx.image-not-found': 'image.not_readable',
  'sphinx.download-not-found': 'download.not_readable',
  'sphinx.toctree-missing-document': 'toc.not_readable',
  'sphinx.not-in-toctree': 'toc.not_included',
  'sphinx.duplicate-section-label': 'autosectionlabel',
};

/** Whether `suppress_warnings` silences a warning of this `type.subtype`, as Sphinx's `is_suppressed_warning` decides. */
export function isSuppressed(typed: string | undefined, suppress: readonly string[]): boolean {
  if (typed === undefined || suppress.length === 0) return false;
  const type = typed.split('.')[0];
  return suppress.includes(type) || suppress.includes(`${type}.*`) || suppress.includes(typed);
}

export type KnownCode = keyof typeof CODES;

/** Registers codes contributed by other parts of the service (for example the DOT checks). */
const extra = new Map<string, CodeInfo>();
export function registerCodes(codes: Record<string, CodeInfo>): void {
  for (const [k, v] of Object.entries(codes)) extra.set(k, v);
}

export function codeInfo(code: string): CodeInfo | undefined {
  return (CODES as Record<string, CodeInfo>)[code] ?? extra.get(code);
}

export function allCodes(): [string, CodeInfo][] {
  return [...Object.entries(CODES as Record<string, CodeInfo>), ...extra.entries()];
}
