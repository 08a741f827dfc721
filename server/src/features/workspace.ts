import { buildLineStarts, offsetToPosition } from '../rst/lines';
import { summarizeMyst, type MystSummary } from '../project/myst';
import { dirOf, joinUri, safeDecode } from '../common/uri';
import { editDistance, normalizeName } from '../rst/text';
import type { RstDocument, Span } from '../rst/types';
import { type FileSummary, type IWorkspace, type LabelDef, type TermDef, summarize } from './summary';

// What a document's summary holds, for the modules that import it from here.
export { rawContent, splitExplicitTitle, summarize, type FileSummary, type IWorkspace, type LabelDef, type TermDef, type XRef } from './summary';

/** Definitions of one kind (labels, terms) by name, each list in workspace order, kept up to date per file. */
class DefTable<D extends { name: string; uri: string; span: Span; project?: string; order?: number; title?: string }> {
  readonly byName = new Map<string, D[]>();
  /** Per project: how many definitions each name has there, and the names by length ("did you mean"). */
  private readonly projects = new Map<string, { count: Map<string, number>; byLength: Map<number, Set<string>>; generation: number }>();

  constructor(private readonly key: (d: D) => string) {}

  /** Replaces the definitions of one file; reports the names whose definitions changed. */
  replace(old: readonly D[], now: readonly D[], changed: (key: string) => void, namesChanged: (project: string) => void = () => undefined): void {
    if (!old.length && !now.length) return;
    // The usual keystroke: the same definitions, at most moved. Swap them in place.
    if (old.length === now.length && old.every((d, i) => sameDef(d, now[i]))) {
      const moved = new Set<string>();
      old.forEach((d, i) => {
        const k = this.key(d);
        const list = this.byName.get(k)!;
        list[list.indexOf(d)] = now[i];
        if (d.span.start !== now[i].span.start || d.span.end !== now[i].span.end) moved.add(k);
      });
      for (const k of moved) changed('@' + k);
      return;
    }
    const touched = new Map<string, { before: D[]; after: D[] }>();
    const entry = (k: string) => {
      let e = touched.get(k);
      if (!e) touched.set(k, (e = { before: [], after: [] }));
      return e;
    };
    // Whether each (project, name) had a definition before: the project's names change only when that flips.
    const presence = new Map<string, { project: string; name: string; had: boolean }>();
    const remember = (d: D, k: string) => {
      const pk = d.project ?? '';
      const id = pk + '\u0000' + k;
      if (!presence.has(id)) presence.set(id, { project: pk, name: k, had: !!this.projects.get(pk)?.count.has(k) });
    };
    for (const d of old) remember(d, this.key(d));
    for (const d of now) remember(d, this.key(d));
    // The order of a name (its first definition anywhere) breaks ties between suggestions.
    const firstBefore = new Map<string, number | undefined>();
    for (const d of [...old, ...now]) {
      const k = this.key(d);
      if (!firstBefore.has(k)) firstBefore.set(k, this.byName.get(k)?.[0].order);
    }
    for (const d of old) {
      const k = this.key(d);
      entry(k).before.push(d);
      const list = this.byName.get(k);
      const at = list ? list.indexOf(d) : -1;
      if (at < 0) continue;
      list!.splice(at, 1);
      if (!list!.length) this.byName.delete(k);
      this.count(d.project, k, -1);
    }
    for (const d of now) {
      const k = this.key(d);
      entry(k).after.push(d);
      const list = this.byName.get(k);
      if (!list) this.byName.set(k, [d]);
      else {
        // Keep workspace order (the order a fresh walk of the files would give).
        let i = list.length;
        while (i > 0 && list[i - 1].order! > d.order!) i--;
        list.splice(i, 0, d);
      }
      this.count(d.project, k, 1);
    }
    for (const [k, order] of firstBefore) if (this.byName.get(k)?.[0].order !== order) this.orderGeneration++;
    for (const { project, name, had } of presence.values()) {
      const p = this.projects.get(project);
      if (p && p.count.has(name) !== had) {
        p.generation++;
        namesChanged(project);
      }
    }
    for (const [k, { before, after }] of touched) {
      const same = (f: (d: D) => string) => before.map(f).join('\u0001') === after.map(f).join('\u0001');
      if (!same((d) => `${d.uri}\u0000${d.project ?? ''}\u0000${d.name}\u0000${d.title === undefined ? '' : d.title}`)) changed(k);
      else if (!same((d) => `${d.span.start}:${d.span.end}`)) changed('@' + k);
    }
  }

