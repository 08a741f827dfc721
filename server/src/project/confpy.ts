import type { SyntaxNode } from '@lezer/common';
import { confModuleExcludePatterns, confModuleExtensions } from './extensionRegistry';
import { SPHINX_DOMAIN_CLASSES, type SphinxDomainTables } from '../rst/registry';
import { ClassRef, FunctionRef, PathValue, PyDict, PyModule, PyObject, Unknown, normalizePath, pathOf, type CallSite, type PyModuleOptions, type PyValue, type Unevaluated, type Value } from './python';

/**
 * What a Sphinx `conf.py` says, read statically (nothing is executed), and the directives and roles a local
 * extension module registers. The Python subset understood is described in `python.ts`.
 */

export type { PyUnknown, PyValue, Unevaluated } from './python';

export interface AppRegistration {
  /**
   * `object-type` and `crossref-type` (`app.add_object_type(directivename, rolename)`, `add_crossref_type`) give
   * two entries each, the directive first and then the role, both of that kind. `generic-role` is a role.
   * `directive-to-domain`/`role-to-domain` and the `domain-*` kinds are named `domain:name`.
   */
  kind: 'directive' | 'role' | 'object-type' | 'crossref-type' | 'generic-role' | 'config-value' | 'extension' | 'directive-to-domain' | 'role-to-domain' | 'domain-directive' | 'domain-role' | 'unnamed-directive' | 'unnamed-role';
  /**
   * the name as used in RST: `confval`, or `oslo.config:option` for a domain's table entries; for the
   * `unnamed-*` kinds (a directive or role registered under a name not known statically:
   * `app.add_directive(CliTable.name, CliTable)`), the expression written as the name
   */
  name: string;
  line: number; // 0-based line in the file
  /**
   * A directive whose class derives (through the module's own classes) from Sphinx's `TocTree`
   * (scikit-image's `naturalsortedtoctree`, which sorts what `TocTree.parse_content` finds): its entries
   * include documents, as a toctree's do.
   */
  toctree?: true;
  /**
   * A directive whose class reads the file its first argument names into the document
   * (`self.state_machine.insert_input(...)`, pip's `pip-news-include`): an include by another name.
   */
  includes?: true;
  /**
   * What the directive's class does with its content: `rst` when it derives (through the module's own classes)
   * from Sphinx's `ObjectDescription` or hands `self.content` to `nested_parse` (esbonio's `esbonio:config`, its
   * `collection`), `rst-titles` when it hands it to `nested_parse_with_titles` (esbonio's `relevant-to`): the
   * content is reStructuredText, checked as such. Unset: not known, the content is not read.
   */
  content?: 'rst' | 'rst-titles';
}

export interface SphinxConf {
  /** The project's modules whose settings `from <module> import *` brought in (read with conf.py). */
  starImported: string[];
  extensions: string[];
  extlinks: string[]; // keys of extlinks (each one is a role)
  intersphinx: string[]; // keys of intersphinx_mapping (prefixes)
  rstEpilog?: string;
  rstProlog?: string;
  /**
   * `rst_prolog` and `rst_epilog` where conf.py computes (part of) them in a way not read here (seaborn's
   * `rst_epilog +=` a join over a table it imports): they may define substitutions no document defines.
   */
  computedPrelude: ('rst_prolog' | 'rst_epilog')[];
  excludePatterns: string[];
  /** `suppress_warnings`: the types of Sphinx's warnings the build does not report (`ref.citation`, `image`). */
  suppressWarnings: string[];
  rootDoc: string; // root_doc, else master_doc, else 'index'
  language?: string;
  numfig: boolean;
  defaultRole?: string;
  primaryDomain?: string;
  graphvizDot?: string;
  graphvizDotArgs: string[];
  sourceSuffix: string[]; // str -> [str]; list; dict -> keys; default ['.rst']
  templatesPath: string[];
  htmlStaticPath: string[];
  /** sys.path entries as folders relative to the conf.py folder, POSIX ('..', '../ext', '.'), from sys.path.insert/append with os.path.abspath/join/dirname(__file__) forms */
  sysPath: string[];
  /** 0-based lines of the `globals().update(d)` calls whose dict was read (sphinx_celery's `build_config`): its settings are in `values` */
  namespaceUpdates: number[];
  /** registrations made by `def setup(app):` in conf.py */
  registrations: AppRegistration[];
  /**
   * Relative paths that conf.py passes as literals to code it calls (`graph.write('contributor/erd.svg')`):
   * files and folders it may write when the build starts, so a document naming them is not told they are missing.
   */
  writes: string[];
  /**
   * The Python files conf.py runs with `runpy.run_path` (blessed's and arcade's generator scripts) or with
   * `exec` of what it read from them (IPython's `../autogen_*.py`), relative to its folder, where the path is
   * worked out (a literal, `os.path.join`, pathlib, a loop over a tuple, through the functions conf.py calls).
   */
  runPaths: string[];
  /** every module-level name that was evaluated (e.g. sample_config_basename, apidoc_output_dir) */
  values: Record<string, PyValue>;
  unevaluated: Unevaluated[];
}

