/**
 * What third-party Sphinx extensions register, read from their sources and shipped as data
 * (`extensions.json`; its `_meta` says which repositories at which commits), so that a project's
 * directives and roles follow from the `extensions` list of its conf.py without running Python.
 *
 * Directive fields follow docutils' Directive class; a missing field is not known and must not be
 * checked (missing `options`: any option is accepted). Domain directives and roles are named
 * `domain:name` (`http:get`) and the extension's domains are listed in `domains`: Sphinx also
 * accepts them without the prefix when the domain is the default one (`primary_domain`,
 * `.. default-domain::`), which the caller resolves.
 */
import type { BodyKind, OptionType } from '../rst/registry';
import data from './extensions.json';

export interface ExtensionDirective {
  name: string;
  required?: number;
  optional?: number;
  finalWhitespace?: boolean;
  options?: Record<string, OptionType>;
  content?: 'none' | 'optional' | 'required';
  body?: BodyKind;
  /** Only adds `options` to the directive another extension defines under this name (an overriding documenter). */
  addsOptions?: boolean;
  /** Reads `:name: value` lines at the top of its content itself (see `DirectiveSpec.leadingFields`). */
  leadingFields?: boolean;
  /** Cut at `^^^` and `+++` lines before it is parsed (see `DirectiveSpec.cardParts`). */
  cardParts?: boolean;
  /** Keeps a content line `:tags: text` as `text` when the tags hold (see `DirectiveSpec.tagFilteredLines`). */
  tagFilteredLines?: boolean;
  /** A flag option under which the content is not reStructuredText (see `DirectiveSpec.notRstWith`). */
  notRstWith?: string;
  /**
   * The option naming a reST file it inserts into the document as `include` does (sphinx_changelog's
   * `changelog::` with `:changelog_file: ../../CHANGELOG.rst`, read with `state_machine.insert_input`).
   */
  includeOption?: string;
}

/**
 * A file, document, folder or label the extension writes during the build, named from a config value.
 * In `pattern`, `{value}` is the value: with `key`, that key (dict) or index (tuple) of the value, or of
 * each item when the value is a list; a list found there gives one output per element. `{stem}` and
 * `{suffix}` are the value's path without its last suffix and that suffix (`../NEWS` and `.rst`). `{docname}`
 * and `{title}` (labels), `{toctree}` and `{entry}` (autosummary's stubs) come from the documents.
 */
export interface GeneratedOutput {
  config: string;
  kind: 'file' | 'document' | 'folder' | 'label';
  pattern: string;
  default?: string | string[];
  /** Where the pattern is rooted; 'document': the folder of the document holding the directive. Absent: the value is absolute. */
  relativeTo?: 'srcdir' | 'confdir' | 'document';
  key?: string | number;
  /** Only when the (effective) value is a string, true, or false/None. */
  when?: 'string' | 'true' | 'false';
  /** The config's default when it is a boolean: what `when` sees when conf.py does not set it. */
  defaultBool?: boolean;
  /**
   * The file the output is the text of, transformed without changing its markup (rst.linker's `NEWS (links).rst`
   * is `NEWS.rst` with links added), named like `pattern` and rooted alike: a document that includes the
   * output reads that file.
   */
  madeFrom?: string;
}

/** Directives or roles named by a config value: one per item of a list or key of a dict (`key`: that field of each item). */
export interface ConfigNames {
  kind: 'directive' | 'role';
  config: string;
  pattern: string;
  key?: string;
  default?: string[];
}