  private count(project: string | undefined, name: string, delta: number): void {
    const pk = project ?? '';
    let p = this.projects.get(pk);
    if (!p) this.projects.set(pk, (p = { count: new Map(), byLength: new Map(), generation: 0 }));
    const n = (p.count.get(name) ?? 0) + delta;
    if (n > 0) {
      p.count.set(name, n);
      if (n === delta) {
        let bucket = p.byLength.get(name.length);
        if (!bucket) p.byLength.set(name.length, (bucket = new Set()));
        bucket.add(name);
      }
    } else {
      p.count.delete(name);
      p.byLength.get(name.length)?.delete(name);
    }
  }

  /** Bumped when the first definition of a name (anywhere) changes: the order of names changed. */
  private orderGeneration = 0;

  /**
   * Changes whenever a name gains its first or loses its last definition in the project, or the order of
   * names changes: what "did you mean" answers depend on.
   */
  namesGeneration(project: string | undefined): string {
    return `${this.projects.get(project ?? '')?.generation ?? 0}:${this.orderGeneration}`;
  }

  /**
   * The name of the project closest to `name` within a small edit distance (as `closest` in rst/text.ts:
   * the smallest distance, then the earliest in workspace order), looking only at names of nearby lengths.
   */
  closest(name: string, project: string | undefined): string | undefined {
    const p = this.projects.get(project ?? '');
    if (!p) return undefined;
    const max = name.length <= 3 ? 1 : name.length <= 6 ? 2 : 3;
    const lower = name.toLowerCase();
    let best: string | undefined;
    let bestD = max + 1;
    let bestOrder = Infinity;
    for (let len = name.length - max; len <= name.length + max; len++) {
      for (const c of p.byLength.get(len) ?? []) {
        if (c === name || Math.abs(c.length - name.length) > Math.min(max, bestD)) continue;
        const d = editDistance(lower, c.toLowerCase(), Math.min(max, bestD));
        if (d > max || d > bestD) continue;
        const order = this.byName.get(c)![0].order!;
        if (d < bestD || order < bestOrder) {
          best = c;
          bestD = d;
          bestOrder = order;
        }
      }
    }
    return best;
  }
}

function sameDef(a: { name: string; uri: string; project?: string; order?: number; title?: string; program?: string | null; programKnown?: boolean }, b: typeof a): boolean {
  return a.name === b.name && a.uri === b.uri && a.project === b.project && a.order === b.order && a.title === b.title && a.program === b.program && a.programKnown === b.programKnown;
}

/** How many definitions a file may hold before the next file's order numbers begin. */
const ORDER_STRIDE = 1e7;

