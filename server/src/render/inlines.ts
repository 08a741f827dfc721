/** Inline markup to HTML: emphasis, literals, references, roles, footnote references and substitutions. */
import { asBuiltText } from '../rst/sourceRead';
import { normalizeName, splitExplicitTitle } from '../rst/text';
import type { Inline, InterpretedInline, SubstitutionDefBlock } from '../rst/types';
import type { RenderContext } from './context';
import { escapeHtml } from './highlight';
import { DANGEROUS_LINK } from '../protocol/linkSchemes';
import { attr, makeId, safeHref, SPHINX_SUBSTITUTIONS } from './html';
import { labelSections } from './targets';

/** The labels Sphinx defines for the pages it writes itself, with the titles a `:ref:` to them shows. */
const SPHINX_PAGES: Record<string, string> = { genindex: 'Index', modindex: 'Module Index', search: 'Search Page' };

/** A reference into another project's documentation (intersphinx) whose address is not known here: its text, named. */
function intersphinxHtml(inventory: string, label: string): string {
  return `<span class="hg-reference hg-intersphinx" title="${attr(`in the ${inventory} documentation (intersphinx)`)}">${escapeHtml(label)}</span>`;
}

export function inlinesHtml(r: RenderContext, nodes: readonly Inline[]): string {
  let out = '';
  for (const n of nodes) out += r.inline(n);
  return out;
}

/** The text of inline nodes, markup dropped (for the page title). */
export function plainTextOf(r: RenderContext, nodes: readonly Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.kind) {
        case 'uri':
          return r.doc.text.slice(n.start, n.end);
        case 'footnoteRef':
        case 'citationRef':
          return '';
        case 'substitutionRef':
          return n.name;
        case 'inlineTarget':
          return n.name;
        default:
          return shownText(r, n.text);
      }
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Inline HTML without links (for tables of contents, where the whole entry is a link). */
export function plainHtml(r: RenderContext, nodes: readonly Inline[]): string {
  return escapeHtml(r.plainText(nodes));
}

export function linkHtml(_r: RenderContext, href: string | undefined, html: string, cls = 'hg-reference'): string {
  if (href === undefined) return `<span class="${cls} hg-unresolved">${html}</span>`;
  const external = /^[a-z][a-z0-9+.-]*:/i.test(href);
  return `<a class="${cls}${external ? ' hg-external' : ''}" href="${attr(href)}">${html}</a>`;
}

/**
 * Text as the build shows it, where an extension put values in for tokens before the document was parsed (esp-docs'
 * `{IDF_TARGET_NAME}` shows the chip's name, `RstDocument.asBuilt`); a token whose value is the build's alone as written.
 */
function shownText(r: RenderContext, text: string): string {
  return asBuiltText(r.doc, text, true) ?? text;
}

