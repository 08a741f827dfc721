/**
 * Roles declared with `.. role::` in other documents of a Sphinx project. docutils' `role` directive registers the
 * role in docutils' module-global role table, which Sphinx restores only around the whole build
 * (`sphinx.util.docutils.docutils_namespace`); a serial build reads the documents in sorted docname order. So a role
 * declared in one document is known in every document whose docname sorts after it, and unknown in those before.
 */
import { relativePath } from '../common/uri';
import { docnameOf, isDocumentOf } from '../project/project';
import type { RstProblem } from '../rst/types';
import { flatten } from '../rst/walk';
import type { FeatureContext } from './types';

/** Python's order of strings: by code point (not by UTF-16 unit, which differs past U+FFFF). */
export function codePointCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * The name of the role an unknown-role problem is about (lowercased; the check puts it in the problem's `data`,
 * `name`), undefined for other problems.
 */
function unknownRoleName(p: RstProblem): string | undefined {
  if (p.code !== 'project.extension-role' && p.code !== 'rst.unknown-role') return undefined;
  const name = (p.data as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name.toLowerCase() : undefined;
}

/**
 * The unknown-role problems of a document (`rst.unknown-role`, `project.extension-role`) whose role another
 * document of its project declares with `.. role::`: dropped where a full build reads that document first (its
 * docname sorts before), else told so (the declaring document is read after this one). A file read as part of
 * another document (an included file) counts at that document. `uses` receives `role:<name>` for each role
 * looked up. `host`: the document that reads `uri` as part of it, when the caller knows it. Changes `problems` in place.
 */
export function resolveDeclaredRoles(ctx: FeatureContext, uri: string, problems: RstProblem[], uses: Set<string>, host?: string): void {
  if (!problems.some((p) => p.code === 'rst.unknown-role' || p.code === 'project.extension-role')) return;
  const project = ctx.projects?.project(host ?? uri);
  if (!project) return;
  const reader = host ?? (isDocumentOf(project, uri) ? uri : ctx.projects?.hostOf(uri));
  if (reader === undefined || !isDocumentOf(project, reader)) return;
  const projectKey = ctx.index.projectKey(reader);
  const docname = docnameOf(project, reader) ?? reader;
  /** For each role: the first document a full build reads that declares it (undefined: none). */
  const first = new Map<string, { uri: string; file: string; docname: string } | undefined>();
  const firstDeclaration = (role: string) => {
    if (first.has(role)) return first.get(role);
    uses.add('role:' + role);
    let best: { uri: string; file: string; docname: string } | undefined;
    for (const file of ctx.index.roleDeclarations(projectKey, role) ?? []) {
      const by = isDocumentOf(project, file) ? file : ctx.index.get(file)?.includedFrom;
      if (by === undefined || by === reader || !isDocumentOf(project, by)) continue;
      const name = docnameOf(project, by) ?? by;
      if (!best || codePointCompare(name, best.docname) < 0) best = { uri: by, file, docname: name };
    }
    first.set(role, best);
    return best;
  };
  for (let i = problems.length - 1; i >= 0; i--) {
    const p = problems[i];
    const role = unknownRoleName(p);
    if (role === undefined) continue;
    const decl = firstDeclaration(role);
    if (!decl) continue;
    if (codePointCompare(decl.docname, docname) < 0) {
      problems.splice(i, 1);
      continue;
    }
    const where = relativePath(uri, decl.file) + (decl.file === decl.uri ? '' : ` (included by ${relativePath(uri, decl.uri)})`);
    // A copy: the problem may be one the document's cache keeps, checked again once the declarations change.
    const told: RstProblem = {
      ...p,
      message:
        (p.code === 'rst.unknown-role' ? `Unknown interpreted text role "${role}": it` : `Role "${role}" is not known here: it`) +
        ` is declared with ".. role::" in ${where}, which a full build reads after this document` +
        ' (documents are read in sorted order of their names), and a role is known only after its declaration.',
    };
    // The "did you mean" of the check is no answer: the role is the one declared there.
    if (p.data && 'suggestion' in (p.data as object)) {
      const { suggestion: _dropped, ...rest } = p.data as Record<string, unknown>;
      told.data = Object.keys(rest).length ? rest : undefined;
    }
    const span = declarationSpan(ctx, decl.file, role);
    if (span) told.related = [...(p.related ?? []), { uri: decl.file, start: span.start, end: span.end, message: `"${role}" declared here` }];
    problems[i] = told;
  }
}

/** Where a file declares a role (`.. role:: name`): its argument. */
function declarationSpan(ctx: FeatureContext, uri: string, role: string): { start: number; end: number } | undefined {
  const doc = ctx.index.get(uri)?.doc;
  if (!doc) return undefined;
  for (const b of flatten(doc).directives) {
    if (b.name !== 'role') continue;
    if (/^([^\s(]+)/.exec(b.argument.trim())?.[1].toLowerCase() === role) return b.argumentSpan ?? b.nameSpan;
  }
  return undefined;
}
