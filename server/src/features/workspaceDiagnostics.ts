import { safeDecode } from '../common/uri';
import type { RstProblem } from '../rst/types';
import { workspaceUses } from './navigation';
import { autosummaryWrites } from './autosummary';
import { documentFile, projectLabels, relativePath, sectionNames } from './workspace';
import { citationDiagnostics } from './citations';
import { optionDiagnostics } from './options';
import { glossaryDiagnostics } from './glossary';
import { mayResolveThroughIntersphinx } from './intersphinx';
import { includedByAnother, mayWrite, toctreeDiagnostics, writtenDocuments } from './toctree';
import { bindNames } from '../rst/names';
import { anonymousFootnoteNumbers } from '../rst/checks';
import { normalizeName } from '../rst/text';
import { flatten } from '../rst/walk';
import type { FileSummary, LabelDef } from './summary';
import type { FeatureContext } from './types';
import { describeDirectives, docnameOf, type SphinxProject } from '../project/project';


const INCLUDES = new Set(['include', 'literalinclude']);
/** Why a reference in a file of no project, beside projects, is information (`sphinx.reference-outside-build`). */
const OUTSIDE_BUILDS = 'this file is in no Sphinx project (no conf.py in its folder or above) and no document includes it, so no build resolves it';
/** Labels Sphinx defines in every project. */
const SPHINX_LABELS = new Set(['genindex', 'modindex', 'py-modindex', 'search']);
const IMAGES = new Set(['image', 'figure']);
const IMAGE_SUFFIXES = ['svg', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'pdf', 'svgz', 'eps', 'tif', 'tiff'];

/** conf.py leaves `numfig` at its default (False) or sets it false; a value computed there counts as on. */
function numfigOff(project: SphinxProject): boolean {
  const v = project.conf.values['numfig'];
  return v === undefined || v === false || v === null || v === 0;
}

/**
 * Checks that need the whole documentation tree, with Sphinx's wording: undefined `:ref:` labels,
 * unknown `:doc:` documents, missing downloads, includes and images, and labels defined in two files.
 * `uses` receives the names of the index the result depends on (as `WorkspaceIndex.takeChanges` names
 * them), so that a change elsewhere re-checks this document only when one of them changed.
 */
