/**
 * Glossary terms across a Sphinx project, as Sphinx's std domain keeps them: a term described twice is
 * reported in the later document (Sphinx reads documents in name order), and a `:term:` naming no glossary
 * term of the project is reported ("term not in glossary"); `:term:` matches case-insensitively.
 */
import { normalizeName } from '../rst/text';
import type { RstProblem } from '../rst/types';
import { flatten } from '../rst/walk';
import type { FeatureContext } from './types';
import { mayResolveThroughIntersphinx } from './intersphinx';
import { rawContent, relativePath, splitExplicitTitle, type FileSummary, type TermDef } from './workspace';

/**
 * The glossary problems of one document. The index keeps every file's terms by name (updated file by file),
 * so this costs in proportion to the document; `uses` receives the term names it looked up.
 */
export function glossaryDiagnostics(ctx: FeatureContext, file: FileSummary, uses: Set<string> = new Set()): RstProblem[] {
  const out: RstProblem[] = [];
  const project = ctx.projects?.project(file.uri);
  const inProject = (t: TermDef) => t.uri === file.uri || t.project === file.project;
  for (const t of file.terms) {
    const key = normalizeName(t.name);
    uses.add('term:' + key);
    const earlier = ctx.index.terms(key).filter(
      (o) => o.name === t.name && inProject(o) && (o.uri < file.uri || (o.uri === file.uri && o.span.start < t.span.start)),
    );
    if (!earlier.length) continue;
    uses.add('@term:' + key);
    const o = earlier[0];
    out.push({
      code: 'sphinx.duplicate-term',
      message: `duplicate term description of ${t.name}, other instance in ${o.uri === file.uri ? 'this document' : relativePath(file.uri, o.uri)}`,
      start: t.span.start,
      end: t.span.end,
      related: [{ uri: o.uri, start: o.span.start, end: o.span.end, message: 'other instance' }],
    });
  }
  for (const i of flatten(file.doc).inlines) {
    // `:term:`!word``: Sphinx's XRefRole shows the text, with no reference to resolve.
    if (i.kind !== 'interpreted' || (i.role !== 'term' && i.role !== 'std:term') || i.text.startsWith('!')) continue;
    const x = splitExplicitTitle(i.text, i.contentSpan.start, rawContent(file.text, i));
    if (!x.target) continue;
    // `:term:`python:decorator``: an inventory named in intersphinx_mapping, looked up there (pyramid's docs).
    const inventory = /^([^:\s]+):/.exec(x.target);
    if (inventory && project?.intersphinx.has(inventory[1])) continue;
    uses.add('term:' + normalizeName(x.target));
    if (ctx.index.terms(normalizeName(x.target)).some(inProject)) continue;
    if (project && mayResolveThroughIntersphinx(project, 'term')) {
      // Sphinx looks a term it does not know up in the inventories (`std:term` is not disabled by default):
      // scrapy's `:term:`awaitable`` is Python's glossary.
      out.push({
        code: 'sphinx.undefined-term-intersphinx',
        message: `term not in this project's glossary: '${x.target.replace(/\s+/g, ' ')}'; it may be in an intersphinx inventory (${[...project.intersphinx].join(', ')})`,
        start: x.span.start,
        end: x.span.end,
      });
      continue;
    }
    out.push({ code: 'sphinx.undefined-term', message: `term not in glossary: '${x.target.replace(/\s+/g, ' ')}'`, start: x.span.start, end: x.span.end });
  }
  return out;
}
