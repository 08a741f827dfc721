/**
 * The syntax tree of the blockdiag family of diagram languages (sphinxcontrib-blockdiag, -seqdiag,
 * -actdiag, -nwdiag). Every node keeps offsets (`start` inclusive, `end` exclusive) into the text that
 * was parsed, so an error in an RST document points at the exact token.
 */

export interface DiagSpan {
  start: number;
  end: number;
}

/** The languages of the family that this package reads. */
export type DiagDialect = 'blockdiag' | 'seqdiag' | 'actdiag' | 'nwdiag';

/** Every member of the family (packetdiag and rackdiag draw tables of bits and racks, not graphs). */
export const DIAG_FAMILY = ['blockdiag', 'seqdiag', 'actdiag', 'nwdiag', 'packetdiag', 'rackdiag'] as const;
export type DiagFamilyName = (typeof DIAG_FAMILY)[number];

export function isDiagDialect(name: string): name is DiagDialect {
  return name === 'blockdiag' || name === 'seqdiag' || name === 'actdiag' || name === 'nwdiag';
}

export type DiagTokenKind = 'name' | 'number' | 'string' | 'ipaddr' | 'op' | 'separator' | 'eof';

export interface DiagToken extends DiagSpan {
  kind: DiagTokenKind;
  /** The source text of the token. */
  text: string;
}

/** An identifier or value: a name, a number, a quoted string (nwdiag: also an address). */
export interface DiagId extends DiagSpan {
  /** The value with quotes removed, as blockdiag reads it. */
  value: string;
  /** The token as written. */
  raw: string;
  quoted: boolean;
}

/** `name` or `name = value` inside `[...]`. */
export interface DiagOption extends DiagSpan {
  name: DiagId;
  value?: DiagId;
}

/** `name = value` as a statement: a diagram, group, lane or network attribute. */
export interface DiagAttributeStmt extends DiagSpan {
  kind: 'attribute';
  name: DiagId;
  value: DiagId;
}

/** `A;`, `A [label = "x"];`, `A, B [color = red];` (seqdiag and nwdiag: one name only). */
export interface DiagNodeStmt extends DiagSpan {
  kind: 'node';
  ids: DiagId[];
  options: DiagOption[];
}

/** One edge operator and the nodes after it: `-> B, C`. */
export interface DiagEdgeLink {
  op: DiagToken;
  nodes: DiagId[];
}

/**
 * `A -> B -> C [label = "x"];`, `A, B <- C;`. In seqdiag an edge may carry a block of nested messages:
 * `A => B { B => C; }`.
 */
export interface DiagEdgeStmt extends DiagSpan {
  kind: 'edge';
  first: DiagId[];
  links: DiagEdgeLink[];
  options: DiagOption[];
  block?: DiagStatement[];
}

/**
 * A braced block: `group [id] { }` (all), `lane [id] { }` (actdiag), `network [id] { }` and
 * `route [id] { }` (nwdiag), `alt [id] { }` and `loop [id] { }` (seqdiag fragments).
 */
export interface DiagBlockStmt extends DiagSpan {
  kind: 'block';
  keyword: 'group' | 'lane' | 'network' | 'route' | 'alt' | 'loop';
  keywordSpan: DiagSpan;
  id?: DiagId;
  body: DiagStatement[];
}

/** actdiag `lane name [label = "x"];`: declares a lane without a body. */
export interface DiagLaneDeclStmt extends DiagSpan {
  kind: 'laneDecl';
  id: DiagId;
  options: DiagOption[];
}

/** `class name [attrs];` and `plugin name [attrs];` (top level only). */
export interface DiagExtensionStmt extends DiagSpan {
  kind: 'class' | 'plugin';
  name: DiagId;
  options: DiagOption[];
}

/** seqdiag `=== text ===` (a divider) and `... text ...` (a delay). */
export interface DiagSeparatorStmt extends DiagSpan {
  kind: 'separator';
  type: 'divider' | 'delay';
  text: string;
}

export type DiagStatement = DiagAttributeStmt | DiagNodeStmt | DiagEdgeStmt | DiagBlockStmt | DiagLaneDeclStmt | DiagExtensionStmt | DiagSeparatorStmt;

export interface DiagramAst extends DiagSpan {
  dialect: DiagDialect;
  /** `blockdiag` / `diagram` (or the dialect's own keyword) before the `{`, when written. */
  keyword?: DiagId;
  /** The diagram's name: `blockdiag admin { ... }`. */
  id?: DiagId;
  statements: DiagStatement[];
}

/** A problem in the diagram text, at the token that caused it. */
export interface DiagProblem extends DiagSpan {
  message: string;
}

export interface DiagParseResult {
  /** The tree; undefined when the text is malformed (then `errors` says where and why). */
  diagram?: DiagramAst;
  errors: DiagProblem[];
}
