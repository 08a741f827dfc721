/**
 * What the LSP glue's modules share: the state server.ts owns (the settings, the workspace folders, what the
 * client can do) and the wrappers every handler is registered through.
 */
import { ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { Cancelled, NEVER_CANCELLED, type CancelToken } from '../common/cancel';
import type { ILogger } from '../logger';
import type { Settings } from '../protocol/settings';
import { describeError } from './textSync';
import type { UriSpellings } from './uriSpelling';

/** The glue's mutable state, one object that server.ts creates and every module reads when it needs it. */
export interface GlueState {
  /** The `haGuide` settings, pulled from the client (or pushed by it). */
  settings: Settings;
  /**
   * Settles once the client's settings have been asked for at start-up (answered or not): no diagnostics are
   * published before, so a code the user turned off, or a link target left unchecked, never shows for a moment.
   */
  settingsRead: Promise<void>;
  /** The workspace folders' URIs. */
  folders: string[];
  /** What the client said it can do, at initialize. */
  canPullConfig: boolean;
  canWatch: boolean;
  canProgress: boolean;
  canFolders: boolean;
}

/** A request handler wrapped by {@link createWrappers}' `request`. */
export type RequestWrapper = <P, R>(method: string, valid: (p: unknown) => boolean, handler: (p: P, token: CancelToken) => R | Promise<R>) => (p: P, token?: CancelToken) => Promise<R>;
/** A notification handler (or event listener) wrapped by {@link createWrappers}' `notification`. */
export type NotificationWrapper = <P>(method: string, handler: (p: P) => unknown) => (p: P) => void;

export function createWrappers(logger: ILogger, spellings: UriSpellings): { request: RequestWrapper; notification: NotificationWrapper } {
  /**
   * A request handler that never takes the server down: bad parameters and failures answer an LSP error. The
   * request's cancellation token reaches the handler; a request cancelled before it starts, while it waits or
   * works in slices (`Cancelled`), or before it answers, answers RequestCancelled and its result is dropped.
   * The answer is named in the client's spelling of its URIs.
   */
  function request<P, R>(method: string, valid: (p: unknown) => boolean, handler: (p: P, token: CancelToken) => R | Promise<R>): (p: P, token?: CancelToken) => Promise<R> {
    return async (p: P, token: CancelToken = NEVER_CANCELLED) => {
      if (!valid(p)) throw new ResponseError(ErrorCodes.InvalidParams, `${method}: invalid parameters`);
      const cancelled = (why: string) => {
        logger.debug(`${method} cancelled ${why}`);
        return new ResponseError(LSPErrorCodes.RequestCancelled, `${method} cancelled`);
      };
      if (token.isCancellationRequested) throw cancelled('before it started');
      try {
        const r = await handler(p, token);
        if (token.isCancellationRequested) throw cancelled('after its work (the answer is dropped)');
        return spellings.outgoing(r);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        if (e instanceof Cancelled) throw cancelled(`while it worked: after ${e.done} of ${e.total} documents`);
        logger.error(`${method} failed: ${describeError(e)}`);
        throw new ResponseError(ErrorCodes.InternalError, `${method} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
  }
  /** A notification handler (or event listener) that never takes the server down: failures are logged. */
  function notification<P>(method: string, handler: (p: P) => unknown): (p: P) => void {
    const fail = (e: unknown) => logger.error(`${method} failed: ${describeError(e)}`);
    return (p: P) => {
      try {
        const r = handler(p);
        if (r instanceof Promise) r.catch(fail);
      } catch (e) {
        fail(e);
      }
    };
  }
  return { request, notification };
}
