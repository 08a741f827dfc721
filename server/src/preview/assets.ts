import fs from 'node:fs';
import path from 'node:path';

/**
 * Files the preview needs at run time, found next to the bundle (dist/cli.js: ../media, ./webview.js) or
 * from the compiled tree (out/server/src/...: the repository root four levels up).
 */
function find(...relative: string[][]): string | undefined {
  for (const parts of relative) {
    for (const base of [path.join(__dirname, '..'), path.join(__dirname, '..', '..', '..', '..'), __dirname]) {
      const p = path.join(base, ...parts);
      if (fs.existsSync(p)) return p;
    }
  }
  return undefined;
}

export const previewAssets = {
  /** The preview stylesheet (media/preview.css). */
  stylesheet: (): string | undefined => find(['media', 'preview.css']),
  /** The preview script bundle (dist/webview.js). */
  script: (): string | undefined => find(['webview.js'], ['dist', 'webview.js']),
  /** The example guide `ha-guide preview` opens without a file (examples/ha.rst). */
  exampleGuide: (): string | undefined => find(['examples', 'ha.rst']),
};

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.ico': 'image/x-icon',
};

/** The media type of an image file by its extension; undefined for anything that is not an image. */
export function imageType(file: string): string | undefined {
  return IMAGE_TYPES[path.extname(file).toLowerCase()];
}
