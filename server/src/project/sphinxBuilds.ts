/**
 * The Sphinx builds a repository's own build commands run with `-c <dir>` on another folder: noxfile.py's sessions
 * (nox.ts) and tox.ini's environments (tox.ts). Such a folder holds no conf.py of its own; the build reads
 * `<dir>/conf.py` (pip's man pages: `sphinx-build -c docs/html -b man docs/man docs/build/man`). The workspaces
 * ask this, once per folder holding a noxfile.py or tox.ini, when a walk up from a file finds no conf.py.
 */
import { noxConfBuilds } from './nox';
import { toxConfBuilds } from './tox';

/** The build files read, by name, in their folder. */
export type BuildFileReader = (name: 'noxfile.py' | 'tox.ini') => string | undefined;

/**
 * Each source folder a build command of a folder's noxfile.py or tox.ini runs sphinx-build on with `-c` another
 * folder, with that folder (both relative to the folder, POSIX, normalised; the first command naming a source
 * folder wins, noxfile.py before tox.ini). Folders outside the folder (`..`, absolute paths) are left out.
 */
export function confElsewhereBuilds(read: BuildFileReader): Map<string, string> {
  const out = new Map<string, string>();
  const nox = read('noxfile.py');
  const tox = read('tox.ini');
  const builds = [...(nox !== undefined && /sphinx/.test(nox) ? noxConfBuilds(nox) : []), ...(tox !== undefined && /sphinx/.test(tox) ? toxConfBuilds(tox) : [])];
  for (const { source, confDir } of builds) {
    const inside = (p: string) => p !== '..' && !p.startsWith('../') && !p.startsWith('/') && !p.includes('://');
    if (source === confDir || source === '.' || !inside(source) || !inside(confDir) || out.has(source)) continue;
    out.set(source, confDir);
  }
  return out;
}
