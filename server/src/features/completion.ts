import { dotDiagramAt } from '../dot/model';
import { completeDot } from './dotCompletion';
import { directiveCompletions, roleCompletions } from './directiveCompletion';
import { defaultDomainAt, type DirectiveRegistry } from '../rst/registry';
import type { Block, DirectiveBlock } from '../rst/types';
import { walkBlocks } from '../rst/walk';
import { navEntries } from './navigation';
import { completePath } from './pathCompletion';
import type { FeatureContext } from './types';
import { relativePath } from './workspace';
import { safeDecode } from '../common/uri';
import type { CompletionItem } from './types';

export type { CompletionItem } from './types';

/**
 * Completion from what is before the cursor on its line: labels in `:ref:`, documents in `:doc:`,
 * directive names after `.. `, a directive's options in its option block, role names after `:`,
 * substitution names after `|`, and target names after a backquote. Inside a diagram's DOT, DOT completion.
 */
export function complete(ctx: FeatureContext, registry: DirectiveRegistry, uri: string, offset: number, options: { paths?: boolean } = {}): CompletionItem[] {
  const file = ctx.index.get(uri);
  if (!file) return [];
  const diagram = dotDiagramAt(file.doc, offset);
  if (diagram) return completeDot(diagram, offset);
  // In a path (`haGuide.suggest.paths.enabled` off, as Markdown's `markdown.suggest.paths.enabled`: nothing there).
  const paths = completePath(ctx, file, offset);
  if (paths) return options.paths === false ? [] : paths;
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  let m: RegExpExecArray | null;

  if ((m = /:(?:std:)?(?:ref|numref):`(?:[^`]*<)?([^`<>]*)$/.exec(before))) {
    const from = offset - m[1].length;
    return ctx.index.labelNames().map((name) => {
      const def = ctx.index.label(name)[0];
      return { label: name, kind: 'label' as const, detail: def?.title, insertText: name, replaceStart: from };
    });
  }
  if ((m = /:(?:std:)?doc:`(?:[^`]*<)?([^`<>]*)$/.exec(before))) {
    const from = offset - m[1].length;
    const rooted = m[1].startsWith('/');
    const root = ctx.ws.sourceDir(uri);
    const out: CompletionItem[] = [];
    // The documents of the workspace, with the Markdown ones of a MyST project.
    const docs = [...ctx.index.all(), ...[...ctx.index.markdownDocs()].map((m) => ({ uri: m.uri, title: m.summary.title }))];
    for (const f of docs) {
      if (f.uri === uri) continue;
      const noExt = f.uri.replace(/\.(rst|md)$/, '');
      let path: string;
      if (rooted && root && f.uri.startsWith(root)) path = '/' + safeDecode(noExt.slice(root.replace(/\/?$/, '/').length));
      else path = relativePath(uri, noExt);
      out.push({ label: path, kind: 'document', detail: f.title, insertText: path, replaceStart: from });
    }
    return out;
  }
  if ((m = /^(\s*)\.\.\s+([\w:.+-]*)$/.exec(before))) {
    return directiveCompletions(registry, ctx.index, m[2], offset - m[2].length, defaultDomainAt(file.doc, offset));
  }
  if ((m = /^(\s+):([\w-]*)$/.exec(before))) {
    const directive = directiveOwningLine(file.doc.blocks, offset);
    const spec = directive && registry.directive(directive.name, defaultDomainAt(file.doc, directive.start));
    if (spec?.options) {
      const from = offset - m[2].length;
      const used = new Set(directive!.options.map((o) => o.name));
      return Object.keys(spec.options)
        .filter((o) => !used.has(o))
        .map((o) => ({ label: o, kind: 'option' as const, detail: `${directive!.name} option`, insertText: `${o}: `, replaceStart: from }));
    }
  }
  if ((m = /(?:^|[\s(])\|([^|`]*)$/.exec(before))) {
    const from = offset - m[1].length;
    const names = new Set<string>();
    walkBlocks(file.doc.blocks, (b) => {
      if (b.kind === 'substitutionDef') names.add(b.name);
    });
    for (const n of ['version', 'release', 'today']) names.add(n);
    return [...names].map((n) => ({ label: n, kind: 'substitution' as const, insertText: `${n}|`, replaceStart: from }));
  }
  if ((m = /(?:^|[\s(])`([^`:]*)$/.exec(before))) {
    const from = offset - m[1].length;
    const seen = new Map<string, string | undefined>();
    for (const e of navEntries(file, ctx.ws)) if (e.kind === 'target' && e.role === 'def' && e.defKind !== 'embedded') seen.set(text.slice(e.span.start, e.span.end).replace(/\s+/g, ' '), e.detail);
    return [...seen].map(([name, detail]) => ({ label: name, kind: 'target' as const, detail, insertText: `${name}\`_`, replaceStart: from }));
  }
  if ((m = /(?:^|[\s(]):([\w:.-]*)$/.exec(before))) {
    return roleCompletions(registry, ctx.index, m[1], offset - m[1].length, defaultDomainAt(file.doc, offset));
  }
  return [];
}


/** The directive whose option block holds the offset's line. */
function directiveOwningLine(blocks: Block[], offset: number): DirectiveBlock | undefined {
  let found: DirectiveBlock | undefined;
  walkBlocks(blocks, (b) => {
    if (b.kind === 'directive' && b.start <= offset && (offset <= b.end + 1 || !b.content) && (!b.content || offset < b.content.start)) found = b;
  });
  return found;
}