export function workspaceDiagnostics(ctx: FeatureContext, uri: string, uses: Set<string> = new Set()): RstProblem[] {
  const file = ctx.index.get(uri);
  if (!file) return [];
  const out: RstProblem[] = [];
  const project = ctx.projects?.project(uri);
  const projectKey = ctx.index.projectKey(uri);
  // A file of no Sphinx project that no document includes, beside Sphinx projects, is read by no build
  // (ansible-hardening's doc/metadata fragments, which a generator turned off in conf.py would make pages of):
  // a reference there that nothing resolves is information.
  const outsideBuilds = () => {
    if (projectKey !== undefined || file.includedFrom) return false;
    uses.add('projects');
    return ctx.index.hasProjects;
  };
  // `:ref:`python:tut-intro`` with `python` in intersphinx_mapping points into another project.
  const external = (target: string) => {
    const m = /^([^:\s]+):/.exec(target);
    return !!m && !!project?.intersphinx.has(m[1]);
  };
  // "Did you mean": from the index's labels of the project by length, each name looked up once and kept
  // until a label name of the project comes or goes (a line of 10,000 `:ref:` to one missing label costs
  // one lookup, and a keystroke none).
  for (const x of file.xrefs) {
    if (!x.target || external(x.target)) continue;
    if (x.role === 'numref' && project && numfigOff(project)) {
      // Sphinx's std domain: with numfig off (its default) a :numref: is left as text, with this warning.
      out.push({ code: 'sphinx.numfig-disabled', message: 'numfig is disabled. :numref: is ignored.', start: x.span.start, end: x.span.end });
      continue;
    }
    if (x.role === 'ref' || x.role === 'numref') {
      const key = x.target.toLowerCase().replace(/\s+/g, ' ').trim();
      uses.add('label:' + key);
      if (projectLabels(ctx.index, ctx.ws, key, uri).length || SPHINX_LABELS.has(key)) continue;
      if (project?.sectionLabels) uses.add('sections');
      if (project?.sectionLabels && sectionLabels(ctx, project).has(key)) continue;
      // sphinx-gallery writes the text of each example script into its page, with the labels in it.
      if (project?.galleryLabels.has(key)) continue;
      if (project && nbsphinxLabel(ctx, project, key)) continue;
      // kivy's autobuild writes an `automodule` page per module during the build: a label a docstring of the
      // repository's package defines may be on one of them.
      const docstring = project?.docstringLabels.get(key);
      if (docstring) {
        out.push({
          code: 'project.docstring-label',
          message: `undefined label in this project: '${x.target}'; a docstring of ${relativePath(uri, docstring.uri)} defines it, and autodoc may put it on a page ${docstring.writer} writes during the build`,
          start: x.span.start,
          end: x.span.end,
        });
        continue;
      }
      // sphinx-gallery writes `.. _sphx_glr_auto_examples_plot_x.py:` on each example page it writes;
      // sphinxcontrib.datatemplates renders cloud-init's `.. _mod_{{ mod_id }}:` from a template into the document.
      const writer = project?.extensionLabels.find((l) => key.startsWith(l.prefix));
      if (writer) {
        out.push({
          code: 'project.extension-label',
          message: `undefined label in this project: '${x.target}'; ${writer.module} writes labels named ${writer.prefix}... ${writer.template ? `from the template ${writer.template}` : 'on the pages it writes'} during the build`,
          start: x.span.start,
          end: x.span.end,
        });
        continue;
      }
      uses.add('labels:' + (projectKey ?? ''));
      const suggestion = ctx.index.suggestLabel(key, projectKey);
      // tox's `.. conf::` makes a label of each of its `:keys:`: a label a document names in the argument or
      // options of such a directive is one it may write, even one typo away from another (`package`, `packaging`).
      if (project?.targetWriters.size) {
        uses.add('directives');
        const writer = targetWriterUses(ctx, project).find((w) => w.files.some((f) => writerWords(ctx, f, project.targetWriters).has(key)));
        if (writer) {
          out.push({
            code: 'project.directive-label',
            message: `undefined label in this project: '${x.target.replace(/\s+/g, ' ')}'; ${describeDirectives(project, [writer.name])} in ${writer.docs.slice(0, 3).join(', ')} names it, and may write it as a label`,
            start: x.span.start,
            end: x.span.end,
          });
          continue;
        }
      }
      // psutil's `changelog_anchors` labels each version title of its changelog from an event handler: with such
      // a local extension, a label no one is one typo away from may be one of those.
      if (!suggestion && project?.labelModules?.length) {
        out.push({
          code: 'project.extension-label',
          message: `undefined label in this project: '${x.target}'; the local extension ${project.labelModules.map((m) => `"${m}"`).join(', ')} adds labels during the build, which may include it`,
          start: x.span.start,
          end: x.span.end,
        });
        continue;
      }
      // heat's `integratedrespages` writes a section, with its label, per resource type into the page that holds
      // it: with such a directive in the project, a label no one is one typo away from may be one of those.
      if (!suggestion && project?.targetWriters.size) {
        uses.add('directives');
        const writers = targetWriterUses(ctx, project);
        if (writers.length) {
          const where = writers.flatMap((w) => w.docs).slice(0, 3);
          out.push({
            code: 'project.directive-label',
            message: `undefined label in this project: '${x.target}'; it may be a title or target that ${describeDirectives(project, writers.map((w) => w.name))} writes (used in ${where.join(', ')}${writers.reduce((n, w) => n + w.docs.length, 0) > 3 ? ', ...' : ''})`,
            start: x.span.start,
            end: x.span.end,
          });
          continue;
        }
      }
      // With intersphinx, Sphinx also looks an unprefixed label up in every inventory: unless a label of the
      // project is one typo away, it may well be there (information, not a warning). A label of the project
      // that differs only in its numbers is another of a series, no typo (acrn's `release_notes_2.7`, in its
      // `v2.7` inventory, beside its own `release_notes_3.0`).
      const series = suggestion !== undefined && suggestion.toLowerCase().replace(/\d+/g, '#') === x.target.toLowerCase().replace(/\d+/g, '#');
      if ((!suggestion || series) && project && mayResolveThroughIntersphinx(project, 'label')) {
        out.push({
          code: 'sphinx.undefined-label-intersphinx',
          message: `undefined label in this project: '${x.target}'; it may be in an intersphinx inventory (${[...project.intersphinx].join(', ')})${series ? ` (the project has '${suggestion}')` : ''}`,
          start: x.span.start,
          end: x.span.end,
        });
        continue;
      }
      // PowerDNS Recursor's toctree names `yamlsettings`, which its build writes (the repository ignores it): a
      // label no one is one typo away from may be one that such a document defines (where intersphinx does not
      // explain it better).
      if (!suggestion && project) {
        uses.add('toc');
        const written = writtenDocuments(ctx, project);
        if (written.length) {
          out.push({
            code: 'project.generated-label',
            message: `undefined label in this project: '${x.target.replace(/\s+/g, ' ')}'; the build writes ${written.length === 1 ? 'the document' : 'the documents'} ${written.slice(0, 3).join(', ')}${written.length > 3 ? ', ...' : ''}, which may define it`,
            start: x.span.start,
            end: x.span.end,
          });
          continue;
        }
      }
      if (outsideBuilds()) {
        out.push({ code: 'sphinx.reference-outside-build', message: `undefined label: '${x.target.replace(/\s+/g, ' ')}'; ${OUTSIDE_BUILDS}`, start: x.span.start, end: x.span.end });
        continue;
      }
      out.push({
        code: 'sphinx.undefined-label',
        message: `undefined label: '${x.target.replace(/\s+/g, ' ')}'` + (suggestion ? ` (did you mean '${suggestion}'?)` : ''),
        start: x.span.start,
        end: x.span.end,
        data: suggestion ? { suggestion } : undefined,
      });
    }
  }
  for (const e of workspaceUses(file, ctx.ws)) {
    const written = file.text.slice(e.span.start, e.span.end);
    if (external(written)) continue;
    if (e.kind === 'doc') uses.add('doc:' + e.key);
    if (e.kind === 'doc' && !documentFile(ctx, e.key) && !autosummaryWrites(ctx, project, e.key)) {
      if (project?.buildWriters.length) out.push({ code: 'project.generated-document', message: `unknown document: '${written}'; ${mayWrite(project)}`, start: e.span.start, end: e.span.end });
      else if (project && mayResolveThroughIntersphinx(project, 'doc')) {
        // scrapy sets `intersphinx_disabled_reftypes = []`: `:doc:`library/re`` is Python's page.
        out.push({
          code: 'sphinx.unknown-document-intersphinx',
          message: `unknown document in this project: '${written}'; it may be in an intersphinx inventory (${[...project.intersphinx].join(', ')})`,
          start: e.span.start,
          end: e.span.end,
        });
      } else if (outsideBuilds()) out.push({ code: 'sphinx.reference-outside-build', message: `unknown document: '${written}'; ${OUTSIDE_BUILDS}`, start: e.span.start, end: e.span.end });
      else out.push({ code: 'sphinx.unknown-document', message: `unknown document: '${written}'`, start: e.span.start, end: e.span.end });
    } else if (e.kind === 'file' && ctx.ws.isOutside?.(e.key)) {
      out.push({
        code: 'rst.file-outside-project',
        message: `'${written}' is outside the project (symbolic links followed): it is not read`,
        start: e.span.start,
        end: e.span.end,
      });
    } else if (e.kind === 'file' && !ctx.ws.exists(e.key) && !project?.generated(e.key)) {
      // `.. |logo| image:: logo.png`: a substitution's image is an image.
      const directive = file.text.slice(e.whole.start, e.whole.end).match(/^\.\.\s+(?:\|(?:[^|\\]|\\.)+\|\s+)?([\w:-]+)::/)?.[1];
      if (directive === 'graphviz') continue; // the graphviz provider reports its own missing files
      if (directive === 'raw' || directive === 'csv-table') {
        const how = directive === 'raw' ? 'InputError: ' : '';
        out.push({ code: 'rst.file-not-found', message: `Problems with "${directive}" directive path:\n${how}[Errno 2] No such file or directory: '${written}'.`, start: e.span.start, end: e.span.end });
      } else if (directive === 'include') {
        out.push({ code: 'rst.include-not-found', message: `Problems with "include" directive path: InputError: [Errno 2] No such file or directory: '${written}'.`, start: e.span.start, end: e.span.end });
      } else if (directive && INCLUDES.has(directive)) {
        out.push({ code: 'sphinx.include-not-found', message: `Include file '${written}' not found or reading it failed`, start: e.span.start, end: e.span.end });
      } else if (directive && IMAGES.has(directive)) {
        // `image.*`: Sphinx picks the best of the files with that stem.
        // The key is a URI: its `*` is written `%2A` (vscode-uri's encoding).
        const stem = e.key.replace(/(\*|%2A)$/, '');
        if (written.endsWith('.*') && IMAGE_SUFFIXES.some((x) => ctx.ws.exists(stem + x))) continue;
        // A file no Sphinx build reads (a README the forge renders) names images by address: tornado's
        // `docs/tornado.png?raw=true` is docs/tornado.png. Sphinx reads the whole argument as the file's name.
        if (!project && /[?#]/.test(written) && ctx.ws.exists(e.key.replace(/(?:%3F|\?|%23|#).*$/i, ''))) continue;
        out.push({ code: 'sphinx.image-not-found', message: `image file not readable: ${written}`, start: e.span.start, end: e.span.end });
      } else if (!directive) {
        out.push({ code: 'sphinx.download-not-found', message: `download file not readable: ${written}`, start: e.span.start, end: e.span.end });
      }
    }
  }
  if (project && !project.excluded(uri)) {
    uses.add('toc');
    out.push(...toctreeDiagnostics(ctx, file, project, uses));
    out.push(...unusedTargets(ctx, file, project));
    out.push(...unreferencedFootnotes(ctx, file, project));
    out.push(...citationDiagnostics(ctx, file, uses));
    out.push(...optionDiagnostics(ctx, file, project, uses));
  }
  // Terms resolve across the whole project: only with a conf.py is the set of documents known.
  if (project) out.push(...glossaryDiagnostics(ctx, file, uses));
  for (const l of file.labels) {
    // Sphinx reads documents in name order and warns in the later one: so do we.
    // Only a label that names a section (or a captioned figure, table or code block) counts, as in Sphinx.
    uses.add('label:' + l.name);
    const others = projectLabels(ctx.index, ctx.ws, l.name, uri).filter((o) => o.uri < uri && o.title !== undefined && labelRead(ctx, project, o));
    if (!others.length) continue;
    uses.add('@label:' + l.name);
    const o = others[0];
    out.push({
      code: 'sphinx.duplicate-label',
      message: `duplicate label ${l.name}, other instance in ${relativePath(uri, o.uri)}`,
      start: l.span.start,
      end: l.span.end,
      related: [{ uri: o.uri, start: o.span.start, end: o.span.end, message: 'other instance' }],
    });
  }
  out.push(...includedDocumentLabels(ctx, file, project, uses));
  out.push(...sectionLabelDuplicates(ctx, file, project, uses));
  return out;
}

/**
 * Whether the build reads a label: one in a document, or in a file that is no document of the project (excluded
 * by `exclude_patterns`, or only included) when a document that includes it reads the part holding it (mne's
 * `_includes/dig_formats.rst`, excluded, whose `dig-formats` label stands above the marker the including page
 * starts after: Sphinx never reads it, so the page's own `dig-formats` is no duplicate).
 */
function labelRead(ctx: FeatureContext, project: SphinxProject | undefined, label: LabelDef): boolean {
  if (!project) return true;
  const summary = ctx.index.get(label.uri);
  if (!summary?.includedFrom && !project.excluded(label.uri)) return true;
  const hosts = (ctx.projects?.includers(label.uri) ?? []).filter((h) => h !== label.uri);
  // nothing known of who includes it: counted, as before
  if (!hosts.length) return true;
  return hosts.some((h) => {
    const parts = ctx.ws.includedParts?.(label.uri, h);
    return parts === undefined || parts.some((p) => p.start <= label.span.start && label.span.start < p.end);
  });
}

/**
 * A document of the project that another document includes is read twice by Sphinx, as itself and as part of
 * the other: each of its labels that names a title is registered twice, and the second time is a duplicate
 * (pydocstyle's snippets/cli.rst, a document usage.rst includes). The other instance is in the document read
 * first (Sphinx reads them in name order). A document that includes only parts of it (`:start-after:`,
 * `:end-before:`, `:start-line:`, `:end-line:`) reads only the labels in those parts (tarantool's tcm/index.rst,
 * whose `_tcm` label comes before the marker other pages start after).
 */
function includedDocumentLabels(ctx: FeatureContext, file: FileSummary, project: SphinxProject | undefined, uses: Set<string>): RstProblem[] {
  if (!project || file.includedFrom || !file.labels.some((l) => l.title !== undefined) || project.excluded(file.uri)) return [];
  uses.add('toc');
  if (!includedByAnother(ctx, project, file.uri)) return [];
  const hosts = (ctx.projects?.includers(file.uri) ?? []).filter((h) => h !== file.uri && h.startsWith(project.root) && ctx.index.get(h) !== undefined && !project.excluded(h));
  if (!hosts.length) return [];
  const parts = new Map(hosts.map((h) => [h, ctx.ws.includedParts?.(file.uri, h)]));
  const out: RstProblem[] = [];
  for (const l of file.labels) {
    if (l.title === undefined) continue;
    const readers = hosts.filter((h) => parts.get(h)?.some((p) => p.start <= l.span.start && l.span.start < p.end) ?? true);
    if (!readers.length) continue;
    const first = [file.uri, ...readers].sort()[0];
    out.push({ code: 'sphinx.duplicate-label', message: `duplicate label ${l.name}, other instance in ${relativePath(file.uri, first)}`, start: l.span.start, end: l.span.end });
  }
  return out;
}

/** Labels Sphinx's standard domain starts with: a section title that names one is a duplicate of it. */
const INITIAL_LABELS = new Set(['genindex', 'modindex', 'search']);

/** One label of a project as the build registers it: an explicit label that names a title, or a section's. */
interface LabelRegistration {
  /** The document (the including one, for a file an include pulls in). */
  owner: string;
  section: boolean;
}

const registrationCache = new WeakMap<SphinxProject, { index: object; generation: string; byName: Map<string, LabelRegistration[]> }>();

/** The label name sphinx.ext.autosectionlabel gives a section title (`fully_normalize_name` of its source). */
function sectionLabelName(project: SphinxProject, docname: string, title: string): string {
  return project.sectionLabels === 'docname' ? `${docname.toLowerCase()}:${title}` : title;
}

/** `autosectionlabel_maxdepth`: titles nested this deep or deeper (the document's own title at 0) get no label. */
function sectionMaxDepth(project: SphinxProject): number | undefined {
  const v = project.conf.values['autosectionlabel_maxdepth'];
  return typeof v === 'number' && v > 0 ? v : undefined;
}

/** The docname of a file of the project (its path less its suffix, also for a file of no source suffix). */
function docnameIn(project: SphinxProject, uri: string): string {
  return docnameOf(project, uri) ?? safeDecode(uri.slice(project.root.length)).replace(/\.[^./]+$/, '');
}

/** The documents of the project that include a file outside it (which the index read as a file of its own). */
function outsideIncluders(ctx: FeatureContext, project: SphinxProject, uri: string): readonly string[] {
  return (ctx.projects?.includers(uri) ?? []).filter((h) => h !== uri && h.startsWith(project.root) && ctx.index.get(h)?.includedFrom === undefined);
}

/**
 * The labels of a project with sphinx.ext.autosectionlabel, each name with its registrations in the order of
 * the build: documents in name order; in each, its explicit labels that name a title (the standard domain
 * reads them first), then its section titles (autosectionlabel's `doctree-read` handler), then those of the
 * files it includes. Gathered again only when a section title, a label name or the set of documents changes.
 */
function labelRegistrations(ctx: FeatureContext, project: SphinxProject): Map<string, LabelRegistration[]> {
  const generation = `${ctx.index.sectionGeneration}:${ctx.index.labelGeneration}`;
  const hit = registrationCache.get(project);
  if (hit && hit.index === ctx.index && hit.generation === generation) return hit.byName;
  const docs = new Map<string, { docname: string; own: FileSummary[]; included: FileSummary[] }>();
  for (const f of ctx.index.all()) {
    // a file outside the project read as a file of its own, which documents of the project include: theirs
    const outside = f.includedFrom === undefined && !f.uri.startsWith(project.root);
    for (const owner of f.includedFrom !== undefined ? [f.includedFrom] : outside ? outsideIncluders(ctx, project, f.uri) : [f.uri]) {
      if (!owner.startsWith(project.root) || project.excluded(owner)) continue;
      let d = docs.get(owner);
      if (!d) docs.set(owner, (d = { docname: docnameIn(project, owner), own: [], included: [] }));
      (f.includedFrom !== undefined || outside ? d.included : d.own).push(f);
    }
  }
  const maxDepth = sectionMaxDepth(project);
  const byName = new Map<string, LabelRegistration[]>();
  const add = (name: string, r: LabelRegistration) => {
    const list = byName.get(name);
    if (list) list.push(r);
    else byName.set(name, [r]);
  };
  for (const [owner, d] of [...docs].sort((a, b) => (a[1].docname < b[1].docname ? -1 : a[1].docname > b[1].docname ? 1 : 0))) {
    const files = [...d.own, ...d.included];
    for (const f of files) for (const l of f.labels) if (l.title !== undefined) add(l.name, { owner, section: false });
    for (const f of files) {
      // `autosectionlabel_maxdepth`: where a file an include pulls in nests its titles is not known here.
      if (maxDepth !== undefined && f.includedFrom) continue;
      const titles = sectionNames(f);
      f.doc.sections.forEach((s, i) => {
        if (maxDepth === undefined || s.level - 1 < maxDepth) add(sectionLabelName(project, d.docname, titles[i]), { owner, section: true });
      });
    }
  }
  registrationCache.set(project, { index: ctx.index, generation, byName });
  return byName;
}

/**
 * sphinx.ext.autosectionlabel's "duplicate label" warnings: a section title whose label the build registered
 * before (an earlier document's title or label, an earlier title of this document, a label of this document
 * that names a title, or one of the standard domain's own: `search`), and an explicit label that names a title
 * when an earlier document's section title has its name (the standard domain's warning). Only in documents:
 * where a file an include pulls in stands among its includer's titles is not known here.
 */
function sectionLabelDuplicates(ctx: FeatureContext, file: FileSummary, project: SphinxProject | undefined, uses: Set<string>): RstProblem[] {
  if (!project?.sectionLabels || file.includedFrom || !file.uri.startsWith(project.root) || project.excluded(file.uri)) return [];
  // Another document's result changes with the titles and labels of the names this one has, and with the order
  // of documents (a document that comes or goes notes its titles and labels).
  for (const l of file.labels) if (l.title !== undefined) uses.add('section:' + l.name);
  for (const t of sectionNames(file)) uses.add('section:' + t);
  const byName = labelRegistrations(ctx, project);
  const out: RstProblem[] = [];
  const message = (name: string, other: string) => `duplicate label ${name}, other instance in ${relativePath(file.uri, other)}`;
  // Registrations of this document seen so far, by name.
  const seen = new Map<string, number>();
  const before = (name: string): LabelRegistration | undefined => {
    const list = byName.get(name) ?? [];
    const first = list.findIndex((r) => r.owner === file.uri);
    const at = (first < 0 ? list.length : first) + (seen.get(name) ?? 0);
    return at > 0 ? list[at - 1] : undefined;
  };
  for (const l of file.labels) {
    if (l.title === undefined) continue;
    uses.add('label:' + l.name);
    const earlier = (byName.get(l.name) ?? []).filter((r) => r.owner !== file.uri && docnameIn(project, r.owner) < docnameIn(project, file.uri));
    // Two explicit labels: the duplicate-label check above reports it.
    if (earlier.length && earlier.every((r) => r.section)) {
      out.push({ code: 'sphinx.duplicate-label', message: message(l.name, earlier[earlier.length - 1].owner), start: l.span.start, end: l.span.end });
    }
    seen.set(l.name, (seen.get(l.name) ?? 0) + 1);
  }
  const docname = docnameIn(project, file.uri);
  const titles = sectionNames(file);
  const maxDepth = sectionMaxDepth(project);
  for (const [i, s] of file.doc.sections.entries()) {
    if (maxDepth !== undefined && s.level - 1 >= maxDepth) continue;
    const name = sectionLabelName(project, docname, titles[i]);
    const other = before(name);
    seen.set(name, (seen.get(name) ?? 0) + 1);
    if (!other && !INITIAL_LABELS.has(name)) continue;
    out.push({
      code: 'sphinx.duplicate-section-label',
      message: `${other ? message(name, other.owner) : `duplicate label ${name}, other instance in ${name}.rst (a page Sphinx writes)`}; sphinx.ext.autosectionlabel makes each section title a label`,
      start: s.titleSpan.start,
      end: s.titleSpan.end,
    });
  }
  return out;
}

const sectionLabelCache = new WeakMap<SphinxProject, { index: object; generation: number; labels: Set<string> }>();

/**
 * sphinx.ext.autosectionlabel: every section title of the project is a label (optionally `docname:title`),
 * gathered again only when a section title of the project changes.
 */
function sectionLabels(ctx: FeatureContext, project: SphinxProject): Set<string> {
  const hit = sectionLabelCache.get(project);
  const generation = ctx.index.sectionGeneration;
  if (hit && hit.index === ctx.index && hit.generation === generation) return hit.labels;
  const labels = new Set<string>();
  const maxDepth = sectionMaxDepth(project);
  for (const f of ctx.index.all()) {
    // A file a document includes (readthedocs.org's changelog page includes the repository's CHANGELOG.rst):
    // its sections are the including document's. So they are when that file is read as a file of its own too
    // (`ha-guide lint .` at the repository's root: CHANGELOG.rst is an input), as the index's includers say.
    const outside = f.includedFrom === undefined && !f.uri.startsWith(project.root);
    const owners = f.includedFrom !== undefined ? [f.includedFrom] : outside ? outsideIncluders(ctx, project, f.uri) : [f.uri];
    for (const owner of owners) {
      if (!owner.startsWith(project.root)) continue;
      const docname = docnameIn(project, owner);
      const titles = sectionNames(f);
      const included = f.includedFrom !== undefined || outside;
      f.doc.sections.forEach((s, i) => {
        // `autosectionlabel_maxdepth` (the titles of a file an include pulls in all kept: their nesting is not known here).
        if (maxDepth !== undefined && !included && s.level - 1 >= maxDepth) return;
        labels.add(sectionLabelName(project, docname, titles[i]));
      });
    }
  }
  // A MyST Markdown document's headings are sections too (a project that loads myst_parser).
  for (const m of ctx.index.markdownDocs()) {
    if (!m.uri.startsWith(project.root)) continue;
    const docname = docnameIn(project, m.uri);
    for (const h of m.summary.headings) {
      if (maxDepth !== undefined && h.depth >= maxDepth) continue;
      labels.add(sectionLabelName(project, docname, normalizeName(h.title)));
    }
  }
  sectionLabelCache.set(project, { index: ctx.index, generation, labels });
  return labels;
}

const writerUseCache = new WeakMap<SphinxProject, { index: object; generation: number; writers: WriterUse[] }>();

/** A directive of a local extension that may write titles and targets, and where the project holds it. */
interface WriterUse {
  name: string;
  /** The documents holding it (paths from the project's folder, in name order). */
  docs: string[];
  /** The files whose text holds it (a document, or a file one includes). */
  files: string[];
}

/** The words of the arguments and options of the target writers a tree holds (lower case), kept per tree. */
const writerWordsCache = new WeakMap<object, { names: Set<string>; words: Set<string> }>();

function writerWords(ctx: FeatureContext, uri: string, names: Set<string>): Set<string> {
  const doc = ctx.index.get(uri)?.doc;
  if (!doc) return new Set();
  const hit = writerWordsCache.get(doc);
  if (hit && hit.names === names) return hit.words;
  const words = new Set<string>();
  for (const b of flatten(doc).directives) {
    if (!names.has(b.name)) continue;
    for (const text of [b.argument, ...b.options.map((o) => o.value)]) for (const w of text.split(/[\s,]+/)) if (w) words.add(w.toLowerCase());
  }
  writerWordsCache.set(doc, { names, words });
  return words;
}

/**
 * The directives of the project's local extensions that may write titles and targets (`targetWriters`), each
 * with the documents of the project that hold it (paths from the project's folder, in name order); kept until a
 * document comes, goes, or holds another set of directives.
 */
function targetWriterUses(ctx: FeatureContext, project: SphinxProject): WriterUse[] {
  const hit = writerUseCache.get(project);
  const generation = ctx.index.directiveGeneration;
  if (hit && hit.index === ctx.index && hit.generation === generation) return hit.writers;
  const docs = new Map<string, { docs: Set<string>; files: Set<string> }>();
  for (const f of ctx.index.all()) {
    const owner = f.includedFrom ?? f.uri;
    if (!owner.startsWith(project.root)) continue;
    for (const name of f.directiveShape.split('\u0000')) {
      if (!project.targetWriters.has(name)) continue;
      let use = docs.get(name);
      if (!use) docs.set(name, (use = { docs: new Set(), files: new Set() }));
      use.docs.add(safeDecode(owner.slice(project.root.length)));
      use.files.add(f.uri);
    }
  }
  const writers = [...docs].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([name, use]) => ({ name, docs: [...use.docs].sort(), files: [...use.files].sort() }));
  writerUseCache.set(project, { index: ctx.index, generation, writers });
  return writers;
}

/**
 * External hyperlink targets (`.. _name: https://...`) that nothing uses, as Markdown reports an unused link
 * definition (a hint, shown faded out). Such a target is the document's own (Sphinx makes no label of it), but
 * a file the document includes, rst_prolog and rst_epilog, and a document that includes this one may use it:
 * nothing is reported in a document that includes a file, holds a directive this reading does not know (its
 * content may hold references), or is included by another document.
 */
/** A reference in a directive option's value: `` `name`_ `` or `name_`. */
const OPTION_REFERENCE = /`([^`]+)`_(?!_)|([A-Za-z0-9](?:[-_.:+]?[A-Za-z0-9])*)_(?![\w_])/g;

/**
 * Whether a document's names may be used, or defined, where this reading does not see them: it includes a
 * file or is included, or holds content of a directive it does not read (unknown, or known by name only).
 */
function sharesNames(ctx: FeatureContext, file: FileSummary, project: SphinxProject): boolean {
  if (file.includedFrom !== undefined) return true;
  for (const b of flatten(file.doc).blocks) if (b.kind === 'directive' && (b.name === 'include' || ((b.unknown || b.opaque) && b.content))) return true;
  return includedByAnother(ctx, project, file.uri);
}

/**
 * Sphinx's UnreferencedFootnotesDetector: a footnote no footnote reference points at ("Footnote [2] is not
 * referenced.", `[#]` for an auto-numbered one, `[*]` for a symbol). `[#]` and `[*]` footnotes are paired with
 * their references in order, so those past the number of references are unreferenced; a plain `name_`
 * reference does not count (sphinx-build 9.0.4 warns for `.. [#note]` used only as `note_`). A label given
 * twice is docutils' to report.
 */
function unreferencedFootnotes(ctx: FeatureContext, file: FileSummary, project: SphinxProject): RstProblem[] {
  const names = bindNames(file.doc);
  if (!names.footnotes.length || sharesNames(ctx, file, project)) return [];
  const key = (label: string) => (label.startsWith('#') ? '#' + normalizeName(label.slice(1)) : normalizeName(label));
  const refs = new Set<string>();
  let anonymousRefs = 0;
  let symbolRefs = 0;
  for (const u of names.uses) {
    if (u.kind !== 'footnote') continue;
    if (u.label === '#') anonymousRefs++;
    else if (u.label === '*') symbolRefs++;
    else refs.add(key(u.label));
  }
  // A code block's or literalinclude's `:caption:` is inline text to Sphinx: its footnote references count
  // (readthedocs.org's "Read the Docs' conf.py [1]_ is used to build ...").
  for (const b of flatten(file.doc).directives) {
    for (const o of b.options) {
      if (o.name !== 'caption' || !o.value.includes(']_')) continue;
      for (const m of o.value.matchAll(/\[([^\]\s]+)\]_/g)) {
        if (m[1] === '#') anonymousRefs++;
        else if (m[1] === '*') symbolRefs++;
        else refs.add(key(m[1]));
      }
    }
  }
  const count = new Map<string, number>();
  for (const f of names.footnotes) count.set(key(f.refname), (count.get(key(f.refname)) ?? 0) + 1);
  const out: RstProblem[] = [];
  let anonymous = 0;
  let symbols = 0;
  // `[1]_` names the anonymous `.. [#]` footnote docutils numbers 1 (where no `.. [1]` does): it is referenced.
  const numbers = refs.size ? anonymousFootnoteNumbers(names) : undefined;
  for (const f of names.footnotes) {
    const label = f.refname;
    let shown: string | undefined;
    const numbered = numbers?.get(f);
    // docutils hands the `[#]_` references to the anonymous footnotes in order, those referenced by number too.
    if (label === '#') shown = anonymous++ >= anonymousRefs && !(numbered !== undefined && refs.has(numbered)) ? '#' : undefined;
    else if (label === '*') shown = symbols++ >= symbolRefs ? '*' : undefined;
    else if (!refs.has(key(label)) && count.get(key(label)) === 1) shown = label.startsWith('#') ? '#' : label;
    if (shown !== undefined) out.push({ code: 'sphinx.footnote-not-referenced', message: `Footnote [${shown}] is not referenced.`, start: f.span.start, end: f.span.end });
  }
  return out;
}