/**
 * Every `.rst` file of the workspace, parsed and summarised; open buffers replace the disk version.
 * Pure: the glue feeds it texts. Labels and glossary terms are kept by name and by project, updated file by
 * file, so a keystroke costs in proportion to the document that changed, not to the workspace. Each change
 * is noted as the names it touched (`takeChanges`), so the glue re-checks only the documents that use them.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, FileSummary>();
  /** Markdown documents of projects that read them (MyST): their labels and toctrees, not checked themselves. */
  private readonly markdown = new Map<string, MarkdownDoc>();
  /** Each file's place in the workspace order (the order files were first added). */
  private readonly seq = new Map<string, number>();
  private nextSeq = 0;
  /** How many indexed files belong to a Sphinx project. */
  private projectFiles = 0;
  private projectsBeside = false;
  private readonly labels = new DefTable<LabelDef>((l) => l.name);
  private readonly termTable = new DefTable<TermDef>((t) => normalizeName(t.name));
  // Sphinx's citation domain compares labels as written (`[bar]_` does not cite `.. [Bar]`).
  private readonly citationTable = new DefTable<TermDef>((t) => t.name);
  private readonly citationRefTable = new DefTable<TermDef>((t) => t.name);
  private readonly optionTable = new DefTable<TermDef>((t) => t.name);
  private readonly suggestions = new Map<string, { generation: string; names: Map<string, string | undefined> }>();
  /**
   * Per project (the key of the document that reads the file: its includer's for an included file), each role
   * declared with `.. role::` and the files declaring it; and what each file declared, under which project.
   */
  private readonly roleTable = new Map<string, Map<string, Set<string>>>();
  private readonly rolesOf = new Map<string, { project: string; roles: readonly string[] }>();
  private namesCache: { generation: number; names: string[] } | undefined;
  private labelsGeneration = 0;
  private tocGenerationCount = 0;
  private sectionGenerationCount = 0;
  private directiveGenerationCount = 0;
  private pending = new Set<string>();
  private pendingAll = false;
  /** Bumped on every change: consumers cache on it. */
  generation = 0;

  constructor(
    private readonly parse: (uri: string, version: number, text: string) => RstDocument,
    /** Called when a file is added or changed (the service indexes the files it includes). */
    private readonly onSet?: (summary: FileSummary) => void,
    /** The Sphinx project of a file (the folder holding conf.py), asked once per indexed version. */
    private readonly projectOf: (uri: string) => string | undefined = () => undefined,
  ) {}

  /** Adds or refreshes a file; `includedFrom` marks a file indexed because a document includes it. */
  set(uri: string, version: number, text: string, includedFrom?: string): FileSummary {
    const old = this.files.get(uri);
    if (old && old.version === version && old.text === text) return old;
    const summary = summarize(uri, version, this.parse(uri, version, text), includedFrom);
    this.put(summary, old);
    this.changed();
    this.onSet?.(summary);
    return summary;
  }

  private put(summary: FileSummary, old: FileSummary | undefined): void {
    const uri = summary.uri;
    let seq = this.seq.get(uri);
    if (seq === undefined) this.seq.set(uri, (seq = this.nextSeq++));
    summary.project = this.projectOf(uri);
    const owner = summary.includedFrom ? this.projectOf(summary.includedFrom) : summary.project;
    summary.labels.forEach((l, i) => {
      l.project = owner;
      l.order = seq * ORDER_STRIDE + i;
    });
    summary.terms.forEach((t, i) => {
      t.project = summary.project;
      t.order = seq * ORDER_STRIDE + i;
    });
    for (const list of [summary.citations, summary.citationRefs, summary.options]) {
      list.forEach((t, i) => {
        t.project = owner;
        t.order = seq * ORDER_STRIDE + i;
      });
    }
    this.files.set(uri, summary);
    this.countProjectFile(old, -1);
    this.countProjectFile(summary, 1);
    this.labels.replace(old?.labels ?? [], summary.labels, (k) => this.labelChanged(k), (p) => this.note('labels:' + p));
    this.termTable.replace(old?.terms ?? [], summary.terms, (k) => this.note(k.startsWith('@') ? '@term:' + k.slice(1) : 'term:' + k));
    this.citationTable.replace(old?.citations ?? [], summary.citations, this.citationChanged);
    this.citationRefTable.replace(old?.citationRefs ?? [], summary.citationRefs, this.citeChanged);
    this.optionTable.replace(old?.options ?? [], summary.options, this.optionChanged);
    this.replaceRoles(uri, owner ?? '', summary.declaredRoles);
    if (!old) this.note('doc:' + uri);
    if (!old || old.tocShape !== summary.tocShape || old.project !== summary.project) this.bumpToc();
    if (!old || old.sectionShape !== summary.sectionShape || old.project !== summary.project) {
      this.bumpSections();
      // Each section title that came to the file or left it (all of them when the file changed projects).
      const before = new Set(old ? sectionNames(old) : []);
      const after = new Set(sectionNames(summary));
      const moved = old !== undefined && old.project !== summary.project;
      for (const t of after) if (moved || !before.has(t)) this.note('section:' + t);
      for (const t of before) if (moved || !after.has(t)) this.note('section:' + t);
    }
    if (!old || old.directiveShape !== summary.directiveShape || old.project !== summary.project) this.bumpDirectives();
  }

  private remove(uri: string): boolean {
    // A Markdown document may also be a file an RST document includes: both go.
    const markdown = this.removeMarkdown(uri);
    const old = this.files.get(uri);
    if (!old) return markdown;
    this.files.delete(uri);
    this.seq.delete(uri);
    this.countProjectFile(old, -1);
    this.labels.replace(old.labels, [], (k) => this.labelChanged(k), (p) => this.note('labels:' + p));
    this.termTable.replace(old.terms, [], (k) => this.note(k.startsWith('@') ? '@term:' + k.slice(1) : 'term:' + k));
    this.citationTable.replace(old.citations, [], this.citationChanged);
    this.citationRefTable.replace(old.citationRefs, [], this.citeChanged);
    this.optionTable.replace(old.options, [], this.optionChanged);
    this.replaceRoles(uri, '', []);
    this.note('doc:' + uri);
    for (const t of new Set(sectionNames(old))) this.note('section:' + t);
    this.bumpToc();
    this.bumpSections();
    this.bumpDirectives();
    return true;
  }

  /** Records the roles a file declares; notes `role:name` for each role it began or stopped declaring (or moved project). */
  private replaceRoles(uri: string, project: string, roles: readonly string[]): void {
    const old = this.rolesOf.get(uri);
    if (!old && !roles.length) return;
    if (old && old.project === project && old.roles.length === roles.length && old.roles.every((r, i) => r === roles[i])) return;
    if (old) {
      const table = this.roleTable.get(old.project);
      for (const r of old.roles) {
        const files = table?.get(r);
        files?.delete(uri);
        if (files && !files.size) table!.delete(r);
        if (old.project !== project || !roles.includes(r)) this.note('role:' + r);
      }
    }
    if (!roles.length) {
      this.rolesOf.delete(uri);
      return;
    }
    let table = this.roleTable.get(project);
    if (!table) this.roleTable.set(project, (table = new Map()));
    for (const r of roles) {
      let files = table.get(r);
      if (!files) table.set(r, (files = new Set()));
      files.add(uri);
      if (!old || old.project !== project || !old.roles.includes(r)) this.note('role:' + r);
    }
    this.rolesOf.set(uri, { project, roles });
  }

  /**
   * The files that declare `role` with `.. role::` in a project (as `projectKey` names it; an included file counts
   * in its includer's project). A check that reads this notes `role:<name>`, which `takeChanges` lists when a file
   * begins or stops declaring it.
   */
  roleDeclarations(project: string | undefined, role: string): ReadonlySet<string> | undefined {
    return this.roleTable.get(project ?? '')?.get(role);
  }

  private readonly citationChanged = (k: string): void => this.note(k.startsWith('@') ? '@citation:' + k.slice(1) : 'citation:' + k);

  /** A citation reference that only moved changes nothing for the documents citing or defining it. */
  private readonly citeChanged = (k: string): void => {
    if (!k.startsWith('@')) this.note('citation:' + k);
  };

  /** An option description that only moved changes nothing for the documents referring to it. */
  private readonly optionChanged = (k: string): void => {
    if (!k.startsWith('@')) this.note('option:' + k);
  };

  private labelChanged(key: string): void {
    if (!key.startsWith('@')) this.labelsGeneration++;
    this.note(key.startsWith('@') ? '@label:' + key.slice(1) : 'label:' + key);
  }

  private bumpToc(): void {
    this.tocGenerationCount++;
    this.note('toc');
  }

  private bumpSections(): void {
    this.sectionGenerationCount++;
    this.note('sections');
  }

  private bumpDirectives(): void {
    this.directiveGenerationCount++;
    this.note('directives');
  }

  private note(key: string): void {
    if (this.pendingAll) return;
    this.pending.add(key);
    if (this.pending.size > 50000) {
      this.pendingAll = true;
      this.pending.clear();
    }
  }

  /**
   * The names changed since the last call (`label:x`, `@label:x` for a label that only moved, `labels:project`
   * when the project's set of label names changed (its "did you mean" answers), `term:x`,
   * `@term:x`, `citation:x` when a citation or a citation reference comes or goes, `@citation:x`, `option:x`
   * when an option description comes or goes, `role:x` when a file begins or stops declaring the role x with
   * `.. role::`, `doc:uri`,
   * `toc` for toctrees and includes, `sections` for section titles, `section:x` for a section title (normalised)
   * that came to a file or left it, `directives` for the set of directives a
   * document holds), or 'all' after
   * changes too many to list.
   */
  takeChanges(): Set<string> | 'all' {
    const out = this.pendingAll ? 'all' : this.pending;
    this.pending = new Set();
    this.pendingAll = false;
    return out;
  }

  /** Re-parses every file (the project's directives or roles changed, or a conf.py came or went). */
  reparseAll(): void {
    for (const f of [...this.files.values()]) this.put(summarize(f.uri, f.version, this.parse(f.uri, f.version, f.text), f.includedFrom), f);
    this.pendingAll = true;
    this.pending.clear();
    this.changed();
  }

  /**
   * Reads one file again whose project changed without an edit (a file outside every source folder that a
   * document now includes, or no longer does): its parse, its names' project, and every open document checked again.
   */
  reproject(uri: string): void {
    const f = this.files.get(uri);
    if (!f) return;
    this.put(summarize(f.uri, f.version, this.parse(f.uri, f.version, f.text), f.includedFrom), f);
    this.pendingAll = true;
    this.changed();
  }

  delete(uri: string): void {
    if (this.remove(uri)) this.changed();
  }

  /** Files under a folder URI (a rename or delete of a folder). */
  deleteUnder(folderUri: string): void {
    const prefix = folderUri.endsWith('/') ? folderUri : folderUri + '/';
    let any = false;
    for (const uri of [...this.files.keys(), ...this.markdown.keys()]) if (uri.startsWith(prefix)) any = this.remove(uri) || any;
    if (any) this.changed();
  }

  private changed(): void {
    this.generation++;
  }

  get(uri: string): FileSummary | undefined {
    return this.files.get(uri);
  }

  all(): IterableIterator<FileSummary> {
    return this.files.values();
  }

  get size(): number {
    return this.files.size;
  }

  /** The Sphinx project of a file: as indexed, else asked. */
  projectKey(uri: string): string | undefined {
    const f = this.files.get(uri);
    return f ? f.project : this.projectOf(uri);
  }

  /** Bumped when a toctree or an include changes, or a document comes or goes (not on other keystrokes). */
  get tocGeneration(): number {
    return this.tocGenerationCount;
  }

  /**
   * Whether some indexed file belongs to a Sphinx project: a file of none is then one no build of the workspace
   * reads (unless a document includes it). `projects` is noted when this changes.
   */
  get hasProjects(): boolean {
    return this.projectFiles > 0 || this.projectsBeside;
  }

  /** Says that Sphinx projects lie beside the files indexed here (`ha-guide lint` indexes each project apart). */
  setProjectsBeside(beside: boolean): void {
    const before = this.hasProjects;
    this.projectsBeside = beside;
    if (before !== this.hasProjects) this.note('projects');
  }

  private countProjectFile(f: FileSummary | undefined, delta: 1 | -1): void {
    if (f?.project === undefined) return;
    const before = this.projectFiles > 0;
    this.projectFiles += delta;
    if (before !== this.projectFiles > 0) this.note('projects');
  }

  /** Bumped when a section title changes, or a document comes or goes (not on other keystrokes). */
  get sectionGeneration(): number {
    return this.sectionGenerationCount;
  }

  /** Bumped when a label name comes or goes (not when a label only moves). */
  get labelGeneration(): number {
    return this.labelsGeneration;
  }

  /** Changes when a document comes, goes, or holds another set of directives. */
  get directiveGeneration(): number {
    return this.directiveGenerationCount;
  }

  /** All definitions of a (normalised) label across the workspace, in workspace order. */
  label(name: string): LabelDef[] {
    return this.labels.byName.get(name) ?? [];
  }

  /** Every label name, in workspace order (of each name's first definition). */
  labelNames(): string[] {
    if (this.namesCache?.generation !== this.labelsGeneration) {
      const names = [...this.labels.byName.entries()].sort((a, b) => a[1][0].order! - b[1][0].order!).map(([n]) => n);
      this.namesCache = { generation: this.labelsGeneration, names };
    }
    return this.namesCache.names;
  }

  /** The glossary terms described under a (normalised) name, in workspace order. */
  terms(name: string): TermDef[] {
    return this.termTable.byName.get(name) ?? [];
  }

  /** The descriptions of a command-line option name (`--verbose`), in workspace order. */
  options(name: string): TermDef[] {
    return this.optionTable.byName.get(name) ?? [];
  }

  /** The citations defined (`refs` false) or cited (`refs` true) under a label (as written), in workspace order. */
  citations(name: string, refs = false): TermDef[] {
    return (refs ? this.citationRefTable : this.citationTable).byName.get(name) ?? [];
  }

  /**
   * "Did you mean": the label of the project closest to a name that is not one (kept per project until a
   * label name of that project comes or goes).
   */
  suggestLabel(name: string, project: string | undefined): string | undefined {
    const generation = this.labels.namesGeneration(project);
    let hit = this.suggestions.get(project ?? '');
    if (!hit || hit.generation !== generation) this.suggestions.set(project ?? '', (hit = { generation, names: new Map() }));
    if (!hit.names.has(name)) {
      if (hit.names.size > 10000) hit.names.clear();
      hit.names.set(name, this.labels.closest(name, project));
    }
    return hit.names.get(name);
  }

  /** 0-based line and character of an offset in an indexed file. */
  position(uri: string, offset: number): { line: number; character: number } | undefined {
    const f = this.files.get(uri) ?? this.markdown.get(uri);
    return f ? offsetToPosition(f.lineStarts, offset) : undefined;
  }

  /**
   * Adds or refreshes a Markdown document of a project that reads them (`myst_parser`): its `(name)=` targets
   * and directive names join the project's labels, its glossary terms the project's terms, its toctrees the
   * project's; it is not checked itself.
   */
  setMarkdown(uri: string, version: number, text: string): void {
    const old = this.markdown.get(uri);
    if (old && old.version === version && old.text === text) return;
    let seq = this.seq.get(uri);
    if (seq === undefined) this.seq.set(uri, (seq = this.nextSeq++));
    const summary = summarizeMyst(text);
    const project = this.projectOf(uri);
    const labels: LabelDef[] = summary.labels.map((l, i) => ({ name: l.name, uri, span: l.span, title: l.title, project, order: seq * ORDER_STRIDE + i }));
    const terms: TermDef[] = summary.terms.map((t, i) => ({ name: t.name, uri, span: t.span, project, order: seq * ORDER_STRIDE + i }));
    const tocShape = JSON.stringify(summary.toctrees);
    this.markdown.set(uri, { uri, version, text, lineStarts: buildLineStarts(text), summary, labels, terms, tocShape, project });
    // Its headings are sections: sphinx.ext.autosectionlabel's labels.
    if (!old || JSON.stringify(old.summary.headings) !== JSON.stringify(summary.headings) || old.project !== project) this.bumpSections();
    this.labels.replace(old?.labels ?? [], labels, (k) => this.labelChanged(k), (p) => this.note('labels:' + p));
    this.termTable.replace(old?.terms ?? [], terms, (k) => this.note(k.startsWith('@') ? '@term:' + k.slice(1) : 'term:' + k));
    if (!old) this.note('doc:' + uri);
    if (!old || old.tocShape !== tocShape || old.project !== project) this.bumpToc();
    this.changed();
  }

  private removeMarkdown(uri: string): boolean {
    const old = this.markdown.get(uri);
    if (!old) return false;
    this.markdown.delete(uri);
    this.seq.delete(uri);
    this.labels.replace(old.labels, [], (k) => this.labelChanged(k), (p) => this.note('labels:' + p));
    this.termTable.replace(old.terms, [], (k) => this.note(k.startsWith('@') ? '@term:' + k.slice(1) : 'term:' + k));
    this.note('doc:' + uri);
    this.bumpToc();
    if (old.summary.headings.length) this.bumpSections();
    return true;
  }

  /** A Markdown document the index holds (`setMarkdown`). */
  markdownDoc(uri: string): MarkdownDoc | undefined {
    return this.markdown.get(uri);
  }

  /** Every Markdown document the index holds. */
  markdownDocs(): IterableIterator<MarkdownDoc> {
    return this.markdown.values();
  }
}

