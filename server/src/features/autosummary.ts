/**
 * The documents sphinx.ext.autosummary writes during the build: with `autosummary_generate` (on by default
 * since Sphinx 4), each `.. autosummary::` with a `:toctree:` option writes a page per entry into that folder,
 * relative to the document (numpy's `:toctree: generated/`, which its glossary's `:doc:` links name). A
 * document under such a folder exists when the build runs.
 */
import { dirOf, joinUri } from '../common/uri';
import type { SphinxProject } from '../project/project';
import { derived, derivedKey } from '../rst/derived';
import { flatten } from '../rst/walk';
import type { FeatureContext } from './types';
import type { FileSummary } from './workspace';

const FOLDERS = derivedKey<string[]>('autosummary :toctree: folders');

/** Whether autosummary writes this document of the project during the build. */
export function autosummaryWrites(ctx: FeatureContext, project: SphinxProject | undefined, uri: string): boolean {
  if (!project?.knownExtensions.includes('sphinx.ext.autosummary') || project.conf.values['autosummary_generate'] === false) return false;
  for (const f of ctx.index.all()) {
    if (!f.uri.startsWith(project.root)) continue;
    for (const folder of derived(f, FOLDERS, () => toctreeFolders(f))) if (uri.startsWith(folder)) return true;
  }
  return false;
}

function toctreeFolders(f: FileSummary): string[] {
  const out: string[] = [];
  for (const b of flatten(f.doc).directives) {
    if (b.name !== 'autosummary') continue;
    const toctree = b.options.find((o) => o.name === 'toctree')?.value.trim();
    if (toctree === undefined) continue;
    const folder = joinUri(dirOf(f.uri), toctree || '.');
    out.push(folder.endsWith('/') ? folder : folder + '/');
  }
  return out;
}
