/**
 * What the workspace index keeps of one document (`FileSummary`: labels, terms, cross-references, the parse),
 * made by `summarize`, and the interface to the world outside the core (`IWorkspace`).
 */
import { asBuiltText } from '../rst/sourceRead';
import { withDerivedSlot } from '../rst/derived';
import { normalizeName, splitExplicitTitle } from '../rst/text';
import type { DirectiveBlock, InterpretedInline, RstDocument, Span, TargetBlock } from '../rst/types';
import { flatten, namedByTarget } from '../rst/walk';

export { splitExplicitTitle };

/**
 * The world as the navigation features see it. The LSP glue implements it with the file system and the
 * open buffers; tests implement it in memory.
 */
export interface IWorkspace {
  /** True when a file or folder exists at the URI. */
  exists(uri: string): boolean;
  /** The Sphinx source directory of a document: the nearest folder up holding conf.py (as a URI). */
  sourceDir(uri: string): string | undefined;
  /**
   * The folder conf.py is read from for a source folder: a folder above it when the build passes `-c` (a conf.py
   * beside no root document, the source folder below it); the source folder itself otherwise (the default).
   */
  confDir?(sourceDir: string): string;
  /** The text of a file (conf.py, an included file); undefined when missing, unreadable or outside the project. */
  readFile?(uri: string): string | undefined;
  /** True when a file lies outside the project (symbolic links resolved): it is never read. */
  isOutside?(uri: string): boolean;
  /** The entries of a folder (path completion); undefined when it cannot be listed or lies outside the project. */
  listDir?(folderUri: string): { name: string; folder: boolean }[] | undefined;
  /** The file a symbolic link at `uri` leads to, for a link met while listing the workspace; undefined otherwise. */
  linkTarget?(uri: string): string | undefined;
  /** Whether a folder (a URI ending in `/`) is a symbolic link. */
  isLinkedFolder?(folderUri: string): boolean;
  /**
   * For a file no build reads on its own that a document of a project includes (a file outside every source
   * folder, or one of a source folder that is no document: `part.inc`, an excluded file), that document: the
   * build reads the file as part of it, so a relative path or `:doc:` in it is relative to that document.
   * Undefined otherwise.
   */
  includedBy?(uri: string): string | undefined;
  /**
   * The parts of such a file that document reads, when it includes only parts of it (`:start-after:`,
   * `:end-before:`, `:start-line:`, `:end-line:`), as offsets into the file; undefined when it reads the whole file
   * or when nothing is known. The rest is not read by the build (sphinx-gallery's README.rst, whose badges and
   * screenshot are for the repository's front page). `host`: the parts another document that includes the file
   * reads (a document of the project that others include, each a part of it).
   */
  includedParts?(uri: string, host?: string): readonly Span[] | undefined;
}

/** A Sphinx label: `.. _name:` (an internal target), or a directive's `:name:` option. */
export interface LabelDef {
  name: string;
  uri: string;
  span: Span;
  /** The title of the section the label stands before, when it does. */
  title?: string;
  /** For a file pulled in by `.. include::`: the document that includes it (whose project the label is in). */
  owner?: string;
  /** The Sphinx project the label belongs to (the conf.py folder of its owner), set by the index. */
  project?: string;
  /** Its place in the workspace (file order, then document order), set by the index. */
  order?: number;
}

/** A glossary term a file describes. */
export interface TermDef {
  name: string;
  uri: string;
  span: Span;
  /**
   * For an option description or an `:option:` reference: the program `.. program::` made current before it in
   * the document (null: none, or `.. program:: None`), words joined by `-` as Sphinx joins them.
   */
  program?: string | null;
  /**
   * Whether `program` is surely what Sphinx has there: false in a file pulled in by an include, in a document
   * that includes one, or one holding content of a directive this reading does not know (a `.. program::` may
   * hide there).
   */
  programKnown?: boolean;
  /** The Sphinx project of the file, set by the index. */
  project?: string;
  order?: number;
}

/** A cross-reference role: `` :ref:`x` ``, `` :doc:`x` ``, `` :download:`x` ``, `` :numref:`x` ``. */
export interface XRef {
  role: 'ref' | 'doc' | 'download' | 'numref';
  /** The target as written (the part in `<...>` when there is an explicit title). */
  target: string;
  /** The span of the target text. */
  span: Span;
  /** The whole role, for diagnostics. */
  whole: Span;
  explicitTitle: boolean;
}

