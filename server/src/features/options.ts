/**
 * `:option:` references, as Sphinx's std domain resolves them: a target names an option some `.. option::` of
 * the project describes for the program current at the reference (`.. program::` before it in its document;
 * none at the start of a document and after `.. program:: None`), written alone (`--verbose`) or with a value
 * (`--file=x`, `--file[=x]`, `--file x`); or it names its program and subcommands first (`sphinx-build --tag`,
 * `nova-manage db sync`: the program `nova-manage-db`). Sphinx warns "unknown option" otherwise. Where this
 * reading cannot be sure which program is current (see `TermDef.programKnown`) any program counts, so a
 * reference is then reported only when no description of that option exists at all. Checked only where every
 * option is written in the documents (`SphinxProject.optionsWritten`) and intersphinx cannot resolve it.
 */
import type { SphinxProject } from '../project/project';
import type { RstProblem } from '../rst/types';
import { mayResolveThroughIntersphinx } from './intersphinx';
import { includedByAnother } from './toctree';
import type { FeatureContext } from './types';
import type { FileSummary, TermDef } from './workspace';

/** One look-up of Sphinx's: an option name for a program (null: no program; undefined: any program). */
export interface OptionLookup {
  program: string | null | undefined;
  name: string;
}

/**
 * What Sphinx looks up for a reference target, in its order: the target, then its stem before a value, for the
 * current program `program`; then, splitting words off the front, the rest for the program those words name.
 */
export function optionLookups(target: string, program: string | null | undefined): OptionLookup[] {
  const t = target.trim();
  const out: OptionLookup[] = [{ program, name: t }];
  for (const needle of ['=', '[=', ' ']) if (t.includes(needle)) out.push({ program, name: t.slice(0, t.indexOf(needle)) });
  const commands: string[] = [];
  let rest = t;
  for (let m = /\s+/.exec(rest); m; m = /\s+/.exec(rest)) {
    commands.push(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
    out.push({ program: commands.join('-'), name: rest });
  }
  return out;
}

/** The option names a reference target may mean, whatever the program. */
export function optionCandidates(target: string): string[] {
  return optionLookups(target, undefined).map((l) => l.name);
}

export function optionDiagnostics(ctx: FeatureContext, file: FileSummary, project: SphinxProject, uses: Set<string> = new Set()): RstProblem[] {
  if (!file.optionRefs.length || !project.optionsWritten || mayResolveThroughIntersphinx(project, 'cmdoption')) return [];
  const out: RstProblem[] = [];
  const refsKnown = !includedByAnother(ctx, project, file.uri);
  // A description whose program this reading cannot be sure of matches any program.
  const known = new Map<string, boolean>();
  const defKnown = (d: TermDef) => {
    let k = known.get(d.uri);
    if (k === undefined) known.set(d.uri, (k = d.programKnown === true && !includedByAnother(ctx, project, d.uri)));
    return k;
  };
  for (const r of file.optionRefs) {
    if (r.name.startsWith('!')) continue; // `:option:`!--x`` makes no link
    const lookups = optionLookups(r.name, refsKnown && r.programKnown ? (r.program ?? null) : undefined);
    for (const l of lookups) uses.add('option:' + l.name);
    const found = lookups.some((l) =>
      ctx.index.options(l.name).some((o) => o.project === file.project && (l.program === undefined || !defKnown(o) || (o.program ?? null) === l.program)),
    );
    if (!found) out.push({ code: 'sphinx.unknown-option', message: `unknown option: '${r.name.trim()}'`, start: r.span.start, end: r.span.end });
  }
  return out;
}
