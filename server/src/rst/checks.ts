import type { DirectiveRegistry } from './registry';
import type { RstDocument, RstProblem } from './types';

/** Document-wide checks after parsing: targets, references, substitutions, footnotes, roles. */
export function checkDocument(_doc: RstDocument, _registry: DirectiveRegistry): RstProblem[] {
  return [];
}
