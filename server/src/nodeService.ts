import { createLanguageService, type LanguageService, type LanguageServiceOptions } from './languageService';

/**
 * The language service as the Node processes (LSP server, CLI) use it: the pure core plus the
 * providers that need Node (Graphviz in a worker thread). One place, so both get the same checks.
 */
export function createNodeLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  return createLanguageService({ ...options, diagnosticProviders: [...(options.diagnosticProviders ?? [])] });
}
