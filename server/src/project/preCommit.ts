/**
 * A repository's `.pre-commit-config.yaml`, as pre-commit reads it for the hooks whose checks we make: sphinx-lint
 * (`./sphinxLint.ts`) and doc8 (`./doc8.ts`). pre-commit hands a hook the files that the configuration's top-level
 * `files` and `exclude` patterns take, then those that the hook's own take (Python regular expressions searched in
 * the path from the configuration's folder). A pattern that cannot be read here makes the hook's checks unknown,
 * and they are not made: nothing is reported that the hook would not report.
 */
import { parse as parseYaml } from 'yaml';

/** A hook of the configuration: its arguments and the patterns that choose its files. */
export interface PreCommitHook {
  /** The folder holding `.pre-commit-config.yaml` (the repository), ending with `/`: paths are relative to it. */
  root: string;
  /** The configuration file. */
  file: string;
  args: string[];
  /** The hook's `files` and `exclude`. */
  files?: RegExp;
  exclude?: RegExp;
  /** The configuration's top-level `files` and `exclude`, which apply to every hook first. */
  topFiles?: RegExp;
  topExclude?: RegExp;
}

/** A `.pre-commit-config.yaml` as read: its repositories and top-level patterns, untyped until a hook is asked for. */
export interface PreCommitConfig {
  repos: unknown[];
  files?: unknown;
  exclude?: unknown;
}

/**
 * Reads a configuration once for all the hooks asked of it ({@link preCommitHook}). Undefined when it is not
 * YAML or has no list of repositories: then it runs no hook.
 */
export function parsePreCommitConfig(text: string): PreCommitConfig | undefined {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  const top = doc as Partial<PreCommitConfig> | null;
  return top && typeof top === 'object' && Array.isArray(top.repos) ? (top as PreCommitConfig) : undefined;
}

/**
 * The first hook `id` of a repository whose address `repo` matches (or of a `local` one). Undefined when the
 * configuration runs no such hook (or could not be read); null when it does but one of its patterns cannot be read.
 */
export function preCommitHook(config: PreCommitConfig | undefined, root: string, file: string, id: string, repo: RegExp): PreCommitHook | null | undefined {
  if (!config) return undefined;
  for (const r of config.repos as { repo?: unknown; hooks?: unknown }[]) {
    if (!r || typeof r !== 'object' || !Array.isArray(r.hooks)) continue;
    const address = typeof r.repo === 'string' ? r.repo : '';
    if (!repo.test(address) && address !== 'local') continue;
    for (const hook of r.hooks as Record<string, unknown>[]) {
      if (!hook || hook.id !== id) continue;
      const patterns = [hook.files, hook.exclude, config.files, config.exclude].map((p) => (typeof p === 'string' ? pythonRegex(p) ?? null : undefined));
      if (patterns.includes(null)) return null;
      const [files, exclude, topFiles, topExclude] = patterns as (RegExp | undefined)[];
      const args = Array.isArray(hook.args) ? hook.args.filter((a): a is string => typeof a === 'string') : [];
      return { root, file, args, files, exclude, topFiles, topExclude };
    }
  }
  return undefined;
}

/** Whether pre-commit hands the hook the file at `rel` (its path from the configuration's folder). */
export function preCommitTakes(hook: PreCommitHook, rel: string): boolean {
  if (hook.topFiles && !hook.topFiles.test(rel)) return false;
  if (hook.topExclude?.test(rel)) return false;
  if (hook.files && !hook.files.test(rel)) return false;
  return !hook.exclude?.test(rel);
}

/**
 * A Python regular expression of a pre-commit configuration as a JavaScript one: `(?x)` verbose patterns lose
 * their white space and comments, a leading `(?i)` becomes a flag. Undefined when it cannot be read (then the
 * checks are not made: nothing is reported that the hook would not report).
 */
export function pythonRegex(pattern: string): RegExp | undefined {
  let p = pattern;
  let flags = '';
  for (;;) {
    const m = /^\(\?([aiLmsux]+)\)/.exec(p);
    if (!m) break;
    p = p.slice(m[0].length);
    if (m[1].includes('x')) p = p.replace(/\\.|\[(?:\\.|[^\]])*\]|#[^\n]*|\s+/g, (t) => (t.startsWith('#') || /^\s/.test(t) ? '' : t));
    if (m[1].includes('i')) flags += 'i';
    if (m[1].includes('m')) flags += 'm';
    if (m[1].includes('s')) flags += 's';
  }
  if (mayBacktrack(p)) return undefined;
  try {
    return new RegExp(p, flags);
  } catch {
    return undefined;
  }
}

/**
 * Whether a pattern repeats a group that itself repeats or alternates (`(a+)+`, `(a|ab)*`): JavaScript's
 * matcher can take exponential time on such a pattern, and a repository's configuration must never hang the
 * server. pre-commit's patterns rarely need one (`^doc/|releasenotes`, `(?x)^(a/.*|b/.*)$` are fine); one
 * that has it is not read, and the checks are not made.
 */
function mayBacktrack(pattern: string): boolean {
  const open: { risky: boolean }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
      continue;
    }
    if (c === '(') open.push({ risky: false });
    else if (c === ')') {
      const group = open.pop();
      const next = pattern[i + 1];
      const repeated = next === '*' || next === '+' || next === '{' || next === '?';
      if (group?.risky && repeated && next !== '?') return true;
      if (group?.risky || repeated) for (const g of open) g.risky = true;
    } else if (c === '|' || c === '*' || c === '+' || c === '{') {
      for (const g of open) g.risky = true;
    }
  }
  return false;
}
