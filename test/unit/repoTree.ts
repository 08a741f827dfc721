import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A repository written for a test: the files (relative path -> text) in a new temporary folder holding a `.git`
 * folder, so that `ha-guide lint` and the server take it for a repository's top. Returns the folder; the test
 * removes it.
 */
export function repoTree(files: Record<string, string>, prefix = 'ha-guide-tree-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  fs.mkdirSync(path.join(dir, '.git'));
  return dir;
}
