/** What intersphinx may resolve in a project whose inventories are not read here. */
import type { SphinxProject } from '../project/project';

/**
 * Whether Sphinx looks an unprefixed `:ref:` label, `:doc:` name or `:term:` up in every intersphinx inventory:
 * unless `intersphinx_disabled_reftypes` (Sphinx's default: `std:doc` only) names its object type, `std:*` or `*`.
 */
export function mayResolveThroughIntersphinx(project: SphinxProject, objtype: 'label' | 'doc' | 'term' | 'cmdoption'): boolean {
  if (!project.intersphinx.size) return false;
  const disabled = project.conf.values['intersphinx_disabled_reftypes'];
  const list = Array.isArray(disabled) ? disabled.filter((x): x is string => typeof x === 'string') : ['std:doc'];
  const own = objtype === 'label' ? ['std:label', 'std:ref'] : [`std:${objtype}`];
  return !list.some((x) => x === '*' || x === 'std:*' || own.includes(x));
}
