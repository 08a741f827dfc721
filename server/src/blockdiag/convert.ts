import type { DirectiveBlock, RstDocument } from '../rst/types';
import { isDiagDialect, type DiagDialect, type DiagProblem } from './ast';
import { Reporter, type DiagNote } from './attributes';
import { blockdiagToDot } from './blockdiagToDot';
import { nwdiagToDot } from './nwdiagToDot';
import { parseDiagram, type ParseDiagramOptions } from './parser';
import { seqdiagToDot } from './seqdiagToDot';

export type { DiagNote };

/** A diagram converted to DOT, with what could not be carried over. */
export type DiagramConversion = { ok: true; dot: string; notes: DiagNote[] } | { ok: false; errors: DiagProblem[] };

/**
 * Converts one blockdiag-family diagram (`text[start, end)`) to DOT. The notes also appear at the top
 * of the DOT as comments, so whoever reads the converted guide sees what was approximated. Never throws.
 */
export function convertDiagram(text: string, dialect: DiagDialect, options: ParseDiagramOptions = {}): DiagramConversion {
  const parsed = parseDiagram(text, dialect, options);
  if (!parsed.diagram) return { ok: false, errors: parsed.errors };
  const r = new Reporter();
  let dot: string;
  try {
    dot = dialect === 'nwdiag' ? nwdiagToDot(parsed.diagram, r) : dialect === 'seqdiag' ? seqdiagToDot(parsed.diagram, r) : blockdiagToDot(parsed.diagram, r);
  } catch (e) {
    const at = parsed.diagram;
    return { ok: false, errors: [{ start: at.start, end: at.end, message: `The conversion failed: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  if (r.errors.length) return { ok: false, errors: r.errors };
  if (r.notes.length) {
    const lines = dot.split('\n');
    const comment = [`  // Converted from ${dialect}. Not carried over exactly:`, ...r.notes.map((n) => `  // - ${n.message}`)];
    dot = [lines[0], ...comment, ...lines.slice(1)].join('\n');
  }
  return { ok: true, dot, notes: r.notes };
}

/** Options of the blockdiag directives that Sphinx's graphviz directive also has. */
const CARRIED_OPTIONS = new Set(['caption', 'align', 'name', 'alt', 'class']);

/** One edit: replace `[start, end)` of the document with `newText`. */
export interface DirectiveEdit {
  ok: true;
  start: number;
  end: number;
  newText: string;
  notes: string[];
  /** The notes with their offsets in the document (for the CLI). */
  detailedNotes: DiagNote[];
}

export interface DirectiveFailure {
  ok: false;
  message: string;
  /** Where the problem is: the offending token of a malformed diagram, else the directive. */
  start: number;
  end: number;
}

/**
 * The quick fix "Convert to Graphviz": the edit that replaces a blockdiag-family directive (all of it,
 * from `..` to its last content line) with an equivalent `.. graphviz::` directive at the same
 * indentation, carrying over `:caption:`, `:align:`, `:name:`, `:alt:` and `:class:`. Offsets are into
 * `doc.text`; nothing outside the directive changes. Pure and never throws.
 */
export function convertDirective(doc: RstDocument, directive: DirectiveBlock): { ok: true; start: number; end: number; newText: string; notes: string[] } | DirectiveFailure {
  const result = convertDirectiveDetailed(doc, directive);
  if (!result.ok) return result;
  const { start, end, newText, notes } = result;
  return { ok: true, start, end, newText, notes };
}

/** {@link convertDirective} with the notes' positions. */
export function convertDirectiveDetailed(doc: RstDocument, directive: DirectiveBlock): DirectiveEdit | DirectiveFailure {
  const text = doc.text;
  const whole = { start: directive.start, end: directive.end };
  const fail = (message: string, at: { start: number; end: number } = whole): DirectiveFailure => ({ ok: false, message, start: at.start, end: at.end });
  const name = directive.name;
  if (name === 'packetdiag' || name === 'rackdiag') {
    return fail(`${name} draws ${name === 'packetdiag' ? 'the fields of a packet' : 'a rack of devices'}, not a graph: Graphviz has no counterpart, so it is left as it is`, directive.nameSpan);
  }
  if (!isDiagDialect(name)) return fail(`"${name}" is not a blockdiag-family directive`, directive.nameSpan);
  if (!/^\.\.[ \t]+$/.test(text.slice(directive.start, directive.nameSpan.start))) {
    return fail(`This ${name} sits in a substitution definition; convert it by hand`, directive.nameSpan);
  }
  if (directive.argument.trim() !== '') {
    return fail(`The diagram is in the file "${directive.argument.trim()}": convert that file (ha-guide migrate reads it)`, directive.argumentSpan ?? directive.nameSpan);
  }
  const content = directive.content;
  if (!content) return fail(`The ${name} directive has no diagram to convert`, directive.nameSpan);

  const conversion = convertDiagram(text, name, { start: content.start, end: content.end, indent: content.indent });
  if (!conversion.ok) {
    const e = conversion.errors[0];
    return fail(e.message, e);
  }
  const notes: DiagNote[] = [...conversion.notes];
  const rebuilt = rebuildDirective(doc, directive, conversion.dot, notes);
  return { ok: true, start: directive.start, end: directive.end, newText: rebuilt, notes: notes.map((n) => n.message), detailedNotes: notes };
}

/** The `.. graphviz::` directive text: same column for `..`, options and DOT at the original margins. */
function rebuildDirective(doc: RstDocument, directive: DirectiveBlock, dot: string, notes: DiagNote[]): string {
  const contentIndent = ' '.repeat(directive.content?.indent ?? columnOf(doc, directive.start) + 3);
  const firstOption = directive.options[0];
  const optionIndent = firstOption ? ' '.repeat(columnOf(doc, firstOption.start)) : contentIndent;
  const lines = ['.. graphviz::'];
  for (const o of directive.options) {
    if (!CARRIED_OPTIONS.has(o.name)) {
      notes.push({ message: `Sphinx's graphviz directive has no :${o.name}: option; it was left out`, start: o.start, end: o.end });
      continue;
    }
    const value = o.value === '' ? '' : ' ' + o.value.split('\n').join('\n' + optionIndent + '   ');
    lines.push(`${optionIndent}:${o.name}:${value}`);
  }
  lines.push('');
  for (const l of dot.split('\n')) lines.push(l === '' ? '' : contentIndent + l);
  // The file's own line breaks.
  const eol = doc.text.slice(directive.start, directive.end).includes('\r\n') ? '\r\n' : '\n';
  return lines.join(eol);
}

/** Column of an offset (tabs expanded to multiples of 8, as docutils does). */
function columnOf(doc: RstDocument, offset: number): number {
  const lineStart = doc.text.lastIndexOf('\n', offset - 1) + 1;
  let col = 0;
  for (let i = lineStart; i < offset; i++) col = doc.text[i] === '\t' ? (Math.floor(col / 8) + 1) * 8 : col + 1;
  return col;
}
