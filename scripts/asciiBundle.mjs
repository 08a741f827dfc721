// The Node bundles (dist/*.js) are made all ASCII. V8 holds a source of ASCII characters only as a one-byte
// string: Node decodes it from the file's bytes with a plain copy, and V8's scanner reads one byte a character.
// A single other character anywhere makes the whole text a two-byte string, decoded character by character
// (reading and decoding the 2.3 MB server bundle took twice as long, at every start of the server and of the
// command line). esbuild escapes every other character of the code (its default `charset: 'ascii'`) but keeps
// comments as written, and the comments of a few packages (and of ours) hold a dash or an arrow.
// `asciiComments` replaces each such character of a comment by `?` (one UTF-16 unit for one, so that the
// source maps' columns still hold) and reports, unchanged, any found outside a comment: esbuild leaves the
// characters of a regular expression literal as written (escaping them is for the source to do; esbuild.mjs
// warns, and a unit test fails while a bundle is not all ASCII).
import { parse } from 'acorn';

const NON_ASCII = /[^\x00-\x7f]/g;

/**
 * The text with the non-ASCII characters of its comments replaced by `?`, and the offsets of any that are not
 * in a comment (left as they were).
 */
export function asciiComments(code) {
  if (!/[^\x00-\x7f]/.test(code)) return { code, replaced: 0, outside: [] };
  const comments = [];
  parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true, allowReturnOutsideFunction: true, onComment: (_block, _text, start, end) => comments.push([start, end]) });
  let c = 0;
  let replaced = 0;
  const outside = [];
  const out = code.replace(NON_ASCII, (ch, at) => {
    while (c < comments.length && comments[c][1] <= at) c++;
    if (c < comments.length && comments[c][0] <= at) {
      replaced++;
      return '?';
    }
    outside.push(at);
    return ch;
  });
  return { code: out, replaced, outside };
}
