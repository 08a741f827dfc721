/**
 * What a documentation Makefile does before Sphinx builds the HTML: the targets `make html` makes first (its
 * prerequisites, followed through the rules of the same Makefile), the Python scripts their recipes run, and
 * the files those targets are (IPython's `source/config/options/config-generated.txt: autogen_config.py`,
 * python/devguide's `%: Makefile ensure-venv $(_RELEASE_CYCLE)`, whose `include/branches.csv` runs
 * `_tools/generate_release_cycle.py`). Read
 * from the text only: simple variables (`NAME = value`, `:=`, `?=`) are put in, nothing else of make's language.
 */

/** How many targets of a Makefile are followed at most from `html`. */
const MAX_TARGETS = 64;

export interface MakeBeforeHtml {
  /** The Python scripts the recipes run, as written (relative to the Makefile's folder). */
  scripts: string[];
  /** The targets that name files (a `/` or a suffix in the name), relative to the Makefile's folder. */
  files: string[];
  /** The folders the recipes make (`mkdir -p source/api`: scikit-image's API pages are written there). */
  folders: string[];
  /**
   * What `make clean` removes (`rm -rf modules/generated_reports/*.html`): the outputs of some step of the build,
   * as written (shell globs), relative to the Makefile's folder.
   */
  cleaned: string[];
  /**
   * The templates handed to a script on its command line (scikit-image's `python tools/write_migration_guide.py $<`
   * with the prerequisite `source/user_guide/skimage2_migration.rst.tpl`), with the file each names without its
   * template suffix (`source/user_guide/skimage2_migration.rst`), which the script may write; relative to the
   * Makefile's folder.
   */
  templates: { script: string; template: string; output: string }[];
}

/** A template's name: a file's name (with a suffix of its own) and a template suffix after it. */
const TEMPLATE_NAME = /^([^\s'"`$]+\.[A-Za-z0-9]{1,8})\.(?:tpl|tmpl|template|in|j2|jinja2?)$/;

export function beforeHtml(text: string, target = 'html'): MakeBeforeHtml {
  const out: MakeBeforeHtml = { scripts: [], files: [], folders: [], cleaned: [], templates: [] };
  if (text.length > 1_000_000) return out;
  const vars = new Map<string, string>();
  const rules = new Map<string, { prerequisites: string[]; recipe: string[] }>();
  let current: { prerequisites: string[]; recipe: string[] }[] = [];
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const line of lines) {
    if (line.startsWith('\t')) {
      for (const r of current) r.recipe.push(line.slice(1));
      continue;
    }
    const stripped = line.replace(/(^|\s)#.*$/, '').trimEnd();
    if (!stripped.trim()) continue;
    const assign = /^([A-Za-z_][\w.]*)\s*(?:\?|:|::|\+)?=\s*(.*)$/.exec(stripped);
    if (assign) {
      const value = assign[2].trim();
      vars.set(assign[1], stripped.includes('+=') && vars.has(assign[1]) ? `${vars.get(assign[1])} ${value}` : value);
      current = [];
      continue;
    }
    const rule = /^([^:=\t][^:=]*?)\s*::?(?!=)\s*([^;]*)(?:;(.*))?$/.exec(stripped);
    if (!rule || /^\s*(?:ifn?eq|ifn?def|else|endif|include|-include|sinclude|export|define|endef)(?:\s|$)/.test(stripped)) {
      current = [];
      continue;
    }
    current = [];
    for (const name of rule[1].split(/\s+/).filter(Boolean)) {
      let r = rules.get(name);
      if (!r) rules.set(name, (r = { prerequisites: [], recipe: [] }));
      r.prerequisites.push(...rule[2].split(/\s+/).filter(Boolean));
      if (rule[3]?.trim()) r.recipe.push(rule[3].trim());
      current.push(r);
    }
  }
  const expand = (s: string, depth = 0): string =>
    depth > 4 ? s : s.replace(/\$[({]([A-Za-z_][\w.]*)[)}]/g, (_, name: string) => expand(vars.get(name) ?? process.env[name] ?? '', depth + 1));
  // `make clean` and the targets it makes first: the paths its `rm` commands remove.
  const cleanSeen = new Set<string>();
  const cleanQueue = ['clean'];
  while (cleanQueue.length && cleanSeen.size < MAX_TARGETS) {
    const name = cleanQueue.shift()!;
    if (cleanSeen.has(name)) continue;
    cleanSeen.add(name);
    const rule = rules.get(name);
    if (!rule) continue;
    for (const p of rule.prerequisites) cleanQueue.push(...expand(p).split(/\s+/).filter(Boolean));
    for (const line of rule.recipe) {
      for (const m of expand(line).matchAll(/(?:^|[\s;&|@-])rm\s+((?:-[A-Za-z]+\s+)*)((?:[^\s;&|'"`$-][^\s;&|'"`$]*\s*)+)/g)) {
        for (const p of m[2].split(/\s+/).filter(Boolean)) {
          const f = p.replace(/^\.\//, '');
          if (f && !f.startsWith('/') && !f.split('/').includes('..') && !/^\*+\/?$/.test(f) && !out.cleaned.includes(f)) out.cleaned.push(f);
        }
      }
    }
  }
  const seen = new Set<string>();
  const queue = [target];
  while (queue.length && seen.size < MAX_TARGETS) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    // A target without a rule of its own is made by the match-anything rule (`%: Makefile ...`, Sphinx's
    // "make mode" Makefiles), when there is one; a prerequisite without any rule is an input, not made.
    const rule = rules.get(name) ?? (name === target ? rules.get('%') : undefined);
    if (name !== target && rules.has(name) && /\/|\.[A-Za-z0-9]{1,8}$/.test(name) && !name.includes('%') && !name.includes('$')) out.files.push(name.replace(/^\.\//, ''));
    if (!rule) continue;
    for (const p of rule.prerequisites) queue.push(...expand(p).split(/\s+/).filter(Boolean));
    for (const line of rule.recipe) {
      // make's automatic variables: `$<` the first prerequisite, `$@` the target.
      const command = expand(line.replace(/\$[<@]/g, (v) => (v === '$@' ? name : (rule.prerequisites[0] ?? ''))));
      for (const m of command.matchAll(/(?:^|[\s;&|@-])mkdir\s+(?:-[A-Za-z]+\s+)*((?:[^\s;&|'"`$-][^\s;&|'"`$]*\s*)+)/g)) {
        for (const folder of m[1].split(/\s+/).filter(Boolean)) {
          const f = folder.replace(/^\.\//, '').replace(/\/+$/, '');
          if (f && !f.startsWith('/') && !f.split('/').includes('..') && !out.folders.includes(f)) out.folders.push(f);
        }
      }
      for (const m of command.matchAll(/(?:^|[\s;&|@-])(?:\S*\/)?python[\d.]*\s+(?:-[A-Za-z]+\s+)*([^\s;&|'"`$]+\.py)\b/g)) {
        const script = m[1].replace(/^\.\//, '');
        if (!script.startsWith('/') && !out.scripts.includes(script)) out.scripts.push(script);
        // Its arguments, up to the end of the command.
        const rest = command.slice((m.index ?? 0) + m[0].length).split(/[;&|<>]/)[0];
        for (const arg of rest.split(/\s+/)) {
          const t = TEMPLATE_NAME.exec(arg.replace(/^\.\//, ''));
          if (t && !t[0].startsWith('/') && !t[0].split('/').includes('..')) out.templates.push({ script, template: t[0], output: t[1] });
        }
      }
    }
  }
  return out;
}