export function inlineHtml(r: RenderContext, n: Inline): string {
  switch (n.kind) {
    case 'text':
      return escapeHtml(shownText(r, n.text));
    case 'emphasis':
      return `<em>${escapeHtml(shownText(r, n.text))}</em>`;
    case 'strong':
      return `<strong>${escapeHtml(shownText(r, n.text))}</strong>`;
    case 'literal':
      return `<code class="hg-literal-text">${escapeHtml(n.text)}</code>`;
    case 'interpreted':
      return r.role(n);
    case 'reference': {
      let href: string | undefined;
      const use = r.names.useOf(n);
      if (n.uri !== undefined) href = safeHref(n.uri);
      else if (use) href = r.useHref(use);
      // Markup parsed apart from the document's tree (an option's value) is not in the name table.
      else if (!n.anonymous && n.refname !== undefined) href = r.targets.get(n.refname);
      return r.link(href, escapeHtml(n.text));
    }
    case 'inlineTarget': {
      const id = r.inlineIds.get(n);
      return `<span class="hg-target"${id ? ` id="${attr(id)}"` : ''}>${escapeHtml(n.name)}</span>`;
    }
    case 'footnoteRef': {
      const ref = r.footnoteRefs.get(n);
      const label = ref?.info ? ref.info.display : n.label;
      return `<a class="hg-footnote-reference"${ref ? ` id="${attr(ref.id)}"` : ''}${ref?.info ? ` href="#${attr(ref.info.id)}"` : ''}>[${escapeHtml(label)}]</a>`;
    }
    case 'citationRef': {
      const use = r.names.useOf(n);
      const href = use ? r.useHref(use) : r.targets.get(n.refname);
      const id = `citation-reference-${++r.citationRefCount}`;
      if (href) r.citations.get(n.refname)?.refIds.push(id);
      return `<a class="hg-citation-reference" id="${id}"${href ? ` href="${attr(href)}"` : ''}>[${escapeHtml(n.label)}]</a>`;
    }
    case 'substitutionRef': {
      const html = r.substitution(n.refname, n.name);
      if (n.reference === 'none') return html;
      const use = r.names.useOf(n);
      return r.link(use ? r.useHref(use) : n.reference === 'named' ? r.targets.get(n.refname) : undefined, html);
    }
    case 'uri': {
      const display = r.doc.text.slice(n.start, n.end);
      const href = safeHref(n.uri);
      // A URI docutils reads in text (`[service:central]`) with a scheme the preview does not open: as written.
      if (href === undefined && !DANGEROUS_LINK.test(n.uri.replace(/[\u0000-\u0020\u007f-\u009f]/g, ''))) return `<span class="hg-reference hg-uri-text">${escapeHtml(display)}</span>`;
      return r.link(href, escapeHtml(display));
    }
  }
}

export function substitutionHtml(r: RenderContext, refname: string, name: string): string {
  // The binder's choice (rst/names.ts): the same name as written first, else the same normalised name.
  const def = r.names.substitution(name, refname)?.node as SubstitutionDefBlock | undefined;
  const d = def?.directive;
  if (!def) {
    // Not defined in the document: conf.py's rst_prolog / rst_epilog, which Sphinx adds to every document.
    const fromPrelude = r.preludeSubstitution(refname, name);
    if (fromPrelude !== undefined) return fromPrelude;
  }
  if (!d && SPHINX_SUBSTITUTIONS.has(refname)) {
    if (refname === 'today') return escapeHtml(strftime('%B %d, %Y', r.options.now ?? new Date()));
    return `<span class="hg-substitution" title="Set by Sphinx from conf.py">|${escapeHtml(name)}|</span>`;
  }
  if (!d || r.substitutionDepth > 8) return `<span class="hg-substitution hg-unresolved">|${escapeHtml(name)}|</span>`;
  r.substitutionDepth++;
  try {
    switch (d.name) {
      case 'replace': {
        const body = d.body ?? [];
        return body.map((p) => (p.kind === 'paragraph' ? r.inlines(p.inlines) : '')).join(' ');
      }
      case 'unicode':
        return escapeHtml(unicodeText(d.argument));
      case 'image':
        return r.image(d, 'hg-inline-image');
      case 'date': {
        // docutils' Date: the content's lines joined, else `%Y-%m-%d`.
        const format = d.content ? r.doc.text.slice(d.content.start, d.content.end).split('\n').map((l) => l.trim()).join('\n') : '';
        return escapeHtml(strftime(format || '%Y-%m-%d', r.options.now ?? new Date()));
      }
      default:
        return `<span class="hg-substitution">${escapeHtml(name)}</span>`;
    }
  } finally {
    r.substitutionDepth--;
  }
}

/** The cross-reference roles whose `!`-prefixed text the renderer shows as text (`:ref:`!Any``). */
const DISABLED_XREF_ROLES = new Set(['ref', 'numref', 'doc', 'download', 'term', 'option', 'envvar', 'keyword', 'token']);