/** What the index keeps of a Markdown document. */
export interface MarkdownDoc {
  uri: string;
  version: number;
  text: string;
  lineStarts: number[];
  summary: MystSummary;
  labels: LabelDef[];
  /** The terms of its `{glossary}` directives, which a `:term:` of an `.rst` document names. */
  terms: TermDef[];
  tocShape: string;
  project: string | undefined;
}

// ---------------------------------------------------------------------------------------------
// :doc: and file paths
// ---------------------------------------------------------------------------------------------

export { dirOf, joinUri, relativePath } from '../common/uri';

/**
 * The URI a `:doc:` target or a directive file argument points at: a leading `/` is relative to the Sphinx
 * source directory (falling back to the document's folder), anything else to the document's folder.
 *
 * The document is the one the build reads: Sphinx resolves a path against the document being built
 * (`env.relfn2path`: include, literalinclude, image, figure, download, graphviz), so in a file outside the
 * source folder that a document includes (ironic-inspector's `CONTRIBUTING.rst`, included by
 * `doc/source/contributor/index.rst`, literalincludes `../../../devstack/example.local.conf`), or in a file of
 * the source folder that is no document (`common/part.inc`), a relative path starts at that document's folder.
 * `at`, the offset of the path in `fromUri`, tells whether the build reads it: outside the parts a document
 * includes (`includedParts`), the file is read as it stands, from its own folder.
 */
