/**
 * One spelling per file inside the server. VS Code names a file as vscode-uri spells it (`file:///g/a%40b.rst`);
 * other LSP clients (Neovim, Helix, scripts) may send the same file spelled raw (`file:///g/a@b.rst`). The
 * workspace walk and every URI the server builds use vscode-uri's spelling, so a document opened under another
 * spelling would be a second copy of its file in the index (its labels reported as duplicates of themselves).
 * Incoming messages are rewritten to the canonical spelling before any handler sees them; answers and
 * notifications name each document as the client spelled it. With VS Code nothing is rewritten.
 */
import type { Message, MessageStrategy } from 'vscode-languageserver';
import { URI } from 'vscode-uri';

/** The keys whose string values are document URIs in LSP messages (and in this server's own requests). */
const URI_KEYS = new Set(['uri', 'rootUri', 'oldUri', 'newUri', 'targetUri']);

/** A `file:` URI as vscode-uri spells it; any other string unchanged (also one vscode-uri refuses to parse). */
export function canonicalUri(uri: string): string {
  if (!/^file:/i.test(uri)) return uri;
  try {
    return URI.parse(uri).toString();
  } catch {
    return uri;
  }
}

export class UriSpellings {
  /** Canonical spelling → the client's, for the files the client spelled differently. */
  private readonly clientSpelling = new Map<string, string>();

  /** The strategy that rewrites each incoming message before it is dispatched. */
  readonly messageStrategy: MessageStrategy = {
    handleMessage: (message: Message, next: (message: Message) => void) => next(this.incoming(message)),
  };

  /** Rewrites the URIs of an incoming message (its params, or a response's result) in place, noting the client's spelling. */
  incoming(message: Message): Message {
    const m = message as { params?: unknown; result?: unknown };
    if (m.params !== undefined) m.params = this.walkIn(m.params, 0);
    if (m.result !== undefined) m.result = this.walkIn(m.result, 0);
    return message;
  }

  /** A copy of an answer or a notification's parameters with each document named as the client spelled it. */
  outgoing<T>(value: T): T {
    return this.clientSpelling.size ? (this.walkOut(value, 0) as T) : value;
  }

  private walkIn(v: unknown, depth: number): unknown {
    if (depth > 32 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = this.walkIn(v[i], depth + 1);
      return v;
    }
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const x = o[k];
      if (typeof x === 'string' && URI_KEYS.has(k)) {
        const c = canonicalUri(x);
        if (c !== x) {
          this.clientSpelling.set(c, x);
          o[k] = c;
        }
      } else if (x !== null && typeof x === 'object') o[k] = this.walkIn(x, depth + 1);
    }
    return o;
  }

  private walkOut(v: unknown, depth: number, keysAreUris = false): unknown {
    if (depth > 32 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => this.walkOut(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const key = keysAreUris ? (this.clientSpelling.get(k) ?? k) : k;
      if (typeof x === 'string' && URI_KEYS.has(k)) out[key] = this.clientSpelling.get(x) ?? x;
      // A WorkspaceEdit's `changes` is keyed by document URI.
      else out[key] = this.walkOut(x, depth + 1, k === 'changes');
    }
    return out;
  }
}
