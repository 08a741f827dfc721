import { convertDirective } from '../blockdiag/convert';
import { columnWidth } from '../rst/text';
import type { DirectiveBlock } from '../rst/types';
import { walkBlocks } from '../rst/walk';
import { extractTargetActions } from './extractTarget';
import type { CodeAction, FeatureContext, WorkspaceEdit } from './types';

export type { CodeAction } from './types';

/** A diagnostic as the client sends it back with a code action request. */
export interface DiagnosticRef {
  code: string;
  message: string;
  start: number;
  end: number;
  data?: Record<string, unknown>;
}

/** Offsets of the line holding `offset`: its start, its end (before the line break) and the next line's start. */
function lineAt(text: string, offset: number): { start: number; end: number; next: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  const next = Math.min(text.length, end + 1);
  return { start, end: text[end - 1] === '\r' ? end - 1 : end, next };
}

/**
 * Quick fixes for the diagnostics at a place: title adornments to the title's width, the missing blank
 * line, the missing target, "did you mean" for targets, labels, directives and roles, removing a duplicate
 * target. Every fix is one edit, undoable as one step.
 */
export function codeActions(ctx: FeatureContext, uri: string, diagnostics: DiagnosticRef[], range?: { start: number; end: number }): CodeAction[] {
  const file = ctx.index.get(uri);
  if (!file) return [];
  const text = file.text;
  const out: CodeAction[] = [];
  const edit = (start: number, end: number, newText: string): WorkspaceEdit => ({ [uri]: [{ start, end, newText }] });
  diagnostics.forEach((d, i) => {
    const suggestion = typeof d.data?.suggestion === 'string' ? d.data.suggestion : undefined;
    switch (d.code) {
      case 'rst.title-underline-too-short':
      case 'rst.title-overline-too-short': {
        // The adornment line and the title line next to it.
        const adorn = lineAt(text, d.start);
        const titleLine = d.code === 'rst.title-underline-too-short' ? lineAt(text, adorn.start - 1) : lineAt(text, adorn.next);
        const width = columnWidth(text.slice(titleLine.start, titleLine.end).trimEnd());
        const char = text[adorn.start] ?? '=';
        const lines: [number, number][] = [[adorn.start, adorn.end]];
        // With an overline, keep both adornments the same.
        const other = d.code === 'rst.title-overline-too-short' ? lineAt(text, titleLine.next) : lineAt(text, Math.max(0, titleLine.start - 1));
        const otherText = text.slice(other.start, other.end).trimEnd();
        if (titleLine.start > 0 && otherText && /^([!-/:-@[-`{-~])\1*$/.test(otherText) && otherText[0] === char && other.start !== adorn.start) lines.push([other.start, other.end]);
        out.push({
          title: `Make the ${d.code === 'rst.title-underline-too-short' ? 'underline' : 'overline'} as wide as the title`,
          kind: 'quickfix',
          fixes: i,
          isPreferred: true,
          edit: { [uri]: lines.sort((a, b) => a[0] - b[0]).map(([s, e]) => ({ start: s, end: e, newText: char.repeat(width) })) },
        });
        break;
      }
      case 'rst.title-overline-mismatch': {
        const over = lineAt(text, d.start);
        const title = lineAt(text, over.next);
        const under = lineAt(text, title.next);
        const width = Math.max(columnWidth(text.slice(title.start, title.end).trim()), 1);
        const char = text[over.start];
        out.push({
          title: 'Make overline and underline match the title',
          kind: 'quickfix',
          fixes: i,
          isPreferred: true,
          edit: {
            [uri]: [
              { start: over.start, end: over.end, newText: char.repeat(width) },
              { start: under.start, end: under.end, newText: char.repeat(width) },
            ],
          },
        });
        break;
      }
      case 'rst.no-blank-line':
      case 'rst.table-no-blank-line': {
        const line = lineAt(text, d.start);
        out.push({ title: 'Insert a blank line', kind: 'quickfix', fixes: i, isPreferred: true, edit: edit(line.start, line.start, '\n') });
        break;
      }
      case 'rst.directive-no-blank-line': {
        const line = lineAt(text, d.start);
        out.push({ title: 'Insert the blank line after the directive line', kind: 'quickfix', fixes: i, isPreferred: true, edit: edit(line.end, line.end, '\n') });
        break;
      }
      case 'rst.unknown-target': {
        const name = text.slice(d.start, d.end).replace(/\s+/g, ' ').trim();
        if (suggestion) out.push({ title: `Change to "${suggestion}"`, kind: 'quickfix', fixes: i, isPreferred: true, edit: edit(d.start, d.end, suggestion) });
        const quoted = /:( |$)/.test(name) ? '`' + name + '`' : name;
        const tail = text.endsWith('\n') ? '' : '\n';
        out.push({ title: `Create the target "${name}" at the end of the file`, kind: 'quickfix', fixes: i, edit: edit(text.length, text.length, `${tail}\n.. _${quoted}: https://\n`) });
        break;
      }
      case 'sphinx.numfig-disabled': {
        const fix = editConfPy(ctx, uri, { numfig: true });
        if (fix) out.push({ title: fix.title, kind: 'quickfix', fixes: i, isPreferred: true, edit: fix.edit });
        break;
      }
      case 'rst.unknown-directive':
      case 'rst.unknown-role':
      case 'rst.undefined-substitution':
      case 'sphinx.undefined-label':
      case 'rst.directive-error':
        if (suggestion) out.push({ title: `Change to "${suggestion}"`, kind: 'quickfix', fixes: i, isPreferred: true, edit: edit(d.start, d.end, suggestion) });
        if (d.code === 'rst.unknown-directive' && typeof d.data?.extension === 'string') {
          // `.. todo::` in a project whose conf.py does not load sphinx.ext.todo.
          const fix = editConfPy(ctx, uri, { extension: d.data.extension });
          if (fix) out.push({ title: fix.title, kind: 'quickfix', fixes: i, isPreferred: true, edit: fix.edit });
        }
        break;
      case 'project.extension-directive':
      case 'project.extension-role': {
        const name = typeof d.data?.name === 'string' ? d.data.name : undefined;
        const declared = name ? declareInPyproject(ctx, uri, d.code === 'project.extension-directive' ? 'directives' : 'roles', name) : undefined;
        if (declared) out.push({ title: declared.title, kind: 'quickfix', fixes: i, isPreferred: true, edit: declared.edit });
        break;
      }
      case 'rst.duplicate-target': {
        const line = lineAt(text, d.start);
        if (/^\s*\.\. _/.test(text.slice(line.start, line.end))) {
          out.push({ title: 'Remove the duplicate target', kind: 'quickfix', fixes: i, edit: edit(line.start, line.next, '') });
        }
        break;
      }
      case 'rst.unused-target': {
        // The target's lines, its URI's continuation lines too.
        const first = lineAt(text, d.start);
        const last = lineAt(text, Math.max(d.start, d.end - 1));
        if (/^\s*\.\. _/.test(text.slice(first.start, first.end))) {
          out.push({ title: 'Remove the unused hyperlink target', kind: 'quickfix', fixes: i, isPreferred: true, edit: edit(first.start, last.next, '') });
        }
        break;
      }
      default:
        // DOT: "did you mean" for attributes, values, shapes, colours, arrows, styles, keywords.
        if (d.code.startsWith('dot.') && suggestion && d.end > d.start) {
          const written = text.slice(d.start, d.end);
          const quoted = written.length >= 2 && written.startsWith('"') && written.endsWith('"');
          const newText = quoted && !suggestion.startsWith('"') ? `"${suggestion}"` : suggestion;
          if (written !== newText) out.push({ title: `Change to "${suggestion}"`, kind: 'quickfix', fixes: i, isPreferred: true, edit: edit(d.start, d.end, newText) });
        }
        break;
    }
  });
  if (range) out.push(...convertActions(ctx, uri, range), ...extractTargetActions(ctx, uri, range));
  return out;
}

const DIAGRAMS = new Set(['blockdiag', 'seqdiag', 'actdiag', 'nwdiag']);

/** "Convert to Graphviz" on a blockdiag-family directive under the cursor: one edit of the directive. */
function convertActions(ctx: FeatureContext, uri: string, range: { start: number; end: number }): CodeAction[] {
  const file = ctx.index.get(uri);
  if (!file) return [];
  let found: DirectiveBlock | undefined;
  walkBlocks(file.doc.blocks, (b) => {
    if (b.kind === 'directive' && DIAGRAMS.has(b.name) && b.start <= range.start && range.end <= b.end) found = b;
  });
  if (!found) return [];
  const r = convertDirective(file.doc, found);
  if (!r.ok) return [];
  const notes = r.notes.length ? ` (${r.notes.length} note${r.notes.length > 1 ? 's' : ''} in the DOT)` : '';
  return [{ title: `Convert to Graphviz${notes}`, kind: 'quickfix', fixes: -1, edit: { [uri]: [{ start: r.start, end: r.end, newText: r.newText }] } }];
}

/**
 * Edits the project's conf.py: an extension added to the `extensions = [...]` list written at the start of a
 * line (in its quote style; `extensions.append(...)` at the end when the list is built otherwise, a new list
 * when there is none), or `numfig = True` (replacing `numfig = False`, else at the end).
 */
function editConfPy(ctx: FeatureContext, uri: string, change: { extension: string } | { numfig: true }): { title: string; edit: WorkspaceEdit } | undefined {
  const project = ctx.projects?.project(uri);
  const confUri = project?.confUri;
  const text = confUri ? ctx.ws.readFile?.(confUri) : undefined;
  if (!confUri || text === undefined) return undefined;
  const one = (title: string, start: number, end: number, newText: string) => ({ title, edit: { [confUri]: [{ start, end, newText }] } });
  const append = (line: string) => (text === '' || text.endsWith('\n') ? '' : '\n') + line + '\n';
  if ('numfig' in change) {
    const title = 'Turn numfig on in conf.py';
    const off = /^numfig[ \t]*=[ \t]*(False|0|None)[ \t]*$/m.exec(text);
    if (off) return one(title, off.index, off.index + off[0].length, 'numfig = True');
    return one(title, text.length, text.length, append('numfig = True'));
  }
  const title = `Load ${change.extension} in conf.py (extensions)`;
  const list = /^extensions[ \t]*=[ \t]*\[/m.exec(text);
  if (list) {
    const at = list.index + list[0].length;
    const rest = text.slice(at);
    const quote = /^\s*"/.test(rest) ? '"' : "'";
    const quoted = quote + change.extension + quote;
    // Keep the list's layout: one entry per line stays one per line.
    const firstItem = /^([ \t]*\r?\n)([ \t]*)\S/.exec(rest);
    if (/^\s*\]/.test(rest)) return one(title, at, at, quoted);
    if (firstItem) return one(title, at + firstItem[1].length, at + firstItem[1].length, `${firstItem[2]}${quoted},\n`);
    return one(title, at, at, `${quoted}, `);
  }
  if (/^extensions\b/m.test(text)) return one(title, text.length, text.length, append(`extensions.append('${change.extension}')`));
  return one(title, text.length, text.length, append(`extensions = ['${change.extension}']`));
}

/**
 * Declares a directive or role in `[tool.ha-guide]` of the project's pyproject.toml: added to the existing
 * list, or a new key in the existing table, or a new table at the end of the file.
 */
function declareInPyproject(ctx: FeatureContext, uri: string, key: 'directives' | 'roles', name: string): { title: string; edit: WorkspaceEdit } | undefined {
  const project = ctx.projects?.project(uri);
  const target = project?.toolUri ?? project?.pyprojectUri;
  const text = target ? ctx.ws.readFile?.(target) : undefined;
  if (!target || text === undefined) return undefined;
  const quoted = JSON.stringify(name);
  const title = `Declare the ${key === 'directives' ? 'directive' : 'role'} "${name}" in pyproject.toml [tool.ha-guide]`;
  const one = (start: number, newText: string) => ({ title, edit: { [target]: [{ start, end: start, newText }] } });
  const header = /^\[tool\.ha-guide\][ \t]*(#.*)?$/m.exec(text);
  if (!header) {
    const tail = text === '' || text.endsWith('\n') ? '' : '\n';
    return one(text.length, `${tail}\n[tool.ha-guide]\n${key} = [${quoted}]\n`);
  }
  const bodyStart = header.index + header[0].length;
  const nextTable = text.slice(bodyStart).search(/^\s*\[/m);
  const body = text.slice(bodyStart, nextTable < 0 ? text.length : bodyStart + nextTable);
  const list = new RegExp(`^[ \\t]*${key}[ \\t]*=[ \\t]*\\[`, 'm').exec(body);
  if (list) {
    const at = bodyStart + list.index + list[0].length;
    const empty = /^\s*\]/.test(text.slice(at));
    return one(at, empty ? quoted : `${quoted}, `);
  }
  const lineEnd = text.indexOf('\n', header.index);
  return one(lineEnd < 0 ? text.length : lineEnd + 1, `${lineEnd < 0 ? '\n' : ''}${key} = [${quoted}]\n`);
}