export function resolvePath(ws: IWorkspace, fromUri: string, target: string, at?: number): string {
  const root = ws.sourceDir(fromUri);
  if (target.startsWith('/')) {
    const base = root ?? dirOf(fromUri);
    return joinUri(base.endsWith('/') ? base : base + '/', target.slice(1));
  }
  return joinUri(dirOf(buildDocument(ws, root, fromUri, at)), target);
}

/**
 * A path a directive reads as docutils' `directives.path` does (`raw` and `csv-table` with `:file:`): from the
 * folder of the file it stands in (docutils' `current_source`, an included file's own folder, not its includer's);
 * a `/` path from the source folder, as `resolvePath` (Sphinx's csv-table).
 */
export function resolveFromFile(ws: IWorkspace, fromUri: string, target: string): string {
  return target.startsWith('/') ? resolvePath(ws, fromUri, target) : joinUri(dirOf(fromUri), target);
}

/** The document the build reads `uri` as part of at offset `at` when that is another (`buildDocument`); else undefined. */
export function buildDocumentOf(ws: IWorkspace, uri: string, at: number): string | undefined {
  const doc = buildDocument(ws, ws.sourceDir(uri), uri, at);
  return doc === uri ? undefined : doc;
}

/**
 * The document the build reads `fromUri` as part of, at offset `at` (anywhere when not given): its includer
 * when no build reads it on its own (a file outside its source folder `root`, or one of that folder that is no
 * document: `part.inc`, an excluded file) and the includer reads that offset.
 */
