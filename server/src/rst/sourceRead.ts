/**
 * What an extension does to a document's text when Sphinx emits `source-read`, before docutils parses it
 * (`DirectiveRegistry.sourceRead`). The parser reads the text as the extension leaves it, with every position
 * kept: what the extension removes is blanked (spaces; line breaks stay). A token it replaces by a value of
 * another length stays as written in the tree, and `RstDocument.asBuilt` gives a piece of the text (a title, a
 * path, a label) with the values put in, for the checks whose verdict depends on them.
 */
export interface SourceRead {
  read(text: string): ReadSource;
}

export interface ReadSource {
  /** The text the parser reads: as long as the document's, with the same lines. */
  text: string;
  /** What stops the extension on this text (an error the build fails with), where in the text. */
  problems?: { code: string; message: string; start: number; end: number }[];
  /**
   * A piece of the document as the build reads it; undefined where a value only the build knows stands in it, or,
   * `partly`, with the tokens of such values left as written.
   */
  asBuilt(piece: string, partly?: boolean): string | undefined;
}

/**
 * A piece of a document as the build reads it (`RstDocument.asBuilt`, `BlockState.asBuilt`): the piece itself where
 * no extension rewrites the text; undefined where a value only the build knows stands in it (`partly`: its token
 * left as written).
 */
export function asBuiltText(doc: { readonly asBuilt?: (piece: string, partly?: boolean) => string | undefined }, piece: string, partly?: boolean): string | undefined {
  return doc.asBuilt ? doc.asBuilt(piece, partly) : piece;
}

/** A local definition of esp-docs' format_esp_target (`StringSubstituter.RE_PATTERN`, `re.MULTILINE`). */
const DEFINITION = /^\s*\{IDF_TARGET_(\w+?):(.+?)\}/gm;
/** A token written `{IDF_TARGET_X}`, which `str.replace` puts a value in for. */
const TOKEN = /\{IDF_TARGET_(\w+)\}/g;
/** What the extension warns about when it is left after the substitutions (`check_content`). */
const LEFT = /\{IDF_TARGET_.*?\}/;

/**
 * The chip's name as esp-docs' `TARGET_NAMES` writes it: `esp32` is ESP32, `esp32s2` ESP32-S2, `esp8266` ESP8266.
 */
export function espTargetName(target: string): string {
  const m = /^esp32(.+)$/.exec(target);
  return m ? `ESP32-${m[1].toUpperCase()}` : target.toUpperCase();
}

/**
 * esp-docs' format_esp_target for one chip (`idf_target`, which its build_docs sets with `-D` for each chip it
 * builds): `{IDF_TARGET_NAME}`, `{IDF_TARGET_PATH_NAME}`, `{IDF_TARGET_CFG_PREFIX}` and
 * `{IDF_TARGET_TOOLCHAIN_PREFIX}` are the chip's; a line-start definition `{IDF_TARGET_X:default="a", esp32="b"}`
 * is removed from the text and gives `{IDF_TARGET_X}` the chip's value, else the default, in that document (locals
 * first, as `substitute` applies them). Tokens whose values come from tables of the extension (the manuals'
 * addresses) or from other extensions (`format-esp-target-add-sub`: the chip's capabilities) are the build's.
 */
export function espTargetSourceRead(target: string): SourceRead {
  const name = espTargetName(target);
  const globals = new Map<string, string>([
    ['NAME', name],
    ['PATH_NAME', target],
    ['CFG_PREFIX', name.replace(/-/g, '')],
    ['TOOLCHAIN_PREFIX', target === 'esp8266' ? 'xtensa-lx106-elf' : /^esp32(s2|s3)?$/.test(target) ? `xtensa-${target}-elf` : 'riscv32-esp-elf'],
  ]);
  const chosen = new RegExp(`^.*${target.replace(/[^\w]/g, '\\$&')}\\b(.*?)=(\\s*)"(.*?)"`);
  return {
    read(text) {
      const locals = new Map<string, string | undefined>();
      const problems: { code: string; message: string; start: number; end: number }[] = [];
      const parsed = !text.includes('{IDF_TARGET_')
        ? text
        : text.replace(DEFINITION, (whole: string, key: string, def: string, at: number) => {
            // No default: the extension raises ValueError and the build stops; the value is nobody's.
            const fallback = /^\s*default(\s*)=(\s*)"(.*?)"/.exec(def);
            if (!fallback) {
              const start = at + whole.indexOf('{');
              problems.push({
                code: 'sphinx.extension-error',
                message: `Extension error (esp_docs.esp_extensions.format_esp_target): no default value in the definition of {IDF_TARGET_${key}} (write default="..." first): the build stops here`,
                start,
                end: at + whole.length,
              });
            }
            // A later definition of the same token wins (a dict), for the whole document.
            locals.set(key, fallback ? (chosen.exec(def)?.[3] ?? fallback[3]) : undefined);
            return whole.replace(/[^\r\n]/g, ' ');
          });
      const asBuilt = (piece: string, partly?: boolean): string | undefined => {
        if (!piece.includes('{IDF_TARGET_')) return piece;
        const built = piece.replace(TOKEN, (token: string, key: string) => (locals.has(key) ? locals.get(key) : globals.get(key)) ?? token);
        return !partly && LEFT.test(built) ? undefined : built;
      };
      return problems.length ? { text: parsed, asBuilt, problems } : { text: parsed, asBuilt };
    },
  };
}