export function roleHtml(r: RenderContext, n: InterpretedInline): string {
  const role = n.role ?? 'title-reference';
  const text = n.text;
  // Split as Sphinx splits it (and as the checks read it): the content as written tells escaped `\<` apart.
  const split = splitExplicitTitle(text, n.contentSpan.start, r.doc.text.slice(n.contentSpan.start, n.contentSpan.end));
  const title = split.explicit ? split.title : undefined;
  const target = split.explicit ? split.target : text;
  // Sphinx's XRefRole: a text that starts with `!` is shown without it, as text, with no reference made.
  if (text.startsWith('!') && DISABLED_XREF_ROLES.has(role.replace(/^std:/, ''))) return `<span class="hg-xref-text">${escapeHtml(text.slice(1))}</span>`;
  switch (role) {
    case 'emphasis':
      return `<em>${escapeHtml(text)}</em>`;
    case 'strong':
      return `<strong>${escapeHtml(text)}</strong>`;
    case 'literal':
    case 'code':
      return `<code class="hg-literal-text">${escapeHtml(text)}</code>`;
    case 'sub':
    case 'subscript':
      return `<sub>${escapeHtml(text)}</sub>`;
    case 'sup':
    case 'superscript':
      return `<sup>${escapeHtml(text)}</sup>`;
    case 'title-reference':
    case 'title':
    case 't':
      return `<cite>${escapeHtml(text)}</cite>`;
    case 'math':
      return `<code class="hg-math">${escapeHtml(text)}</code>`;
    case 'pep':
    case 'pep-reference': {
      const num = /^\d+/.exec(text)?.[0];
      return num ? r.link(`https://peps.python.org/pep-${num.padStart(4, '0')}/`, `PEP ${escapeHtml(String(Number(num)))}`) : escapeHtml(text);
    }
    case 'rfc':
    case 'rfc-reference': {
      const num = /^\d+/.exec(text)?.[0];
      return num ? r.link(`https://datatracker.ietf.org/doc/html/rfc${num}`, `RFC ${escapeHtml(num)}`) : escapeHtml(text);
    }
    case 'abbr':
    case 'abbreviation':
    case 'ab':
    case 'acronym':
    case 'ac': {
      const m = /^([\s\S]*?)\s*\(([\s\S]*)\)$/.exec(text);
      return m ? `<abbr title="${attr(m[2])}">${escapeHtml(m[1])}</abbr>` : `<abbr>${escapeHtml(text)}</abbr>`;
    }
    case 'kbd':
      return `<kbd>${escapeHtml(text)}</kbd>`;
    case 'dfn':
      return `<dfn>${escapeHtml(text)}</dfn>`;
    case 'guilabel':
      return `<span class="hg-guilabel">${escapeHtml(text.replace(/&(.)/g, '$1'))}</span>`;
    case 'menuselection':
      return `<span class="hg-menuselection">${escapeHtml(text.replace(/&(.)/g, '$1').replace(/\s*-->\s*/g, ' \u2023 '))}</span>`;
    case 'ref':
    case 'numref': {
      const name = normalizeName(target.replace(/^~/, ''));
      const local = r.targets.get(name);
      const section = local?.startsWith('#') ? (r.sections.find((s) => `#${r.blockIds.get(s)}` === local) ?? labelSections(r.doc).get(name)) : undefined;
      const other = local === undefined ? r.options.resolveLabel?.(name) : undefined;
      // Sphinx's own pages (the general and module indexes, the search page): real targets, but no page here.
      const builtin = local === undefined && !other ? SPHINX_PAGES[name] : undefined;
      if (builtin) return `<span class="hg-reference hg-xref hg-sphinx-page">${escapeHtml(title ?? builtin)}</span>`;
      const label = title ?? (section ? r.plainText(section.titleInlines) : (other?.title ?? target));
      if (local === undefined && other?.inventory !== undefined && other.href === undefined) return intersphinxHtml(other.inventory, label);
      return r.link(local ?? other?.href, escapeHtml(label), 'hg-reference hg-xref');
    }
    case 'doc': {
      const doc = target.replace(/\.rst$/, '');
      const found = r.options.resolveDoc?.(target);
      // Another project's document (`cdg:index`, intersphinx): its page there, or its name when no address is known.
      if (found?.inventory !== undefined) return found.href === undefined ? intersphinxHtml(found.inventory, title ?? doc) : r.link(found.href, escapeHtml(title ?? doc), 'hg-reference hg-doc');
      const external = /^[a-z][a-z0-9+.-]*:/i.test(doc);
      const href = external ? undefined : (found?.href ?? `${doc.replace(/^\//, '')}.rst`);
      return r.link(href, escapeHtml(title ?? found?.title ?? doc), 'hg-reference hg-doc');
    }
    case 'download': {
      const external = /^[a-z][a-z0-9+.-]*:/i.test(target);
      const href = safeHref((!external && r.options.fileHref?.(target)) || target);
      return r.link(href, `<code class="hg-literal-text">${escapeHtml(title ?? target)}</code>`, 'hg-reference hg-download');
    }
    case 'term':
      return `<span class="hg-term">${escapeHtml(title ?? target)}</span>`;
    case 'samp':
    case 'file':
    case 'command':
    case 'program':
    case 'option':
    case 'envvar':
    case 'makevar':
    case 'mimetype':
    case 'regexp':
    case 'mailheader':
    case 'newsgroup':
    case 'manpage':
    case 'token':
    case 'keyword':
      return `<code class="hg-literal-text hg-role-${role}">${escapeHtml(title ?? text)}</code>`;
    default: {
      // Cross-references of the Python (or another) domain: show the name as code.
      if (/^(?:[a-z]+:)?(?:mod|func|data|const|class|meth|attr|exc|obj|any|confval)$/.test(role)) {
        const shown = title ?? (target.startsWith('~') ? target.slice(1).split('.').pop()! : target.replace(/^[!.]/, ''));
        return `<code class="hg-literal-text hg-xref">${escapeHtml(shown)}</code>`;
      }
      return `<span class="hg-role hg-role-${attr(makeId(role) || 'unknown')}">${escapeHtml(text)}</span>`;
    }
  }
}