function buildDocument(ws: IWorkspace, root: string | undefined, fromUri: string, at?: number): string {
  if (root === undefined) return fromUri;
  const host = ws.includedBy?.(fromUri);
  if (host === undefined) return fromUri;
  const parts = at === undefined ? undefined : ws.includedParts?.(fromUri);
  return !parts || parts.some((p) => p.start <= at! && at! < p.end) ? host : fromUri;
}

/** The `.rst` URI a `:doc:` target names. */
export function resolveDoc(ws: IWorkspace, fromUri: string, target: string): string {
  const bare = target.replace(/\.rst$/, '');
  const root = ws.sourceDir(fromUri);
  // A file outside the source folder that a document includes: relative to that document, as the build reads it.
  const base = buildDocument(ws, root, fromUri);
  if (root !== undefined && base.startsWith(root)) {
    // Sphinx's docname_join: a docname never climbs above the source folder (`../topics/x` from a top-level
    // document is `topics/x`; `/../linux_gsg/x`, from the source folder, `linux_gsg/x`: DPDK's `:doc:`).
    const parts = bare.startsWith('/') ? [] : base.slice(root.length).split('/').slice(0, -1).map(safeDecode);
    for (const p of bare.split('/')) {
      if (p === '..') parts.pop();
      else if (p !== '.' && p !== '') parts.push(p);
    }
    return joinUri(root, parts.join('/')) + '.rst';
  }
  return resolvePath(ws, fromUri, bare) + '.rst';
}

