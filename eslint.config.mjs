import js from '@eslint/js';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { importCycles, resolveImport } from './scripts/import-cycles.mjs';

const noWorld = {
  paths: [
    { name: 'vscode', message: 'The language core is pure: no vscode here.' },
    { name: 'fs', message: 'The language core gets the world through interfaces.' },
    { name: 'node:fs', message: 'The language core gets the world through interfaces.' },
    { name: 'vscode-languageserver', message: 'Only LSP glue (server.ts) may use the LSP runtime.' },
    { name: 'vscode-languageserver/node', message: 'Only LSP glue (server.ts) may use the LSP runtime.' },
  ],
};


/**
 * The layers of the language server, each importing only the ones below it (and itself):
 *   common <- rst <- dot, blockdiag <- project <- features <- render <- languageService (the facade) <- preview, nodeService <- lsp <- server, cli <- browser
 * `common/` (URIs and paths, line tables, the LRU map) and `protocol/` (the LSP extension's types) import nothing
 * of ours; every layer may import `common/`. A file importing upwards fails `npm run lint`;
 * `npm run check:cycles` (run by `npm run lint` too) finds circles inside a layer.
 */
const below = {
  common: [],
  rst: ['common'],
  protocol: [],
  dot: ['common', 'rst', 'codes'],
  blockdiag: ['common', 'rst', 'dot'],
  project: ['common', 'rst'],
  features: ['common', 'rst', 'dot', 'blockdiag', 'project'],
  render: ['common', 'rst', 'dot', 'blockdiag', 'project', 'features', 'protocol'],
  graphviz: ['common', 'dot', 'logger'],
  preview: ['common', 'rst', 'dot', 'features', 'render', 'project', 'protocol', 'languageService', 'nodeWorkspace'],
  // The LSP glue's parts (conversions, document checks, workspace indexing, feature requests, tables, parameter
  // checks, text sync), below server.ts: they reach the service as the host builds it and the preview renderer.
  lsp: ['common', 'features', 'protocol', 'languageService', 'logger', 'host', 'hostService', 'closedFileDiagnostics', 'preview'],
  // The web server's glue (a web worker): its own host beside nodeHost.ts, over server.ts.
  browser: ['common', 'graphviz', 'host', 'hostService', 'logger', 'preview', 'protocol', 'render', 'server'],
};
const pure = new Set(['common', 'rst', 'dot', 'blockdiag', 'project', 'features', 'render', 'protocol']);
// A file in a sub-folder of a layer (render/directives/) reaches the other layers one `../` further up.
const layerRules = [
  ...[['**/*.ts', '^\\.\\./'], ['*/**/*.ts', '^\\.\\./\\.\\./']].flatMap(([glob, up]) => Object.entries(below).map(([layer, allowed]) => ({
    files: [`server/src/${layer}/${glob}`],
    rules: {
      'no-restricted-imports': ['error', {
        ...(pure.has(layer) ? noWorld : {}),
        patterns: [{
          regex: allowed.length ? `${up}(?!(?:${allowed.join('|')})(?:/|$))` : up,
          message: `server/src/${layer} may import only ${allowed.length ? allowed.join(', ') : 'its own files'} (the layers import downwards only).`,
        }],
      }],
    },
  }))),
  {
    files: ['server/src/languageService.ts', 'server/src/documentDiagnostics.ts', 'server/src/codes.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        ...noWorld,
        patterns: [{ regex: '^\\./(?:server|main|nodeService|nodeWorkspace|cli/|preview/|graphviz/|lsp/)', message: 'The facade (languageService.ts, documentDiagnostics.ts) and codes.ts sit below the Node glue, the preview and the CLI.' }],
      }],
    },
  },
  {
    files: ['server/src/nodeService.ts', 'server/src/nodeWorkspace.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\./(?:server|main|cli/|preview/)', message: 'Node services sit below the LSP glue, the preview and the CLI.' }] }] },
  },
];


/**
 * `local/no-import-cycle`: an import that closes a circle of the import graph (scripts/import-cycles.mjs, read
 * once per run from the files on disk) is an error at that import, with one loop through it.
 */
let circleEdges;
/** A shortest chain of imports from `a` to `b` inside one circle (both ends included). */
function pathBetween(edges, inside, a, b) {
  const prev = new Map([[a, undefined]]);
  const queue = [a];
  while (queue.length) {
    const v = queue.shift();
    if (v === b) break;
    for (const w of edges.get(v) ?? []) if (inside.has(w) && !prev.has(w)) { prev.set(w, v); queue.push(w); }
  }
  const chain = [];
  for (let v = b; v !== undefined; v = prev.get(v)) chain.unshift(v);
  return chain;
}
function circleEdgeMap() {
  if (circleEdges) return circleEdges;
  circleEdges = new Map();
  const { edges, sccs } = importCycles();
  for (const comp of sccs) {
    const inside = new Set(comp);
    for (const from of comp) {
      for (const to of edges.get(from) ?? []) {
        if (!inside.has(to)) continue;
        circleEdges.set(`${from}\0${to}`, [from, ...pathBetween(edges, inside, to, from)].map((f) => path.basename(f)).join(' -> '));
      }
    }
  }
  return circleEdges;
}
const localPlugin = {
  rules: {
    'no-import-cycle': {
      meta: { type: 'problem', schema: [], messages: { circle: 'This import closes a circle of imports: {{loop}}.' } },
      create(context) {
        const check = (node) => {
          if (!node.source || typeof node.source.value !== 'string') return;
          const to = resolveImport(context.filename, node.source.value);
          const loopText = to && circleEdgeMap().get(`${context.filename}\0${to}`);
          if (loopText) context.report({ node, messageId: 'circle', data: { loop: loopText } });
        };
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/e2e/.tools/**', 'test/e2e/.runs/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['server/src/**/*.ts', 'client/src/**/*.ts', 'client/webview/**/*.ts'],
    plugins: { local: localPlugin },
    rules: { 'local/no-import-cycle': 'error' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-control-regex': 'off',
    },
  },
  ...layerRules,
  {
    files: ['client/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['vscode', 'node:*', 'fs', 'path'], message: 'The webview runs in a browser page: no Node, no VS Code API.' }, { regex: '^\\.\\./\\.\\./server/src/(?!protocol/)', message: 'The webview may use only the shared protocol types of the server.' }] }],
    },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./)+server/src/(?!protocol/|preview/page$|preview/security$)', message: 'The client may use only the protocol types and the page builder of the server: language logic stays in the server.' }] }],
    },
  },
);
