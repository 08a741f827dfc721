/**
 * Glossary terms across a Sphinx project, as Sphinx's std domain keeps them: a term described twice is
 * reported in the later document (Sphinx reads documents in name order), and a `:term:` naming no glossary
 * term of the project is reported ("term not in glossary"); `:term:` matches case-insensitively.
 */
import { normalizeName } from '../rst/text';
import type { RstProblem, Span } from '../rst/types';
import { flatten } from '../rst/walk';
import type { FeatureContext } from './types';
import { relativePath, sameProject, splitExplicitTitle, type FileSummary } from './workspace';

interface TermDef {
  name: string;
  uri: string;
  span: Span;
}

const termsCache = new WeakMap<FileSummary, TermDef[]>();

/** The glossary terms a file describes (kept per indexed version of the file). */
function fileTerms(f: FileSummary): TermDef[] {
  const hit = termsCache.get(f);
  if (hit) return hit;
  const out: TermDef[] = [];
  for (const b of flatten(f.doc.blocks).blocks) {
    if (b.kind !== 'directive' || b.name !== 'glossary') continue;
    for (const t of b.glossaryTerms ?? []) out.push({ name: t.name, uri: f.uri, span: t.span });
  }
  termsCache.set(f, out);
  return out;
}

let allCache: { generation: number; byLower: Map<string, TermDef[]> } | undefined;

function allTerms(ctx: FeatureContext): Map<string, TermDef[]> {
  if (allCache?.generation === ctx.index.generation) return allCache.byLower;
  const byLower = new Map<string, TermDef[]>();
  for (const f of ctx.index.all()) {
    for (const t of fileTerms(f)) {
      const key = normalizeName(t.name);
      const list = byLower.get(key);
      if (list) list.push(t);
      else byLower.set(key, [t]);
    }
  }
  allCache = { generation: ctx.index.generation, byLower };
  return byLower;
}

export function glossaryDiagnostics(ctx: FeatureContext, file: FileSummary): RstProblem[] {
  const out: RstProblem[] = [];
  const terms = allTerms(ctx);
  const inProject = (t: TermDef) => sameProject(ctx.ws, t.uri, file.uri);
  for (const t of fileTerms(file)) {
    const earlier = (terms.get(normalizeName(t.name)) ?? []).filter(
      (o) => o.name === t.name && inProject(o) && (o.uri < file.uri || (o.uri === file.uri && o.span.start < t.span.start)),
    );
    if (!earlier.length) continue;
    const o = earlier[0];
    out.push({
      code: 'sphinx.duplicate-term',
      message: `duplicate term description of ${t.name}, other instance in ${o.uri === file.uri ? 'this document' : relativePath(file.uri, o.uri)}`,
      start: t.span.start,
      end: t.span.end,
      related: [{ uri: o.uri, start: o.span.start, end: o.span.end, message: 'other instance' }],
    });
  }
  for (const i of flatten(file.doc.blocks).inlines) {
    if (i.kind !== 'interpreted' || (i.role !== 'term' && i.role !== 'std:term')) continue;
    const x = splitExplicitTitle(i.text, i.contentSpan.start);
    if (!x.target) continue;
    if ((terms.get(normalizeName(x.target)) ?? []).some(inProject)) continue;
    out.push({ code: 'sphinx.undefined-term', message: `term not in glossary: '${x.target}'`, start: x.span.start, end: x.span.end });
  }
  return out;
}