/** Where the unused external targets of a document start (what `rst.unused-target` reports there). */
export function unusedTargetStarts(ctx: FeatureContext, uri: string): Set<number> {
  const file = ctx.index.get(uri);
  const project = ctx.projects?.project(uri);
  if (!file || !project || project.excluded(uri)) return new Set();
  return new Set(unusedTargets(ctx, file, project).map((p) => p.start));
}

function unusedTargets(ctx: FeatureContext, file: FileSummary, project: SphinxProject): RstProblem[] {
  const { blocks } = flatten(file.doc);
  if (!blocks.some((b) => b.kind === 'target' && !b.anonymous && b.uri !== undefined) || sharesNames(ctx, file, project)) return [];
  const names = bindNames(file.doc);
  const used = new Set<string>();
  for (const u of names.uses) if (u.kind === 'reference' || u.kind === 'indirect') used.add(u.refname);
  if (project.prelude) for (const u of bindNames(project.prelude).uses) if (u.kind === 'reference' || u.kind === 'indirect') used.add(u.refname);
  // Directive options name targets too: an image's `:target: Pacemaker_`, a sidebar's `:subtitle:` text.
  for (const b of blocks) {
    if (b.kind !== 'directive') continue;
    for (const o of b.options) for (const m of o.value.matchAll(OPTION_REFERENCE)) used.add(normalizeName(m[1] ?? m[2]));
  }
  const out: RstProblem[] = [];
  for (const d of names.defs) {
    if (d.kind !== 'target' || d.uri === undefined || d.indirect !== undefined || used.has(d.refname)) continue;
    if (names.byName.get(d.refname)?.def !== d) continue; // a duplicate: reported as one
    const written = file.text.slice(d.span.start, d.span.end);
    out.push({ code: 'rst.unused-target', message: `Hyperlink target "${written}" is not used.`, start: d.node.start, end: d.node.end, data: { name: d.refname } });
  }
  return out;
}

/**
 * Whether nbsphinx names this label: its `CreateSectionLabels` transform labels every document of the project,
 * notebook or reST, by its path from the source folder with its suffix (`/subdir/a-notebook.ipynb`), and each of
 * its sections by that path, `#` and the section's id, all lower-cased (nbsphinx's own docs refer to notebooks so).
 * The section's id is not checked; the file must exist, whatever the case of its name.
 */
function nbsphinxLabel(ctx: FeatureContext, project: SphinxProject, key: string): boolean {
  if (!key.startsWith('/') || !project.knownExtensions.includes('nbsphinx')) return false;
  const path = key.slice(1).split('#')[0];
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  if (!name || !/\.[^.]+$/.test(name) || path.split('/').some((p) => p === '..' || p === '.' || p === '')) return false;
  const folder = project.root + path.slice(0, slash + 1);
  const entries = ctx.ws.listDir?.(folder);
  if (entries) return entries.some((e) => !e.folder && e.name.toLowerCase() === name);
  return ctx.ws.exists(folder + name);
}