type Kind = AppRegistration['kind'];
/** Which arguments of a registering call are names: [kind, position, keyword]. */
type NameArgs = readonly (readonly [Kind, number, string])[];

/** Sphinx application methods that register names (and where the domain is, for the `*_to_domain` ones). */
const APP_METHODS: Record<string, { names: NameArgs; domain?: readonly [number, string] }> = {
  add_directive: { names: [['directive', 0, 'name']] },
  add_role: { names: [['role', 0, 'name']] },
  add_generic_role: { names: [['generic-role', 0, 'name']] },
  add_object_type: {
    names: [
      ['object-type', 0, 'directivename'],
      ['object-type', 1, 'rolename'],
    ],
  },
  add_crossref_type: {
    names: [
      ['crossref-type', 0, 'directivename'],
      ['crossref-type', 1, 'rolename'],
    ],
  },
  add_config_value: { names: [['config-value', 0, 'name']] },
  setup_extension: { names: [['extension', 0, 'extname']] },
  add_directive_to_domain: { names: [['directive-to-domain', 1, 'name']], domain: [0, 'domain'] },
  add_role_to_domain: { names: [['role-to-domain', 1, 'name']], domain: [0, 'domain'] },
};

/**
 * The events Sphinx emits once the extensions are set up and before it reads a document, with the number of
 * arguments their handlers take after the app: a role or directive a handler registers is known to every
 * document.
 */
const EARLY_EVENTS: Readonly<Record<string, number>> = { 'config-inited': 1, 'builder-inited': 0, 'env-before-read-docs': 2 };

/**
 * How a function of a class body is bound when called on the class: `class` for a `@classmethod` (the class
 * comes first), `static` for a `@staticmethod`; undefined for a plain method (it needs an instance).
 */
function methodBinding(module: PyModule, fn: FunctionRef): 'class' | 'static' | undefined {
  const decorated = fn.node.parent;
  if (decorated?.name !== 'DecoratedStatement') return undefined;
  const decorators = module.text.slice(decorated.from, fn.node.from);
  if (/@\s*classmethod\b/.test(decorators)) return 'class';
  if (/@\s*staticmethod\b/.test(decorators)) return 'static';
  return undefined;
}

/** docutils' registries, called on `directives`/`roles` (or imported from them). */
const DOCUTILS_FUNCTIONS: Record<string, NameArgs> = {
  register_directive: [['directive', 0, 'name']],
  register_local_role: [['role', 0, 'name']],
  register_canonical_role: [['role', 0, 'name']],
  register_generic_role: [['generic-role', 0, 'canonical_name']],
};

/** Reads registrations while a module is evaluated: `app.add_*` in functions given the app, docutils' `register_*` anywhere. */
class Registrar {
  readonly registrations: AppRegistration[] = [];
  readonly domains = new Set<ClassRef>();
  readonly app = new PyObject('app');
  private readonly seen = new Set<string>();
  private readonly followed = new Set<FunctionRef>();
  /** How many event handlers are being read: the calls they make with the app and that cannot be followed (uboot's `kernellog.verbose(app, ...)`, logging) are not reported, as before handlers were read. */
  private handlers = 0;
  module!: PyModule;

