import fs from 'node:fs';
import path from 'node:path';
import { pathToUri, toPath } from '../common/uri';
import { RstPreviewRenderer } from '../render/renderPreview';
import { createNodeLanguageService } from '../nodeService';
import { imageType, previewAssets } from '../preview/assets';
import { confinedReader, defaultRoot, insideRoots, NodeWorkspace } from '../nodeWorkspace';
import { previewDocument, projectRenderOptions } from '../preview/nodePreview';
import { workspaceLinks } from '../preview/previewRequest';
import { indexProjectOf } from './projectIndex';
import { buildStaticPage, createNonce } from '../preview/page';
import { isRemoteUrl, OUTSIDE_PROJECT, remoteImage, SECURITY_HINTS, type PreviewSecurity, type ResourceAnswer } from '../preview/security';
import { defaultSettings } from '../protocol/settings';
import type { CliIo } from './io';
import { RENDER_USAGE } from './usage';

/** Local images up to this size are inlined; bigger ones are left out (with their alt text). */
const MAX_INLINE_IMAGE = 8 * 1024 * 1024;

/**
 * `ha-guide render <file.rst> [-o out.html]`: the preview as one HTML file with no script, the stylesheet,
 * the diagrams (SVG) and local images (data: URIs) inside. Without `-o` the page goes to stdout.
 * Exit 0 when written (diagrams that could not be drawn are reported on stderr), 2 on bad usage or
 * unreadable input.
 */
export async function renderCommand(args: string[], io: CliIo): Promise<number> {
  let output: string | undefined;
  let root: string | undefined;
  let security: PreviewSecurity = 'strict';
  const inputs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-o' || a === '--output') {
      output = args[++i];
      if (output === undefined) {
        io.stderr.write(`ha-guide render: ${a} needs a file name\n`);
        return 2;
      }
    } else if (a.startsWith('--output=')) output = a.slice('--output='.length);
    else if (a === '--root' || a.startsWith('--root=')) {
      const v = a === '--root' ? args[++i] : a.slice('--root='.length);
      if (!v) {
        io.stderr.write('ha-guide render: --root takes a directory\n');
        return 2;
      }
      root = path.resolve(v);
    }
    else if (a === '--allow-remote') security = 'allowRemote';
    else if (a.startsWith('-') && a !== '-') {
      io.stderr.write(`ha-guide render: unknown option ${a}\n`);
      return 2;
    } else inputs.push(a);
  }
  if (inputs.length !== 1) {
    io.stderr.write(`ha-guide render: give exactly one .rst file\nusage:\n${RENDER_USAGE}`);
    return 2;
  }
  const file = path.resolve(inputs[0]);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    io.stderr.write(`ha-guide: cannot read ${inputs[0]}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String(e)}\n`);
    return 2;
  }
  const cssPath = previewAssets.stylesheet();
  const css = cssPath ? fs.readFileSync(cssPath, 'utf8') : '';
  // The project the file belongs to (conf.py above it, inside the root): its highlight_language and the
  // substitutions of rst_prolog / rst_epilog, as the preview renders them.
  const rootDir = root ?? defaultRoot(file);
  const ws = new NodeWorkspace([pathToUri(rootDir)]);
  const service = createNodeLanguageService({ settings: () => defaultSettings, workspace: ws });
  try {
    const uri = pathToUri(file);
    // Files the document names (literalinclude, graphviz files, images) are read only inside the project.
    const inside = insideRoots([rootDir]);
    // The project's other documents: `:ref:` to their labels link to them, `:doc:` shows their titles.
    await indexProjectOf(service, ws, file, rootDir);
    const renderer = new RstPreviewRenderer({ graphviz: service.graphviz, readFile: confinedReader([rootDir]), ...workspaceLinks({ index: service.index, ws: service.projectWorkspace, projects: service.projects }) });
    // A reno release note: the page reno writes of it.
    const shown = previewDocument(service, { uri, version: 1, getText: () => text });
    const page = await renderer.render(shown.parsed, { uri, inlineDiagrams: true, interactive: false, ...projectRenderOptions(service, shown.projectUri), resolveResource: (u) => (isRemoteUrl(u) ? remoteImage(u, security, SECURITY_HINTS.cli) : inlineImage(u, inside)) });
    const html = buildStaticPage({ title: page.title || path.basename(file), css, body: shown.html(page.html), nonce: createNonce(), security });
    if (page.errors) io.stderr.write(`ha-guide render: ${page.errors} diagram(s) could not be drawn; the page shows why (ha-guide lint says where)\n`);
    if (output === undefined || output === '-') io.stdout.write(html);
    else {
      try {
        fs.writeFileSync(output, html);
      } catch (e) {
        io.stderr.write(`ha-guide render: cannot write ${output}: ${e instanceof Error ? e.message : String(e)}\n`);
        return 2;
      }
      io.stderr.write(`wrote ${output}\n`);
    }
    return 0;
  } finally {
    service.dispose();
  }
}

/**
 * A local image as a data: URI (the page must stand alone); a refusal for a file outside the project;
 * undefined when unreadable or not an image.
 */
function inlineImage(fileUri: string, inside: (p: string) => boolean): ResourceAnswer {
  const p = toPath(fileUri);
  if (p === undefined) return undefined;
  if (!inside(p)) return { blocked: OUTSIDE_PROJECT };
  const type = imageType(p);
  if (!type) return undefined;
  try {
    const stat = fs.statSync(p);
    if (!stat.isFile() || stat.size > MAX_INLINE_IMAGE) return undefined;
    return `data:${type};base64,${fs.readFileSync(p).toString('base64')}`;
  } catch {
    return undefined;
  }
}
