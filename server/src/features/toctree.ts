/**
 * Sphinx's toctree checks, in a project with a conf.py (`sphinx/directives/other.py` and the toctree
 * collector): an entry naming no document, a `:glob:` pattern matching nothing, an entry naming an excluded
 * document or a document without a title, and a document that no toctree includes (`:orphan:`, the root
 * document and excluded files excepted).
 */
import { asBuiltText } from '../rst/sourceRead';
import { docnameOf, sphinxPattern, type SphinxProject } from '../project/project';
import type { DirectiveBlock, RstDocument, RstProblem, Span } from '../rst/types';
import { encodePath } from '../common/uri';
import { derived, derivedKey } from '../rst/derived';
import { flatten } from '../rst/walk';
import type { FeatureContext } from './types';
import type { MystToctree } from '../project/myst';
import { autosummaryWrites } from './autosummary';
import { resolvePath, type FileSummary } from './workspace';

/** One entry of a toctree, resolved. */
interface TocEntry {
  span: Span;
  written: string;
  /** Docnames (relative to the source directory, no suffix) it names; a glob may name several. */
  docnames: string[];
  glob: boolean;
  external: boolean;
  /** Written `:tags: entry` for an extension that keeps it only when the build's tags hold (`SphinxProject.toctreeTagFilter`). */
  tagged?: boolean;
}