export interface ExtensionInfo {
  module: string;
  source: string;
  directives: ExtensionDirective[];
  roles: string[];
  generates: GeneratedOutput[];
  domains?: string[];
  configNames?: ConfigNames[];
  /** Any role whose name starts with one of these is accepted (intersphinx's `external+inv:...`). */
  rolePrefixes?: string[];
  /** Other module names that load the same thing (older in-tree copies, re-exports). */
  aliases?: string[];
  /** Extensions its `setup()` loads with `app.setup_extension` (sphinx-scrapy loads autodoc and intersphinx). */
  setupExtensions?: string[];
  /**
   * `intersphinx_mapping` keys it adds at config-inited: `always`, plus the names listed in the config value
   * `enableConfig`, less those in `disableConfig`.
   */
  intersphinx?: { always?: string[]; enableConfig?: string; disableConfig?: string };
  /**
   * Labels it writes during the build start with one of these (sphinx-gallery's `sphx_glr_<gallery>_<example>.py`
   * for each example page it writes): an undefined one is information naming the extension.
   */
  labelPrefixes?: string[];
  /**
   * Its directives render a Jinja template of Sphinx's template path (`templates_path`) into reST parsed in the
   * document (sphinxcontrib.datatemplates' `:template:`): a label a template of the project writes with a
   * computed name (`.. _mod_{{ mod_id }}:`) starts with the text before its first `{{`, a prefix as `labelPrefixes`.
   */
  rendersTemplates?: boolean;
  /**
   * Its `toctree` takes an entry written `:tags: entry`, kept only when the tag expression holds, as `only`
   * decides (esp-docs' toctree_filter): the entry is `entry`, whichever tags the build sets.
   */
  toctreeTagFilter?: boolean;
  /**
   * It rewrites each document's text on `source-read` before it is parsed: `idf-target` is esp-docs'
   * format_esp_target, which puts the chip's values in for `{IDF_TARGET_*}` tokens (rst/sourceRead.ts).
   */
  sourceRead?: 'idf-target';
  /** Its `only` drops the content whose tags do not hold while the document is read (sphinx_selective_exclude's eager_only). */
  eagerOnly?: boolean;
  /** Substitution names it adds to `rst_epilog` when the build starts (jaraco.packaging.sphinx: `|project|`). */
  substitutions?: string[];
  /**
   * Documents it marks orphan (no "isn't included in any toctree" warning), named by a config value:
   * notfound.extension's `notfound_pagename`, `404` by default.
   */
  orphans?: { config: string; default: string }[];
  /** Pygments lexer names it adds (`app.add_lexer`, or Sphinx's `highlighting.lexers[...]`). */
  lexers?: string[];
  notes?: string;
}

type Entry = Omit<ExtensionInfo, 'module'>;
const registry = data as unknown as { extensions: Record<string, Entry>; confModules: Record<string, { source: string; extensions: string[]; intersphinx?: string[]; exclude_patterns?: string[] }> };

const byName = new Map<string, ExtensionInfo>();
for (const [module, entry] of Object.entries(registry.extensions)) {
  const info: ExtensionInfo = { module, ...entry };
  byName.set(module, info);
  for (const alias of entry.aliases ?? []) if (!byName.has(alias)) byName.set(alias, info);
}

/** The registry entry for a module named in conf.py's `extensions` (aliases resolved); undefined when unknown. */
export function extensionInfo(module: string): ExtensionInfo | undefined {
  return byName.get(module.trim());
}

/** Every known module name (for completion and the status report); aliases are resolved by extensionInfo but not listed. */
export function knownExtensions(): string[] {
  return Object.keys(registry.extensions);
}

/** Which known extension provides a directive or role name (for hovers: "provided by oslo_config.sphinxext"). */
export function providersOf(kind: 'directive' | 'role', name: string): string[] {
  const n = name.trim().toLowerCase();
  const out: string[] = [];
  for (const [module, entry] of Object.entries(registry.extensions)) {
    const hit =
      kind === 'directive'
        ? entry.directives.some((d) => d.name === n)
        : entry.roles.includes(n) || (entry.rolePrefixes ?? []).some((p) => n.startsWith(p));
    if (hit) out.push(module);
  }
  return out;
}

/** The options known extensions' directives name an included file by (`ExtensionDirective.includeOption`). */
export function includeOptionNames(): string[] {
  const out = new Set<string>();
  for (const entry of Object.values(registry.extensions)) for (const d of entry.directives) if (d.includeOption) out.add(d.includeOption);
  return [...out];
}

/** The extensions a shared configuration module sets when conf.py star-imports it (`from esp_docs.conf_docs import *`). */
export function confModuleExtensions(module: string): string[] | undefined {
  return registry.confModules[module]?.extensions;
}

/** The `exclude_patterns` a shared configuration module sets (esp_docs.conf_docs leaves out every `inc` folder), if the registry has them. */
export function confModuleExcludePatterns(module: string): string[] | undefined {
  return registry.confModules[module]?.exclude_patterns;
}

/** The `intersphinx_mapping` keys a shared configuration module sets (sphinx_astropy.conf.v1: python, numpy, astropy, ...). */
export function confModuleIntersphinx(module: string): string[] {
  return registry.confModules[module]?.intersphinx ?? [];
}