/** What the workspace knows of one file. */
export interface FileSummary {
  uri: string;
  version: number;
  text: string;
  lineStarts: ArrayLike<number>;
  doc: RstDocument;
  labels: LabelDef[];
  xrefs: XRef[];
  /** The first section title: what `:doc:` shows. */
  title?: string;
  /** For a file pulled in by `.. include::` and not a document itself: the document that includes it. */
  includedFrom?: string;
  /** Glossary terms the file describes. */
  terms: TermDef[];
  /** Citations it defines (`.. [RFC4364] ...`) and cites (`[RFC4364]_`): Sphinx's citations are the project's. */
  citations: TermDef[];
  citationRefs: TermDef[];
  /** Command-line options it describes (`.. option:: -v, --verbose`) and its `:option:` targets as written. */
  options: TermDef[];
  optionRefs: TermDef[];
  /** What the file's toctrees and includes say (a change re-reads the project's toctree structure). */
  tocShape: string;
  /** Its section titles (a change re-reads the project's autosectionlabel labels). */
  sectionShape: string;
  /** The names of the directives the document holds, sorted, one each (a change re-checks `directives` users). */
  directiveShape: string;
  /**
   * The roles it declares with `.. role::` (lowercased, as docutils registers them), one each: docutils keeps them
   * for the rest of the build, so the documents a full build reads after this one know them (`declaredRoles`).
   */
  declaredRoles: string[];
  /** The Sphinx project of the file (the folder holding conf.py), set by the index once per version. */
  project?: string;
}

const OPTION_DIRECTIVES = new Set(['option', 'cmdoption', 'std:option', 'std:cmdoption']);

/** The option names of an option description, as Sphinx's Cmdoption reads them (`-f, --file=<path>`: `-f`, `--file`). */
export function optionNames(signature: string): string[] {
  const out: string[] = [];
  for (const part of signature.split(', ')) {
    const m = /^((?:\/|--|-|\+)?[^\s=]+)(=?\s*.*)$/s.exec(part.trim());
    if (!m) continue;
    let name = m[1];
    if (name.endsWith('[') && m[2].endsWith(']')) name = name.slice(0, -1);
    out.push(name);
  }
  return out;
}

const XREF_ROLES = new Set(['ref', 'doc', 'download', 'numref', 'std:ref', 'std:doc', 'std:numref']);