/** docutils' `unicode` directive: code points in several notations, other text as it is. */
export function unicodeText(argument: string): string {
  const body = argument.replace(/\s\.\.\s[\s\S]*$/, ''); // a comment after ` .. `
  return body
    .split(/\s+/)
    .filter(Boolean)
    .map((tok) => {
      const m = /^(?:0x|x|\\x|U\+|u|\\u|&#x)([0-9a-f]+);?$/i.exec(tok) ?? /^&#(\d+);$/.exec(tok);
      if (m) {
        const code = tok.startsWith('&#') && !/^&#x/i.test(tok) ? Number(m[1]) : parseInt(m[1], 16);
        if (Number.isFinite(code) && code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
      }
      if (/^\d+$/.test(tok)) {
        const code = Number(tok);
        if (code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
      }
      return tok;
    })
    .join('');
}

function strftime(format: string, d: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  return format.replace(/%([YmdHMSBbAaejy%])/g, (_, c: string) => {
    switch (c) {
      case 'Y':
        return String(d.getFullYear());
      case 'y':
        return pad(d.getFullYear() % 100);
      case 'm':
        return pad(d.getMonth() + 1);
      case 'd':
        return pad(d.getDate());
      case 'e':
        return String(d.getDate());
      case 'H':
        return pad(d.getHours());
      case 'M':
        return pad(d.getMinutes());
      case 'S':
        return pad(d.getSeconds());
      case 'B':
        return months[d.getMonth()];
      case 'b':
        return months[d.getMonth()].slice(0, 3);
      case 'A':
        return days[d.getDay()];
      case 'a':
        return days[d.getDay()].slice(0, 3);
      case 'j':
        return pad(Math.floor((d.getTime() - new Date(d.getFullYear(), 0, 1).getTime()) / 86400000) + 1, 3);
      default:
        return '%';
    }
  });
}