  hook = (site: CallSite): Value | undefined => {
    if (site.receiver === this.app && site.method !== undefined) return this.appCall(site, site.method);
    if (site.qualified !== undefined) {
      const last = site.qualified.slice(site.qualified.lastIndexOf('.') + 1);
      const names = DOCUTILS_FUNCTIONS[last];
      if (names && (site.qualified === last || /(^|\.)(directives|roles)\.[^.]+$/.test(site.qualified))) {
        this.register(site, names);
        return null;
      }
    }
    // a function given the app: follow it if it is defined here, say so otherwise
    if (site.args.some((a) => this.isApp(a, site)) || [...site.keywords.values()].some((a) => this.isApp(a, site))) {
      // A class method or static method of a class of the module, called on the class: ros2's conf.py has
      // `RedirectFrom.register(app)`, whose `app.add_directive('redirect-from', cls)` registers the class.
      const method = site.receiver instanceof ClassRef && site.method !== undefined ? this.module.classAttribute(site.receiver, site.method) : undefined;
      const bound = method instanceof FunctionRef ? methodBinding(this.module, method) : undefined;
      const callee = site.callee instanceof FunctionRef ? site.callee : bound !== undefined ? (method as FunctionRef) : undefined;
      if (callee) {
        const args = site.args.map((_, i) => site.arg(i) ?? null);
        const keywords = new Map([...site.keywords.keys()].map((k) => [k, site.arg(-1, k) ?? null] as const));
        this.module.callFunction(callee, bound === 'class' && site.callee === undefined ? [site.receiver as ClassRef, ...args] : args, keywords);
      } else if (!this.handlers) this.module.report(site.node, `cannot follow "${this.module.snippet(site.node)}" statically: what it registers is not known`);
      return null;
    }
    return undefined;
  };

  private isApp(node: SyntaxNode, site: CallSite): boolean {
    return node.name === 'VariableName' && site.frame.lookup(this.module.text.slice(node.from, node.to)) === this.app;
  }

  private appCall(site: CallSite, method: string): Value {
    const spec = APP_METHODS[method];
    if (spec) this.register(site, spec.names, spec.domain);
    else if (method === 'add_domain') {
      const cls = site.arg(0, 'domain');
      if (cls instanceof ClassRef) this.domains.add(cls);
    } else if (method === 'connect') this.followHandler(site);
    return new PyObject(`app.${method}()`);
  }

  /**
   * `app.connect(event, handler)` for an event Sphinx emits before it reads any document, the handler a
   * function of the module: what the handler registers counts as what setup() registers (scipy's `doi_role`
   * connects `setup_link_role` to `builder-inited`, which adds the `doi` and `arxiv` roles). The handler is
   * read with the app and unknown values for the event's other arguments; any other handler is not read. What
   * the handler calls with the app and cannot be followed is not reported (see `handlers`).
   */
  private followHandler(site: CallSite): void {
    const event = site.arg(0, 'event');
    const extra = typeof event === 'string' ? EARLY_EVENTS[event] : undefined;
    if (extra === undefined) return;
    const handler = site.arg(1, 'callback');
    if (!(handler instanceof FunctionRef) || this.followed.has(handler)) return;
    this.followed.add(handler);
    this.handlers++;
    try {
      this.module.callFunction(handler, [this.app, ...Array.from({ length: extra }, (_, i) => new Unknown(`${event} argument ${i + 2}`))]);
    } finally {
      this.handlers--;
    }
  }

  private register(site: CallSite, names: NameArgs, domainArg?: readonly [number, string]): void {
    let prefix = '';
    if (domainArg) {
      const domain = site.arg(domainArg[0], domainArg[1]);
      if (typeof domain !== 'string') {
        this.unknownName(site, domainArg[0], domainArg[1], 'domain');
        return;
      }
      prefix = domain + ':';
    }
    for (const [kind, index, keyword] of names) {
      const name = site.arg(index, keyword);
      if (typeof name === 'string') {
        if (!name) continue;
        // The class registered with a directive: `add_directive(name, cls)`, `register_directive(name, directive)`,
        // looked up by its name only (what the call does not need is not evaluated, nor reported).
        const node = kind === 'directive' ? site.argNode(index + 1, site.receiver === this.app ? 'cls' : 'directive') : undefined;
        const cls = node?.name === 'VariableName' ? site.frame.lookup(this.module.text.slice(node.from, node.to)) : undefined;
        const toctree = cls instanceof ClassRef && derivesFrom(this.module, cls, 'TocTree');
        const includes = cls instanceof ClassRef && insertsFile(this.module.text.slice(cls.node.from, cls.node.to));
        this.add(kind, prefix + name, this.module.lineAt(site.node.from), index, toctree, includes, cls instanceof ClassRef ? contentOf(this.module, cls) : undefined);
      } else if (name !== undefined) this.unknownName(site, index, keyword, 'name', kind);
    }
  }

