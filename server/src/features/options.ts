/**
 * `:option:` references, as Sphinx's std domain resolves them: a target names an option some `.. option::` of
 * the project describes, written alone (`--verbose`), with a value (`--file=x`, `--file[=x]`, `--file x`) or
 * after its program and subcommands (`sphinx-build --tag`). Sphinx warns "unknown option" otherwise. The
 * program a description belongs to (`.. program::`) is not compared: a name described for any program counts,
 * so a reference is reported only when no description of it exists at all. Checked only where every option is
 * written in the documents (`SphinxProject.optionsWritten`) and intersphinx cannot resolve it.
 */
import type { SphinxProject } from '../project/project';
import type { RstProblem } from '../rst/types';
import { mayResolveThroughIntersphinx } from './intersphinx';
import type { FeatureContext } from './types';
import type { FileSummary } from './workspace';

/** The option names a reference target may mean, in the order Sphinx tries them. */
export function optionCandidates(target: string): string[] {
  const t = target.trim();
  const out = [t];
  for (const needle of ['=', '[=', ' ']) if (t.includes(needle)) out.push(t.slice(0, t.indexOf(needle)));
  // `prog sub --opt`: Sphinx splits words off the front, each time looking the rest up.
  let rest = t;
  for (let m = /\s+/.exec(rest); m; m = /\s+/.exec(rest)) {
    rest = rest.slice(m.index + m[0].length);
    out.push(rest);
  }
  return out;
}

export function optionDiagnostics(ctx: FeatureContext, file: FileSummary, project: SphinxProject, uses: Set<string> = new Set()): RstProblem[] {
  if (!file.optionRefs.length || !project.optionsWritten || mayResolveThroughIntersphinx(project, 'cmdoption')) return [];
  const out: RstProblem[] = [];
  for (const r of file.optionRefs) {
    if (r.name.startsWith('!')) continue; // `:option:`!--x`` makes no link
    const candidates = optionCandidates(r.name);
    for (const c of candidates) uses.add('option:' + c);
    if (candidates.some((c) => ctx.index.options(c).some((o) => o.project === file.project))) continue;
    out.push({ code: 'sphinx.unknown-option', message: `unknown option: '${r.name.trim()}'`, start: r.span.start, end: r.span.end });
  }
  return out;
}
