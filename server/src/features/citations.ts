/**
 * Citations across a Sphinx project, as Sphinx's citation domain keeps them: a citation is the project's, so
 * `[RFC4364]_` in one document cites `.. [RFC4364]` of another; a label defined in two documents is
 * "duplicate citation" (reported in the later one, as Sphinx reads documents in name order), a citation no
 * `[label]_` of the project cites is "Citation [label] is not referenced.", and a `[label]_` naming no
 * citation is "citation not found". Labels compare as written (`[bar]_` does not cite `.. [Bar]`). Two in one
 * document are docutils' to report. A plain `label_` reference does not cite. Each checked against
 * sphinx-build 9.0.4.
 */
import type { RstProblem } from '../rst/types';
import type { FeatureContext } from './types';
import { relativePath, type FileSummary } from './workspace';

/** The citation problems of one document; `uses` receives the citation names it looked up. */
export function citationDiagnostics(ctx: FeatureContext, file: FileSummary, uses: Set<string> = new Set()): RstProblem[] {
  const out: RstProblem[] = [];
  for (const c of file.citations) {
    const key = c.name;
    uses.add('citation:' + key);
    const inProject = (o: { project?: string }) => o.project === c.project;
    const earlier = ctx.index.citations(key).filter((o) => inProject(o) && o.uri !== file.uri && o.uri < file.uri);
    if (earlier.length) {
      uses.add('@citation:' + key);
      const o = earlier[0];
      out.push({
        code: 'sphinx.duplicate-citation',
        message: `duplicate citation ${c.name}, other instance in ${relativePath(file.uri, o.uri)}`,
        start: c.span.start,
        end: c.span.end,
        related: [{ uri: o.uri, start: o.span.start, end: o.span.end, message: 'other instance' }],
      });
      continue;
    }
    if (!ctx.index.citations(key, true).some(inProject)) {
      out.push({ code: 'sphinx.citation-not-referenced', message: `Citation [${c.name}] is not referenced.`, start: c.span.start, end: c.span.end });
    }
  }
  for (const r of file.citationRefs) {
    uses.add('citation:' + r.name);
    if (ctx.index.citations(r.name).some((o) => o.project === r.project)) continue;
    out.push({ code: 'sphinx.citation-not-found', message: `citation not found: ${r.name}`, start: r.span.start, end: r.span.end });
  }
  return out;
}