  private unknownName(site: CallSite, index: number, keyword: string, what: string, kind?: Kind): void {
    const node = site.argNode(index, keyword) ?? site.node;
    this.module.report(node, `cannot evaluate the ${what} "${this.module.snippet(node)}" statically: not registered`);
    // A directive or role is registered all the same, under a name this reading does not know.
    const unnamed = kind === 'directive' || kind === 'object-type' || kind === 'directive-to-domain' ? 'unnamed-directive' : kind === 'role' || kind === 'generic-role' || kind === 'role-to-domain' || kind === 'crossref-type' ? 'unnamed-role' : undefined;
    if (unnamed) this.add(unnamed, this.module.snippet(node), this.module.lineAt(site.node.from), index);
  }

  /** One entry per registration; the same call seen again (a loop, a branch) adds nothing. */
  add(kind: Kind, name: string, line: number, slot = 0, toctree = false, includes = false, content?: AppRegistration['content']): void {
    const key = `${kind}\0${name}\0${line}\0${slot}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const r: AppRegistration = { kind, name, line };
    if (toctree) r.toctree = true;
    if (includes) r.includes = true;
    if (content) r.content = content;
    this.registrations.push(r);
  }

  /**
   * `name`, `directives` and `roles` of a Domain subclass, as `name:key` registrations at the keys' lines. A
   * class deriving from one of Sphinx's domains (scipy's `ScipyOptimizeInterfaceDomain(PythonDomain)`, named
   * `scipy-optimize`) inherits its directives and roles, registered at the class's line; the directives that
   * describe objects there take RST content here too.
   */
  readDomain(cls: ClassRef): void {
    const m = this.module;
    const name = m.classAttribute(cls, 'name');
    const line = m.lineAt(cls.node.from);
    if (typeof name !== 'string' || !name) {
      m.report(cls.node, `cannot evaluate the name of the domain "${cls.name}" statically: its directives and roles are not registered`);
      return;
    }
    const inherited = sphinxDomainBase(m, cls);
    if (inherited) {
      for (const d of inherited.directives) this.add('domain-directive', `${name}:${d}`, line, 0, false, false, inherited.plainDirectives.has(d) ? undefined : 'rst');
      for (const r of inherited.roles) this.add('domain-role', `${name}:${r}`, line);
    }
    for (const [attr, kind] of [
      ['directives', 'domain-directive'],
      ['roles', 'domain-role'],
    ] as const) {
      const table = m.classAttribute(cls, attr);
      if (!(table instanceof PyDict)) continue;
      for (const [key, value] of table.entries) {
        const content = kind === 'domain-directive' && value instanceof ClassRef ? contentOf(m, value) : undefined;
        this.add(kind, `${name}:${key}`, table.keyLines.get(key) ?? line, 0, false, false, content);
      }
    }
  }
}

/** The Sphinx domain a class derives from, through the module's own classes (`PythonDomain`, `python.PythonDomain`). */
function sphinxDomainBase(module: PyModule, cls: ClassRef, depth = 0): SphinxDomainTables | undefined {
  if (depth > 8) return undefined;
  for (const written of cls.bases) {
    const local = module.get(written);
    if (local instanceof ClassRef) {
      if (local === cls) continue;
      const found = sphinxDomainBase(module, local, depth + 1);
      if (found) return found;
    } else {
      const found = SPHINX_DOMAIN_CLASSES[written.slice(written.lastIndexOf('.') + 1)];
      if (found) return found;
    }
  }
  return undefined;
}

/** A local class deriving (through local classes) from something called `Domain`. */
function isDomainClass(module: PyModule, cls: ClassRef): boolean {
  return derivesFrom(module, cls, 'Domain');
}

/** A local class deriving (through local classes) from a class named `base` (`Domain`, `domains.Domain`). */
/**
 * Whether a directive class's code reads the file its first argument names into the document, as docutils'
 * include does: it hands lines to `state_machine.insert_input` and reads `self.arguments[0]` (pip's
 * `PipNewsInclude` reads `../../NEWS.rst` from the document's folder).
 */
function insertsFile(classText: string): boolean {
  return /\.insert_input\s*\(/.test(classText) && /self\.arguments\s*\[\s*0\s*\]/.test(classText);
}

/**
 * What a directive class does with its content, as far as its own text and the module's classes tell
 * (`AppRegistration.content`): an object description, or a `run` that parses `self.content` as RST.
 */
function contentOf(module: PyModule, cls: ClassRef, depth = 0): AppRegistration['content'] {
  const text = module.text.slice(cls.node.from, cls.node.to);
  if (/\bnested_parse_with_titles\s*\(\s*self\.state\s*,\s*self\.content\b/.test(text)) return 'rst-titles';
  if (/\.nested_parse\s*\(\s*self\.content\b/.test(text) || /\bself\.parse_content_to_nodes\s*\(/.test(text)) return 'rst';
  if (derivesFrom(module, cls, 'ObjectDescription')) return 'rst';
  if (depth > 8) return undefined;
  for (const b of cls.bases) {
    const local = module.get(b);
    if (local instanceof ClassRef && local !== cls) {
      const inherited = contentOf(module, local, depth + 1);
      if (inherited) return inherited;
    }
  }
  return undefined;
}

function derivesFrom(module: PyModule, cls: ClassRef, base: string, depth = 0): boolean {
  if (depth > 8) return false;
  return cls.bases.some((written) => {
    // A generic base is its class (`ObjectDescription[str]`).
    const b = written.replace(/\s*\[[\s\S]*$/, '');
    if (b === base || b.endsWith('.' + base)) return true;
    const local = module.get(b);
    return local instanceof ClassRef && local !== cls && derivesFrom(module, local, base, depth + 1);
  });
}

function readModule(
  text: string,
  quiet: boolean,
  observe?: (site: CallSite, module: PyModule) => void,
  starImport?: PyModuleOptions['starImport'],
  readText?: PyModuleOptions['readText'],
): { module: PyModule; registrar: Registrar } {
  const registrar = new Registrar();
  const hook = observe
    ? (site: CallSite) => {
        observe(site, module);
        return registrar.hook(site);
      }
    : registrar.hook;
  const module: PyModule = new PyModule(text, { hook, quiet, starImport, readText });
  registrar.module = module;
  module.run();
  const setup = module.get('setup');
  if (setup instanceof FunctionRef) module.callFunction(setup, [registrar.app]);
  return { module, registrar };
}

/**
 * The text of a module of the project that `from <module> import *` names, found through `sys.path` as the
 * importing module has set it (`sysPath`, normalised); undefined when it is not the project's.
 */
export type ModuleSource = (module: string, sysPath: readonly string[]) => string | undefined;

/** How many star imports deep a shared configuration module is followed. */
const STAR_IMPORT_DEPTH = 4;

/**
 * `from <module> import *` of a module `source` finds: the module is read (statically, as conf.py is) and its
 * public names (`__all__`, else those not starting with `_`) are bound with their values. Values that carry
 * code of that module (its functions, classes, objects) come as unknown values. `imported` collects the
 * modules read.
 */
function starImporter(source: ModuleSource | undefined, imported: string[], depth = 0, seen: readonly string[] = []): PyModuleOptions['starImport'] {
  return (name, sysPath) => {
    if (depth >= STAR_IMPORT_DEPTH || seen.includes(name)) return undefined;
    const text = source?.(name, sysPath.map(normalizePath));
    if (text === undefined) return sharedConfModule(name);
    const module = new PyModule(text, { quiet: true, starImport: starImporter(source, imported, depth + 1, [...seen, name]) });
    module.run();
    if (!imported.includes(name)) imported.push(name);
    const all = module.get('__all__');
    const names = Array.isArray(all) ? strings(all) : module.assigned.filter((n) => !n.startsWith('_'));
    const out = new Map<string, Value>();
    for (const n of names) {
      const v = module.get(n);
      if (v !== undefined) out.set(n, portable(v) ? v : new Unknown(`${name}.${n}`));
    }
    return out;
  };
}

/**
 * A shared configuration module of an installed package the registry has read (sphinx_astropy.conf.v3): its
 * `extensions`, so that photutils' `from sphinx_astropy.conf.v3 import extensions` followed by
 * `extensions += ["sphinx_design"]` lists both; and its `exclude_patterns` where the registry has them
 * (esp_docs.conf_docs leaves out every `inc` folder: esp-idf's included `.rst` files there are no documents).
 */
function sharedConfModule(name: string): ReadonlyMap<string, Value> | undefined {
  const extensions = confModuleExtensions(name);
  if (!extensions) return undefined;
  const out = new Map<string, Value>([['extensions', [...extensions]]]);
  const exclude = confModuleExcludePatterns(name);
  if (exclude) out.set('exclude_patterns', [...exclude]);
  return out;
}

/** Whether a value is data that means the same in another module (no function, class or object of its own). */
function portable(v: Value, depth = 0): boolean {
  if (depth > 16) return false;
  if (v instanceof FunctionRef || v instanceof ClassRef || v instanceof PyObject) return false;
  if (Array.isArray(v)) return v.every((x) => portable(x, depth + 1));
  if (v instanceof PyDict) return [...v.entries.values()].every((x) => portable(x, depth + 1));
  return true;
}

/**
 * Reads a Sphinx `conf.py` without executing it. Never throws. `source` finds the project's modules conf.py
 * star-imports its settings from (`from shared_conf import *`).
 */
/**
 * conf.py's settings. `source` gives the text of a module of the project it star-imports; `readText` the text of
 * a file it reads (`rst_epilog = open("rst_epilog.txt").read()`), by a path from its folder, where Sphinx runs it.
 */
export function readConfPy(text: string, source?: ModuleSource, readText?: (path: string) => string | undefined): SphinxConf {
  const writes = new Set<string>();
  const runPaths = new Set<string>();
  const starImported: string[] = [];
  const { module, registrar } = readModule(
    text,
    false,
    (site, module) => {
      for (const path of literalPaths(site)) writes.add(path);
      if (site.qualified === 'runpy.run_path') {
        const path = pathOf(site.arg(0, 'path_name') as Value | undefined);
        if (path !== undefined && path.endsWith('.py') && !path.startsWith('/')) runPaths.add(normalizePath(path));
      }
      // `exec(compile(f.read(), ...))` or `exec(f.read())` of a file opened by a computed path (IPython's conf.py
      // runs `../autogen_{name}.py` for each name of a tuple): that file, as `execedFiles` finds literal ones.
      if (site.qualified === 'exec' || site.qualified === 'compile') {
        let source = site.argNode(0, 'source');
        // exec(compile(f.read(), ...)): the compiled source.
        if (source?.name === 'CallExpression' && source.firstChild && text.slice(source.firstChild.from, source.firstChild.to) === 'compile') {
          const args = source.getChild('ArgList');
          source = args?.firstChild?.nextSibling ?? undefined;
        }
        const callee = source?.name === 'CallExpression' ? source.firstChild : undefined;
        if (callee?.name === 'MemberExpression' && callee.lastChild && text.slice(callee.lastChild.from, callee.lastChild.to) === 'read' && callee.firstChild) {
          const path = pathOf(module.evaluate(callee.firstChild, site.frame, 1));
          if (path !== undefined && path.endsWith('.py') && !path.startsWith('/')) runPaths.add(normalizePath(path));
        }
      }
      // A function of conf.py that runs a script (arcade's `run_util("create_resources_listing.py")`): read with
      // its arguments, so that the path it runs is worked out.
      const fn = site.callee;
      if (fn instanceof FunctionRef && /\brun_path\(/.test(text.slice(fn.node.from, fn.node.to))) {
        const keywords = new Map([...site.keywords.keys()].map((k) => [k, site.arg(-1, k) as Value]));
        module.callFunction(fn, site.args.map((_, i) => site.arg(i) as Value), keywords);
      }
    },
    starImporter(source, starImported),
    readText,
  );
  for (const cls of registrar.domains) registrar.readDomain(cls);
  const get = (name: string) => module.get(name);
  const str = (name: string) => {
    const v = get(name);
    return typeof v === 'string' ? v : undefined;
  };
  /**
   * A string conf.py formats from a literal template with values only the build knows (openstack-ansible's
   * `rst_epilog = '''.. |latest_tag| replace:: {latest_tag}...'''.format(latest_tag=git_describe())`): the
   * template, with the known values put in and the unknown fields left as written. What it defines (the
   * substitution names) is known; what some of them say is not.
   */
  const template = (name: string) => {
    const v = get(name);
    return v instanceof Unknown ? v.template : undefined;
  };
  const values: Record<string, PyValue> = {};
  const memo = new Map<object, PyValue>();
  for (const name of module.assigned) {
    Object.defineProperty(values, name, { value: module.toPublic(get(name) ?? null, memo), enumerable: true, writable: true, configurable: true });
  }
  const suffix = get('source_suffix');
  return {
    extensions: unique(strings(get('extensions'))),
    extlinks: keys(get('extlinks')),
    intersphinx: keys(get('intersphinx_mapping')).filter((k) => !k.includes('/')),
    rstEpilog: str('rst_epilog') ?? template('rst_epilog'),
    rstProlog: str('rst_prolog') ?? template('rst_prolog'),
    computedPrelude: (['rst_prolog', 'rst_epilog'] as const).filter((name) => {
      const v = get(name);
      return v instanceof Unknown && (v.template === undefined || !!v.partial);
    }),
    excludePatterns: strings(get('exclude_patterns')),
    suppressWarnings: strings(get('suppress_warnings')),
    rootDoc: str('root_doc') ?? str('master_doc') ?? 'index',
    language: str('language'),
    numfig: get('numfig') === true,
    defaultRole: str('default_role'),
    primaryDomain: str('primary_domain'),
    graphvizDot: str('graphviz_dot'),
    graphvizDotArgs: strings(get('graphviz_dot_args')),
    sourceSuffix: typeof suffix === 'string' ? [suffix] : suffix instanceof PyDict ? keys(suffix) : Array.isArray(suffix) ? strings(suffix) : ['.rst'],
    templatesPath: strings(get('templates_path')),
    htmlStaticPath: strings(get('html_static_path')),
    sysPath: unique(strings(module.sysPath).map(normalizePath)),
    namespaceUpdates: [...module.namespaceUpdates],
    registrations: registrar.registrations,
    writes: [...writes],
    runPaths: [...runPaths],
    values,
    unevaluated: module.unevaluated,
    starImported,
  };
}

/**
 * The root document a conf.py names, as Sphinx reads it: `root_doc`, else `master_doc` (the default of
 * `root_doc`), else `index`; null when the one that counts is set to a value not known here (computed from the
 * environment, a star import not read): no guess. Read with the same reader as the project's conf.py
 * (`readConfPy`), without the modules it star-imports; a conf.py that names neither is not evaluated.
 */
export function confRootDoc(text: string): string | null {
  if (!/\b(?:root_doc|master_doc)\b/.test(text)) return 'index';
  const plain = plainRootDoc(text);
  if (plain !== undefined) return plain;
  const { values } = readConfPy(text);
  for (const name of ['root_doc', 'master_doc']) {
    if (!Object.hasOwn(values, name)) continue;
    const v = values[name];
    return typeof v === 'string' && v !== '' ? v : null;
  }
  return 'index';
}

/**
 * The root document of a conf.py that names it the plain way, without evaluating it (the workspace asks for
 * every conf.py folder, before the project's own reading of conf.py): each name mentioned once, on a line of its
 * own at the top level, set to a string literal, and no triple-quoted string (a line inside one is text).
 * Undefined for anything else, which `readConfPy` reads.
 */
function plainRootDoc(text: string): string | undefined {
  if (/'''|"""/.test(text)) return undefined;
  const mentions = text.match(/\b(?:root_doc|master_doc)\b/g)?.length ?? 0;
  const set = new Map<string, string>();
  for (const m of text.matchAll(/^(root_doc|master_doc)[ \t]*=[ \t]*(['"])([\w./-]+)\2[ \t]*(?:#.*)?$/gm)) {
    if (set.has(m[1])) return undefined;
    set.set(m[1], m[3]);
  }
  if (set.size !== mentions) return undefined;
  return set.get('root_doc') ?? set.get('master_doc');
}

/** A relative path as a literal argument: no space, no scheme or drive, not rooted, no `.` or `..` part, with a folder or a file extension. */
const LITERAL_PATH = /^(?!\.{0,2}(\/|$))(?!.*\/\.{1,2}(\/|$))[^\s:*?"<>|\\]+$/;
const HAS_FOLDER_OR_SUFFIX = /\/|\.[A-Za-z0-9]{1,8}$/;

/**
 * The relative paths written as plain string literals in the arguments of a call conf.py makes
 * (`graph.write('contributor/devref/erd.svg', format='svg')`, `generate('tools/list.txt', 'doc/source/flows')`):
 * what conf.py may write when the build starts. Calls that only compute paths or the import path (`os.*`,
 * `sys.*`) and methods of strings, lists and dicts are left out. A path it only reads counts too, which costs
 * nothing: a file conf.py reads exists, or the build fails.
 */
function literalPaths(site: CallSite): string[] {
  const q = site.qualified;
  if (q !== undefined && (q.startsWith('os.') || q.startsWith('sys.') || q.startsWith('posixpath.'))) return [];
  const r = site.receiver;
  if (r !== undefined && (typeof r === 'string' || Array.isArray(r) || r instanceof PyDict)) return [];
  const out: string[] = [];
  const nodes = [...site.args, ...site.keywords.values()];
  for (const node of nodes) {
    if (node.name !== 'String') continue;
    // A plain literal evaluates to its string with no side effect (no name looked up, nothing reported).
    const index = site.args.indexOf(node);
    const keyword = index < 0 ? [...site.keywords].find(([, n]) => n === node)?.[0] : undefined;
    const v = site.arg(index, keyword);
    if (typeof v === 'string' && v.length <= 4096 && LITERAL_PATH.test(v) && HAS_FOLDER_OR_SUFFIX.test(v)) out.push(v.replace(/\/+$/, ''));
  }
  return out;
}

/**
 * A Python module of an extension: registrations in its `setup(app)` (and functions setup calls in the same
 * module), docutils' `register_directive`/`register_local_role` anywhere at module level, and the tables of
 * its Domain subclasses. Only what stands in the way of registrations is reported. Never throws.
 */
export function readExtensionModule(text: string): { registrations: AppRegistration[]; unevaluated: Unevaluated[] } {
  const { module, registrar } = readModule(text, true);
  for (const cls of module.classes()) if (isDomainClass(module, cls)) registrar.domains.add(cls);
  for (const cls of registrar.domains) registrar.readDomain(cls);
  return { registrations: registrar.registrations, unevaluated: module.unevaluated };
}

/** A directive class that conf.py loads from a file of the project by its path (see {@link loadedDirectives}). */
export interface LoadedDirective {
  registration: AppRegistration;
  /** The file's path as conf.py names it, relative to conf.py's folder, and its text. */
  path: string;
  text: string;
}

/**
 * Directives that conf.py registers under the `name` of a class it loads from a file of the project by path,
 * which the reading of conf.py alone leaves unnamed: tox's
 * `tox_cfg = SourceFileLoader("tox_conf", str(here / "tox_conf.py")).load_module().ToxConfig`, then
 * `app.add_directive(tox_cfg.name, tox_cfg)`, where `ToxConfig` sets `name = "conf"`. The file is found by the
 * last `.py` literal of the loader's path, beside conf.py (Sphinx runs conf.py in its folder; `here` is its
 * folder). Each registration keeps the line of the `add_directive` call.
 */
export function loadedDirectives(confText: string, unnamed: readonly AppRegistration[], readText: (path: string) => string | undefined): LoadedDirective[] {
  const out: LoadedDirective[] = [];
  for (const u of unnamed) {
    const variable = u.kind === 'unnamed-directive' ? /^([A-Za-z_]\w*)\.name$/.exec(u.name)?.[1] : undefined;
    if (!variable) continue;
    const load = new RegExp(`^[ \\t]*${variable}[ \\t]*=[ \\t]*(?:(?:importlib\\.)?machinery\\.)?SourceFileLoader\\(([^\\n]*)\\)[ \\t]*\\.load_module\\(\\)[ \\t]*\\.([A-Za-z_]\\w*)[ \\t]*(?:#.*)?$`, 'm').exec(confText);
    const path = load ? [...load[1].matchAll(/(['"])([^'"\\\n]+\.py)\1/g)].pop()?.[2].replace(/^\.\//, '') : undefined;
    if (!load || !path || path.startsWith('/') || path.split('/').includes('..')) continue;
    const text = readText(path);
    if (text === undefined) continue;
    const { module } = readModule(text, true);
    const cls = module.get(load[2]);
    const name = cls instanceof ClassRef ? module.classAttribute(cls, 'name') : undefined;
    if (!(cls instanceof ClassRef) || typeof name !== 'string' || !name) continue;
    const registration: AppRegistration = { kind: 'directive', name, line: u.line };
    if (derivesFrom(module, cls, 'TocTree')) registration.toctree = true;
    if (insertsFile(text.slice(cls.node.from, cls.node.to))) registration.includes = true;
    const content = contentOf(module, cls);
    if (content) registration.content = content;
    out.push({ registration, path, text });
  }
  return out;
}

/** The strings (and paths) of a list, tuple or set; a single string is not a list. */
function strings(v: Value | undefined): string[] {
  if (!Array.isArray(v)) return [];
  const out: string[] = [];
  for (const x of v) {
    if (typeof x === 'string') out.push(x);
    else if (x instanceof PathValue) out.push(x.path);
  }
  return out;
}

function keys(v: Value | undefined): string[] {
  return v instanceof PyDict ? [...v.entries.keys()] : [];
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
