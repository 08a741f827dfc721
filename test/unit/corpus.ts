import fs from 'node:fs';
import path from 'node:path';

/** The shared corpus beside the repository (`$HA_GUIDE_CORPUS` to put it elsewhere). */
export const CORPUS = path.resolve(process.env.HA_GUIDE_CORPUS ?? path.join(__dirname, '../../..', '..', 'shared', 'corpus'));

/** True when the corpus's real-world files are there (tests that read them skip otherwise). */
export function hasCorpus(): boolean {
  return fs.existsSync(path.join(CORPUS, 'files'));
}

/** Every `.rst` file of the corpus's real-world files, sorted; none when the corpus is missing. */
export function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.rst')) out.push(p);
    }
  };
  if (hasCorpus()) walk(path.join(CORPUS, 'files'));
  return out.sort();
}
