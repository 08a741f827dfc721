/** Mirrors the `haGuide.*` settings declared in package.json (checked by test/unit/manifest.test.ts). */
export interface Settings {
  validate: { enable: boolean; debounceMs: number; scope: 'openFiles' | 'project'; projectMaxFiles: number; ignoredLinks: string[] };
  diagnostics: { severity: Record<string, 'error' | 'warning' | 'information' | 'hint' | 'off'> };
  directives: string[];
  roles: string[];
  server: { logLevel: 'error' | 'warning' | 'info' | 'debug' };
  graphviz: { timeoutMs: number };
  occurrencesHighlight: { enabled: boolean };
  suggest: { paths: { enabled: boolean } };
}

export const defaultSettings: Settings = {
  validate: { enable: true, debounceMs: 150, scope: 'project', projectMaxFiles: 2000, ignoredLinks: [] },
  diagnostics: { severity: {} },
  directives: [],
  roles: [],
  server: { logLevel: 'info' },
  graphviz: { timeoutMs: 5000 },
  occurrencesHighlight: { enabled: true },
  suggest: { paths: { enabled: true } },
};

/** Fills what a client left out with defaults; never throws on odd input. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const sev = r.diagnostics?.severity;
  return {
    validate: {
      enable: typeof r.validate?.enable === 'boolean' ? r.validate.enable : defaultSettings.validate.enable,
      debounceMs: typeof r.validate?.debounceMs === 'number' ? r.validate.debounceMs : defaultSettings.validate.debounceMs,
      scope: r.validate?.scope === 'openFiles' ? 'openFiles' : 'project',
      projectMaxFiles:
        typeof r.validate?.projectMaxFiles === 'number' && r.validate.projectMaxFiles >= 0 ? r.validate.projectMaxFiles : defaultSettings.validate.projectMaxFiles,
      ignoredLinks: strings(r.validate?.ignoredLinks),
    },
    diagnostics: { severity: sev && typeof sev === 'object' ? { ...sev } : {} },
    directives: strings(r.directives),
    roles: strings(r.roles),
    server: { logLevel: ['error', 'warning', 'info', 'debug'].includes(r.server?.logLevel) ? r.server.logLevel : 'info' },
    graphviz: {
      timeoutMs: typeof r.graphviz?.timeoutMs === 'number' && r.graphviz.timeoutMs > 0 ? r.graphviz.timeoutMs : defaultSettings.graphviz.timeoutMs,
    },
    occurrencesHighlight: {
      enabled: typeof r.occurrencesHighlight?.enabled === 'boolean' ? r.occurrencesHighlight.enabled : defaultSettings.occurrencesHighlight.enabled,
    },
    suggest: { paths: { enabled: typeof r.suggest?.paths?.enabled === 'boolean' ? r.suggest.paths.enabled : defaultSettings.suggest.paths.enabled } },
  };
}