/**
 * The file a `:doc:` names (`resolveDoc`'s `.rst` URI): that file, or the document of another source suffix of
 * its project (a MyST `.md`, a notebook), as Sphinx looks a docname up; undefined when there is none.
 */
export function documentFile(
  ctx: { index: WorkspaceIndex; ws: IWorkspace; projects?: { project(uri: string): { conf: { sourceSuffix: string[] } } | undefined } },
  key: string,
): string | undefined {
  if (ctx.index.get(key) || ctx.ws.exists(key)) return key;
  if (!key.endsWith('.rst')) return undefined;
  const suffixes = ctx.projects?.project(key)?.conf.sourceSuffix ?? [];
  const base = key.slice(0, -'.rst'.length);
  for (const suffix of suffixes) {
    if (suffix === '.rst') continue;
    const uri = base + suffix;
    if (ctx.index.markdownDoc(uri) || ctx.ws.exists(uri)) return uri;
  }
  return undefined;
}

/** True when two documents belong to the same Sphinx project (the same conf.py folder, or none). */
export function sameProject(ws: IWorkspace, a: string, b: string): boolean {
  return a === b || ws.sourceDir(a) === ws.sourceDir(b);
}

/**
 * The definitions of a label that a `:ref:` in `fromUri` can reach: those of its own project (as the index
 * keeps them: each file's project is found once per indexed version).
 */
/** A file's section titles as sphinx.ext.autosectionlabel names them (lower case, white space collapsed). */
export function sectionNames(file: FileSummary): string[] {
  return file.doc.sections.map((s) => normalizeName(s.title));
}

export function projectLabels(index: WorkspaceIndex, _ws: IWorkspace, name: string, fromUri: string): LabelDef[] {
  const list = index.label(name);
  if (!list.length) return list;
  const project = index.projectKey(fromUri);
  return list.filter((l) => l.project === project);
}