const GLOB_CHARS = /[*?[]/;

/**
 * The pages the HTML builder writes that a toctree may name (Sphinx 5.2, #10673: `StandardDomain._virtual_doc_names`,
 * which `TocTree.parse_content` adds to the documents it accepts).
 */
const VIRTUAL_DOCNAMES = new Set(['genindex', 'modindex', 'search']);

/** Problems of the toctrees of one document, and the not-in-toctree check for it. */
export function toctreeDiagnostics(ctx: FeatureContext, file: FileSummary, project: SphinxProject, uses: Set<string> = new Set()): RstProblem[] {
  const out: RstProblem[] = [];
  const docs = projectDocs(ctx, project);
  const me = docnameOf(project, file.uri);
  if (me === undefined) return out;
  for (const b of flatten(file.doc).directives) {
    if (b.name !== 'toctree' && !project.toctreeDirectives.has(b.name)) continue;
    const hidden = b.options.some((o) => o.name === 'hidden');
    for (const e of tocEntries(b, file, me, docs.names, project)) {
      if (e.external) continue;
      if (e.glob) {
        if (e.docnames.length || globMayMatchGenerated(project, me, e.written) || globMatchesUnindexed(ctx, project, me, e.written)) continue;
        const message = `toctree glob pattern '${e.written}' didn't match any documents`;
        // A local extension that writes files may write the matches (governance's teams extension writes
        // reference/projects/*.rst, which its `*` toctree lists).
        if (project.buildWriters.length) out.push({ code: 'project.generated-document', message: `${message}; ${mayWrite(project, 'them')}`, start: e.span.start, end: e.span.end });
        else out.push({ code: 'sphinx.toctree-glob-no-match', message, start: e.span.start, end: e.span.end });
        continue;
      }
      const name = e.docnames[0];
      if (docs.names.has(name)) {
        // A hidden toctree is resolved only where the theme draws the whole tree (alabaster does, and warns;
        // openstackdocstheme does not: ironic's hidden entry of a page without a title builds with -W).
        if (hidden) continue;
        uses.add('sections');
        if (withoutTitle(ctx, project, name)) {
          out.push({
            code: 'sphinx.toctree-no-title',
            message: `toctree contains reference to document '${name}' that doesn't have a title: no link will be generated`,
            start: e.span.start,
            end: e.span.end,
          });
        }
        continue;
      }
      if (exists(ctx, project, name) || VIRTUAL_DOCNAMES.has(name)) continue;
      // Whether the build reads a tagged entry depends on tags only the build sets (esp-idf's `:SOC_BT_SUPPORTED:`
      // for some chips; `:maxdepth: 1` written among the entries is one for a tag `maxdepth` that no build sets).
      if (e.tagged) continue;
      if (project.excluded(project.root + encodePath(name) + '.rst')) {
        out.push({ code: 'sphinx.toctree-excluded-document', message: `toctree contains reference to excluded document '${name}'`, start: e.span.start, end: e.span.end });
      } else if (project.buildWriters.length) {
        out.push({ code: 'project.generated-document', message: `toctree contains reference to nonexisting document '${e.written}'; ${mayWrite(project)}`, start: e.span.start, end: e.span.end });
      } else {
        out.push({ code: 'sphinx.toctree-missing-document', message: `toctree contains reference to nonexisting document '${e.written}'`, start: e.span.start, end: e.span.end });
      }
    }
  }
  // Only once the project's root document is indexed is the set of toctrees worth trusting.
  // Where a toctree page is rendered from a template that lists documents in a loop, any document may be in it.
  if (me !== project.conf.rootDoc && docs.names.has(project.conf.rootDoc) && !isOrphan(file.text) && !project.orphanDocuments.has(me) && !docs.included.has(me) && !ablogPost(project, file) && docs.rendered === undefined) {
    const end = file.text.indexOf('\n');
    out.push({ code: 'sphinx.not-in-toctree', message: "document isn't included in any toctree", start: 0, end: end < 0 ? file.text.length : end });
  }
  return out;
}

/** Whether another document of the project pulls this one in with `.. include::` (its names are used there too). */
export function includedByAnother(ctx: FeatureContext, project: SphinxProject, uri: string): boolean {
  const me = docnameOf(project, uri);
  return me !== undefined && projectDocs(ctx, project).inlined.has(me);
}

interface ProjectDocs {
  /** Every indexed document of the project (docnames), excluded ones left out. */
  names: Set<string>;
  /** Docnames some toctree of the project names. */
  included: Set<string>;
  /** Docnames another document pulls in with `.. include::` (a subset of `included`). */
  inlined: Set<string>;
  /** A template of a document the build writes, whose toctree lists documents only the build knows (`renderedToctree`). */
  rendered?: string;
  /** Docnames toctrees name that are not there and that the build writes (`writtenDocuments`), once asked. */
  written?: string[];
}

const docsCache = new WeakMap<SphinxProject, { index: object; generation: number; docs: ProjectDocs }>();

/**
 * The project's documents and what its toctrees include: gathered again only when a toctree or an include
 * changes or a document comes or goes, not on every keystroke.
 */
function projectDocs(ctx: FeatureContext, project: SphinxProject): ProjectDocs {
  const hit = docsCache.get(project);
  if (hit && hit.index === ctx.index && hit.generation === ctx.index.tocGeneration) return hit.docs;
  const names = new Set<string>();
  const files: FileSummary[] = [];
  for (const f of ctx.index.all()) {
    if (!f.uri.startsWith(project.root) || project.excluded(f.uri)) continue;
    const name = docnameOf(project, f.uri);
    if (name === undefined) continue;
    names.add(name);
    files.push(f);
  }
  // Markdown documents (MyST) are documents of the build too, and their toctrees include documents.
  const markdown: { me: string; toctrees: MystToctree[] }[] = [];
  for (const m of ctx.index.markdownDocs()) {
    if (!m.uri.startsWith(project.root) || project.excluded(m.uri)) continue;
    const name = docnameOf(project, m.uri);
    if (name === undefined) continue;
    names.add(name);
    markdown.push({ me: name, toctrees: m.summary.toctrees });
  }
  const included = new Set<string>();
  const inlined = new Set<string>();
  /** The documents a glob entry of document `me` includes (never `me` itself, as Sphinx's toctree glob). */
  const expand = (me: string, glob: string) => {
    const pattern = sphinxPattern(docnameJoin(me, glob));
    for (const n of names) if (n !== me && pattern.test(n)) included.add(n);
  };
  for (const { me, toctrees } of markdown) {
    for (const t of toctrees) {
      for (const entry of t.entries) {
        const { ref, explicit } = entryTarget(entry);
        if (externalEntry(ref, entry)) continue;
        const named = entryName(me, ref, explicit, t.glob, project.conf.sourceSuffix);
        if (named.glob !== undefined) expand(me, named.glob);
        else included.add(named.docname);
      }
    }
  }
  // sphinx-external-toc's site map: every document it lists is in the toctrees the extension builds.
  for (const f of project.externalToc?.files ?? []) included.add(f);
  for (const g of project.externalToc?.globs ?? []) {
    const pattern = sphinxPattern(g);
    for (const n of names) if (pattern.test(n)) included.add(n);
  }
  for (const f of files) {
    const me = docnameOf(project, f.uri)!;
    const refs = fileRefs(ctx, project, f);
    for (const d of refs.included) included.add(d);
    for (const d of refs.inlined) inlined.add(d);
    for (const g of refs.globs) expand(me, g);
  }
  // A file a document includes that is no document itself (`part.inc`, a README outside the source folder) may
  // include others in turn: Sphinx notes every include, nested ones too, as included by the document it reads,
  // and reads their paths from that document's folder (`env.relfn2path`): pluggy's CHANGELOG.rst includes the
  // changelog draft its docs build writes. Its toctrees are that document's too, their entries read from it:
  // bokeh's `glyphs.rst` documents a module whose docstring holds a glob toctree of the glyph pages.
  for (const f of ctx.index.all()) {
    const shape = f.directiveShape;
    if ((!shape.includes('include') && !shape.includes('toctree')) || (f.uri.startsWith(project.root) && names.has(docnameOf(project, f.uri) ?? ''))) continue;
    const host = f.includedFrom ?? ctx.ws.includedBy?.(f.uri);
    if (host === undefined || !host.startsWith(project.root) || host === f.uri) continue;
    const hostName = docnameOf(project, host);
    for (const b of flatten(f.doc).directives) {
      if (hostName !== undefined && (b.name === 'toctree' || project.toctreeDirectives.has(b.name))) {
        for (const e of tocEntries(b, f, hostName, undefined, project)) {
          if (e.external) continue;
          if (e.glob) expand(hostName, e.written);
          else for (const d of e.docnames) included.add(d);
        }
        continue;
      }
      if (b.name !== 'include' || !b.argument.trim() || b.argument.trim().startsWith('<')) continue;
      const name = docnameOf(project, resolvePath(ctx.ws, host, b.argument.trim()));
      if (name === undefined) continue;
      included.add(name);
      inlined.add(name);
    }
  }
  const docs = { names, included, inlined, rendered: renderedToctree(ctx, project, names, included) };
  docsCache.set(project, { index: ctx.index, generation: ctx.index.tocGeneration, docs });
  return docs;
}

/**
 * The documents the project's toctrees name that are not there and that the build writes (`SphinxProject.generated`:
 * a file the repository ignores, or one its code writes): PowerDNS Recursor's `yamlsettings`, which its build writes
 * from the settings table before Sphinx runs. Their labels are not known here.
 */
export function writtenDocuments(ctx: FeatureContext, project: SphinxProject): readonly string[] {
  const docs = projectDocs(ctx, project);
  if (docs.written) return docs.written;
  const written: string[] = [];
  for (const d of docs.included) {
    // A document that is there is indexed (`names`); `ctx.ws.exists` counts written files as there.
    if (docs.names.has(d)) continue;
    const uris = project.conf.sourceSuffix.map((s) => project.root + encodePath(d) + s);
    // Not a folder an extension fills whole (sphinx-apidoc's output): its pages describe modules, with no labels.
    if (uris.some((u) => project.generated(u) && !project.excluded(u) && !project.generatedFolders.some((f) => u.startsWith(f)))) written.push(d);
  }
  docs.written = written.sort();
  return docs.written;
}

/** Suffixes of a template a build script renders into a document of the same name (`accepted.rst.tmpl`). */
const TEMPLATE_SUFFIXES = ['.rst.tmpl', '.tmpl', '.rst.in', '.rst.j2', '.rst.jinja', '.rst.jinja2'];

/**
 * A document a toctree names that the build writes (it is not there, and `generated` says the build makes it)
 * from a template beside it whose toctree a Jinja loop fills (NumPy's NEPs: `accepted.rst.tmpl`, rendered by the
 * script the Makefile runs before sphinx-build, lists every accepted NEP): the template's name, else undefined.
 * Which documents such a toctree lists is known only when the build runs.
 */
function renderedToctree(ctx: FeatureContext, project: SphinxProject, names: ReadonlySet<string>, included: ReadonlySet<string>): string | undefined {
  if (!ctx.ws.readFile) return undefined;
  for (const name of included) {
    if (names.has(name) || !exists(ctx, project, name)) continue;
    for (const suffix of TEMPLATE_SUFFIXES) {
      const text = ctx.ws.readFile(project.root + encodePath(name) + suffix);
      if (text !== undefined && /^[ \t]*\.\.[ \t]+toctree::/m.test(text) && /\{%-?\s*for\b/.test(text)) return name + suffix;
    }
  }
  return undefined;
}

const FILE_REFS = derivedKey<{ included: string[]; inlined: string[]; globs: string[] }>('toctree and include references');

/**
 * What one file's toctrees and includes name (kept per indexed version of the file, so a keystroke in one
 * document re-reads only that document): plain entries and included files as docnames, glob patterns as
 * written.
 */
function fileRefs(ctx: FeatureContext, project: SphinxProject, f: FileSummary): { included: string[]; inlined: string[]; globs: string[] } {
  return derived(f, FILE_REFS, () => readFileRefs(ctx, project, f));
}

function readFileRefs(ctx: FeatureContext, project: SphinxProject, f: FileSummary): { included: string[]; inlined: string[]; globs: string[] } {
  const me = docnameOf(project, f.uri)!;
  const included: string[] = [];
  const inlined: string[] = [];
  const globs: string[] = [];
  for (const b of flatten(f.doc).directives) {
    if (b.name === 'toctree' || project.toctreeDirectives.has(b.name)) {
      for (const e of tocEntries(b, f, me, undefined, project)) {
        if (e.external) continue;
        if (e.glob) globs.push(e.written);
        else included.push(...e.docnames);
      }
    } else if ((b.unknown || b.opaque) && b.content && f.text.includes('toctree::', b.content.start)) {
      // An unknown directive (an extension this reading does not know, such as sphinx-panels' `panels`), or
      // one known by name only, usually parses its content as RST: the toctrees written in it count.
      for (const e of rawToctreeEntries(f.text.slice(b.content.start, b.content.end))) {
        const named = entryName(me, e.ref, e.explicit, e.glob, project.conf.sourceSuffix);
        if (named.glob !== undefined) globs.push(named.glob);
        else included.push(named.docname);
      }
    } else if (b.name === 'include' && b.argument.trim() && !b.argument.trim().startsWith('<')) {
      // A document pulled into another with `.. include::` is part of that one (Sphinx's env.included).
      const name = docnameOf(project, resolvePath(ctx.ws, f.uri, b.argument.trim()));
      if (name !== undefined) {
        included.push(name);
        inlined.push(name);
      }
    }
  }
  return { included, inlined, globs };
}

/**
 * The entries of the `.. toctree::` directives written in a text that was not parsed (an unknown directive's
 * content): the lines indented under each toctree, past its options; `Title <target>` gives the target.
 */
function rawToctreeEntries(text: string): { ref: string; explicit: boolean; glob: boolean }[] {
  const out: { ref: string; explicit: boolean; glob: boolean }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const head = /^([ \t]*)\.\.[ \t]+toctree::[ \t]*$/.exec(lines[i]);
    if (!head) continue;
    const indent = head[1].length;
    let glob = false;
    let options = true;
    for (i++; i < lines.length; i++) {
      const line = lines[i];
      const entry = line.trim();
      if (!entry) {
        options = false;
        continue;
      }
      if (line.length - line.trimStart().length <= indent) {
        i--;
        break;
      }
      if (options && entry.startsWith(':')) {
        if (/^:glob:/.test(entry)) glob = true;
        continue;
      }
      options = false;
      const target = entryTarget(entry);
      if (!externalEntry(target.ref, entry)) out.push({ ...target, glob });
    }
  }
  return out;
}

/**
 * What a toctree entry of document `me` names: a glob pattern as written (in a `:glob:` toctree, an entry
 * with a glob character and no explicit title), else a docname (relative to `me`, any source suffix dropped).
 */
function entryName(me: string, ref: string, explicit: boolean, glob: boolean, suffixes: readonly string[]): { glob: string; docname?: undefined } | { glob?: undefined; docname: string } {
  if (glob && !explicit && GLOB_CHARS.test(ref)) return { glob: ref };
  // Sphinx's TocTree.parse_content: the first of the project's source suffixes the entry ends with is taken off
  // (nbsphinx's `tasks.ipynb`).
  const suffix = suffixes.find((x) => ref.endsWith(x));
  return { docname: docnameJoin(me, suffix ? ref.slice(0, -suffix.length) : ref) };
}

/** A toctree entry's target: `Title <target>` gives the target (`explicit`), else the entry is the target. */
function entryTarget(entry: string): { ref: string; explicit: boolean } {
  const m = /^(.+?)\s*<([^<]*?)>$/.exec(entry);
  return m ? { ref: m[2], explicit: true } : { ref: entry, explicit: false };
}

/**
 * `self` or a URL: an entry that names no document. Sphinx's `url_re` (`.+://`) is matched against the whole
 * entry, so `` `Terms <https://example.org/terms>`_ `` (a hyperlink written as in a paragraph) is a URL too
 * (readthedocs.org's policies page).
 */
function externalEntry(ref: string, entry: string): boolean {
  return ref === 'self' || /^.+:\/\//.test(entry);
}

/** Sphinx's docname_join: relative to the document's folder, `/` from the source directory. */
function docnameJoin(base: string, name: string): string {
  const parts = (name.startsWith('/') ? name : base.split('/').slice(0, -1).join('/') + '/' + name).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/**
 * The entries of a toctree; glob patterns are matched against `names` (left unexpanded without it). With an
 * extension whose toctree filters entries by tags (`SphinxProject.toctreeTagFilter`), `:tags: entry` is `entry`
 * (esp-docs' toctree_filter: `^\s*:(.+?):\s*(.+)$`), marked `tagged`.
 */
function tocEntries(b: DirectiveBlock, f: { text: string; doc: RstDocument }, me: string, names: Set<string> | undefined, project: SphinxProject): TocEntry[] {
  if (!b.content) return [];
  const text = f.text;
  const suffixes = project.conf.sourceSuffix;
  const glob = b.options.some((o) => o.name === 'glob');
  const out: TocEntry[] = [];
  let pos = b.content.start;
  const body = text.slice(b.content.start, b.content.end);
  for (const line of body.split('\n')) {
    const lineStart = pos;
    pos += line.length + 1;
    const written = line.trim();
    if (!written) continue;
    const tagged = project.toctreeTagFilter ? /^:.+?:\s*(?=\S)/.exec(written) : null;
    const entry = tagged ? written.slice(tagged[0].length) : written;
    const at = lineStart + line.indexOf(written) + (tagged ? tagged[0].length : 0);
    const { ref: writtenRef, explicit } = entryTarget(entry);
    const refAt = explicit ? at + entry.lastIndexOf('<' + writtenRef + '>') + 1 : at;
    const span = { start: refAt, end: refAt + writtenRef.length };
    // As the build reads it, where an extension put values in for tokens first (esp-docs' `{IDF_TARGET_TRM_EN_URL}`);
    // an entry holding a value only the build knows is not judged.
    const ref = asBuiltText(f.doc, writtenRef);
    if (ref === undefined || externalEntry(ref, entry)) {
      out.push({ span, written: writtenRef, docnames: [], glob: false, external: true });
      continue;
    }
    const named = entryName(me, ref, explicit, glob, suffixes);
    if (named.glob !== undefined) {
      const pattern = sphinxPattern(docnameJoin(me, named.glob));
      out.push({ span, written: ref, docnames: names ? [...names].filter((n) => n !== me && pattern.test(n)) : [], glob: true, external: false });
      continue;
    }
    out.push({ span, written: ref, docnames: [named.docname], glob: false, external: false, ...(tagged ? { tagged: true } : {}) });
  }
  return out;
}

/** Why a missing document may exist when the build runs: the project's own code writes files then. */
export function mayWrite(project: SphinxProject, what: 'it' | 'them' = 'it'): string {
  const w = project.buildWriters;
  const who = w.length === 1 ? `the local extension ${w[0]}` : `the local extensions ${w.slice(0, 3).join(', ')}${w.length > 3 ? ', ...' : ''}`;
  return `${who} ${w.length === 1 ? 'writes files or runs programs' : 'write files or run programs'} when the build runs, and may write ${what}`;
}

/**
 * Whether a `:glob:` entry that matches no document may match pages an extension writes into a folder when the
 * build starts (magnum-ui's `api/*` beside `apidoc_output_dir = 'contributor/api'`: sphinxcontrib.apidoc runs
 * sphinx-apidoc at builder-inited, before Sphinx reads the toctree). The folder is the pattern's part before its
 * first glob character; a written folder below it counts only when the rest of the pattern can reach it (`*`
 * matches no `/`, `**` does).
 */
function globMayMatchGenerated(project: SphinxProject, me: string, glob: string): boolean {
  const full = docnameJoin(me, glob);
  const first = full.search(/[*?[]/);
  const literal = first < 0 ? full : full.slice(0, first);
  const folder = project.root + encodePath(literal.slice(0, literal.lastIndexOf('/') + 1));
  const deeper = /\/|\*\*/.test(full.slice(literal.lastIndexOf('/') + 1));
  if (project.generatedFolders.some((f) => folder.startsWith(f) || (deeper && f.startsWith(folder)))) return true;
  // A folder git ignores is no part of a checkout: the build writes it (peps' `topic/*`, written at
  // env-before-read-docs; ansible's `collections/index_*`).
  if (folder !== project.root && project.generated(folder)) return true;
  // A document written by a path named whole, or by its name in a folder the code computes (napalm's conf.py
  // writes `"{0}/index.rst".format(module_dir)`: `napalm_*/index` may match), as `generated` takes them.
  const pattern = sphinxPattern(full);
  for (const uri of project.generatedFiles) {
    const name = docnameOf(project, uri);
    if (name !== undefined && name !== me && pattern.test(name)) return true;
  }
  const last = sphinxPattern(full.slice(full.lastIndexOf('/') + 1));
  for (const file of project.writtenNames) {
    const suffix = project.conf.sourceSuffix.find((x) => file.endsWith(x));
    if (suffix && !file.startsWith('*') && last.test(file.slice(0, -suffix.length))) return true;
  }
  return false;
}

/** At most this many folder entries are looked at for a glob's documents of suffixes the index does not hold. */
const UNINDEXED_GLOB_ENTRIES = 5000;

/**
 * Whether a glob of a toctree matches documents of a source suffix the index does not hold (nbsphinx's
 * `.ipynb` notebooks, under `subdir/*`): the folders under the glob's literal head are listed, not read.
 */
function globMatchesUnindexed(ctx: FeatureContext, project: SphinxProject, me: string, glob: string): boolean {
  const suffixes = project.conf.sourceSuffix.filter((s) => s !== '.rst');
  if (!suffixes.length || !ctx.ws.listDir) return false;
  const full = docnameJoin(me, glob);
  const pattern = sphinxPattern(full);
  const first = full.search(/[*?[]/);
  const head = (first < 0 ? full : full.slice(0, first)).replace(/[^/]*$/, '');
  const deeper = /\/|\*\*/.test(full.slice(head.length));
  const folders = [head];
  let budget = UNINDEXED_GLOB_ENTRIES;
  while (folders.length && budget > 0) {
    const folder = folders.pop()!;
    const entries = ctx.ws.listDir(project.root + encodePath(folder)) ?? [];
    for (const entry of entries) {
      if (--budget < 0) break;
      if (entry.folder) {
        if (deeper && !entry.name.startsWith('.')) folders.push(folder + entry.name + '/');
        continue;
      }
      const suffix = suffixes.find((s) => entry.name.endsWith(s));
      if (!suffix) continue;
      const docname = folder + entry.name.slice(0, -suffix.length);
      if (docname !== me && pattern.test(docname) && !project.excluded(project.root + encodePath(folder + entry.name))) return true;
    }
  }
  return false;
}

/** A document of another source suffix, or one an extension generates during the build. */
function exists(ctx: FeatureContext, project: SphinxProject, docname: string): boolean {
  return project.conf.sourceSuffix.some((s) => {
    const uri = project.root + encodePath(docname) + s;
    return project.generated(uri) || ctx.ws.exists(uri) || (s === '.rst' && autosummaryWrites(ctx, project, uri));
  });
}

/**
 * A document whose table of contents Sphinx finds empty: no section title and no toctree (Sphinx's toctree
 * collector). Not judged: a document that includes a file (its title may be there), holds an unknown
 * directive or a directive of an extension (which may write sections).
 */
function withoutTitle(ctx: FeatureContext, project: SphinxProject, docname: string): boolean {
  const target = project.conf.sourceSuffix.map((s) => ctx.index.get(project.root + encodePath(docname) + s)).find((f) => f !== undefined);
  if (!target || target.doc.sections.length) return false;
  for (const b of flatten(target.doc).directives) {
    if (b.name === 'toctree' || b.name === 'include' || b.unknown || project.providers.has('directive:' + b.name)) return false;
  }
  return true;
}

/**
 * A blog post of ablog, which marks every document holding a `.. post::` as orphan unless conf.py sets
 * `post_auto_orphan = False` (sunpy/ablog src/ablog/post.py, `process_posts`): psutil's posts are in no toctree.
 */
function ablogPost(project: SphinxProject, file: FileSummary): boolean {
  if (project.conf.values.post_auto_orphan === false || ![...project.knownExtensions, ...project.unknownExtensions].includes('ablog')) return false;
  return flatten(file.doc).blocks.some((b) => b.kind === 'directive' && b.name === 'post');
}

/**
 * `:orphan:` in the document's first field list (its metadata). docutils takes a field list for the document's
 * metadata when only invisible elements stand before it (`PreBibliographic`): comments, hyperlink targets and
 * substitution definitions (bokeh's pages start with a label, then `:orphan:`), not a footnote or a directive.
 */
function isOrphan(text: string): boolean {
  const lines = text.split('\n', 200);
  let i = 0;
  // Skip leading blank lines, comments, targets and substitution definitions (with their indented bodies).
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (!l.trim()) continue;
    if (/^\.\.(\s|$)/.test(l) && !/^\.\.\s+[^\s|]\S*::/.test(l) && !/^\.\.\s+\[/.test(l)) {
      while (i + 1 < lines.length && (/^\s+\S/.test(lines[i + 1]) || !lines[i + 1].trim())) i++;
      continue;
    }
    break;
  }
  for (; i < lines.length && /^:[^:]+:/.test(lines[i]); i++) {
    if (/^:orphan:/.test(lines[i])) return true;
    while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1])) i++;
  }
  return false;
}