/** Labels, cross-references and the title of a parsed document. */
export function summarize(uri: string, version: number, doc: RstDocument, includedFrom?: string): FileSummary {
  const flat = flatten(doc);
  const labels: LabelDef[] = [];
  const xrefs: XRef[] = [];
  const terms: TermDef[] = [];
  const citations: TermDef[] = [];
  const citationRefs: TermDef[] = [];
  const options: TermDef[] = [];
  const optionRefs: TermDef[] = [];
  const toc: string[] = [];
  // `.. program::` in document order: the program of an option description or reference is the last one before it.
  const programs: { at: number; program: string | null }[] = [];
  let programKnown = includedFrom === undefined;
  const directives = new Set<string>();
  const declaredRoles = new Set<string>();
  for (const b of flat.directives) {
    directives.add(b.name);
    if (b.name === 'role') {
      const m = /^([^\s(]+)/.exec(b.argument.trim());
      if (m) declaredRoles.add(m[1].toLowerCase());
    }
    if (b.name === 'program' || b.name === 'std:program') {
      const name = b.argument.trim().replace(/\s+/g, '-');
      programs.push({ at: b.start, program: name === 'None' || name === '' ? null : name });
    } else if (b.name === 'include' || ((b.unknown || b.opaque) && b.content)) programKnown = false;
  }
  const programAt = (offset: number): string | null => {
    let p: string | null = null;
    for (const x of programs) {
      if (x.at >= offset) break;
      p = x.program;
    }
    return p;
  };
  // A target stands before the next non-target block; when that block is a section, the label names it.
  const indirect: TargetBlock[] = [];
  for (let i = 0; i < flat.blocks.length; i++) {
    const b = flat.blocks[i];
    if (b.kind === 'target' && !b.anonymous && b.uri === undefined && !b.indirect) {
      const named = namedByTarget(flat.blocks, i);
      if (named === 'external') continue;
      labels.push({ name: b.refname, uri, span: b.nameSpan, title: named?.kind === 'section' ? named.title : undefined, owner: includedFrom });
    } else if (b.kind === 'target' && !b.anonymous && b.indirect) {
      indirect.push(b);
    } else if (b.kind === 'citation') {
      citations.push({ name: b.label, uri, span: b.labelSpan });
    } else if (b.kind === 'directive') {
      for (const o of (b as DirectiveBlock).options) {
        if (o.name === 'name' && o.value) labels.push({ name: normalizeName(o.value), uri, span: o.valueSpan, title: captionOf(b), owner: includedFrom });
      }
      if (OPTION_DIRECTIVES.has(b.name)) {
        for (const name of optionNames(b.argument)) options.push({ name, uri, span: b.argumentSpan ?? b.nameSpan, program: programAt(b.start), programKnown });
      }
      if (b.name === 'glossary') for (const t of b.glossaryTerms ?? []) terms.push({ name: t.name, uri, span: t.span });
      // A project's own toctree directive (scikit-image's `naturalsortedtoctree`) counts by its name's end.
      else if (b.name.endsWith('toctree')) toc.push(doc.text.slice(b.start, b.end));
      else if ((b.unknown || b.opaque) && b.content && doc.text.slice(b.content.start, b.content.end).includes('toctree::')) toc.push(doc.text.slice(b.start, b.end)); // its toctrees count (toctree.ts)
      // With the options that choose the part it reads: the labels another document reads from it follow them.
      else if (b.name === 'include') toc.push(['include ' + b.argument, ...b.options.map((o) => `${o.name}:${o.value}`)].join('\u0001'));
    }
  }
  for (const i of flat.inlines) {
    if (i.kind === 'citationRef') citationRefs.push({ name: i.label, uri, span: i.labelSpan });
    // An inline target (`` _`in-line targets` ``) is one of Sphinx's anonymous labels: `:ref:` reaches it.
    if (i.kind === 'inlineTarget') labels.push({ name: i.refname, uri, span: i.nameSpan, owner: includedFrom });
    // Sphinx's XRefRole: a text that starts with `!` is shown as it is, no reference made (`:ref:`!Any``).
    if (i.kind === 'interpreted' && i.text.startsWith('!')) continue;
    if (i.kind === 'interpreted' && (i.role === 'option' || i.role === 'std:option')) {
      const x = splitExplicitTitle(i.text, (i as InterpretedInline).contentSpan.start, rawContent(doc.text, i as InterpretedInline));
      if (x.target) optionRefs.push({ name: x.target, uri, span: x.span, program: programAt(i.start), programKnown });
    }
    if (i.kind !== 'interpreted' || !i.role || !XREF_ROLES.has(i.role)) continue;
    const role = i.role.replace(/^std:/, '') as XRef['role'];
    const x = splitExplicitTitle(i.text, (i as InterpretedInline).contentSpan.start, rawContent(doc.text, i as InterpretedInline));
    // As the build reads it, where an extension put values in for tokens first (esp-docs' `{IDF_TARGET_PATH_NAME}`); a
    // target holding a value only the build knows is not judged.
    const target = asBuiltText(doc, x.target);
    if (target === undefined) continue;
    xrefs.push({ role, target, span: x.span, whole: { start: i.start, end: i.end }, explicitTitle: x.explicit });
  }
  // `.. _other-label: some-label_`: docutils points the target at the one it names, and Sphinx's standard domain
  // then has a label of it, with that one's title (sphinxcontrib-websupport's docs). Chains are followed.
  if (indirect.length) {
    const sections = new Map<string, string>();
    for (const sec of doc.sections) if (!sections.has(sec.refname)) sections.set(sec.refname, sec.title);
    let pending = indirect;
    for (let round = 0; pending.length && round < 8; round++) {
      const next: TargetBlock[] = [];
      for (const b of pending) {
        const to = labels.find((l) => l.name === b.indirect && l.uri === uri);
        if (to) labels.push({ name: b.refname, uri, span: b.nameSpan, title: to.title, owner: includedFrom });
        else if (sections.has(b.indirect!)) labels.push({ name: b.refname, uri, span: b.nameSpan, title: sections.get(b.indirect!), owner: includedFrom });
        else next.push(b);
      }
      if (next.length === pending.length) break;
      pending = next;
    }
  }
  return withDerivedSlot({
    uri,
    version,
    text: doc.text,
    lineStarts: doc.lines.start, // the parser's line table breaks lines as buildLineStarts does (shared, not copied)
    doc,
    labels,
    xrefs,
    title: doc.sections[0]?.title,
    includedFrom,
    terms,
    citations,
    citationRefs,
    options,
    optionRefs,
    tocShape: toc.join('\u0000'),
    sectionShape: doc.sections.map((x) => x.title).join('\u0000'),
    directiveShape: [...directives].sort().join('\u0000'),
    declaredRoles: [...declaredRoles],
  });
}

/** A role's content as written. */
export function rawContent(text: string, i: InterpretedInline): string {
  return text.slice(i.contentSpan.start, i.contentSpan.end);
}

function captionOf(b: DirectiveBlock): string | undefined {
  return b.options.find((o) => o.name === 'caption')?.value || undefined;
}
