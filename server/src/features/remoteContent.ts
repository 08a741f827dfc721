/**
 * Content docutils would download and we never do: `csv-table :url:` (docutils fetches it with urllib when
 * it builds). Nothing here or anywhere in the service contacts a remote host; the user is told so at the
 * option, and the preview shows the table's directive with the same reason instead of its rows.
 */
import type { RstDocument, RstProblem } from '../rst/types';
import { flatten } from '../rst/walk';

/** Why a remote table is not shown (the diagnostic's and the preview's wording). */
export function remoteTableMessage(url: string): string {
  return `csv-table :url: is not fetched: HA Guide never contacts a remote host, so its rows are not checked or shown here (docutils would download ${url}).`;
}

export function remoteContentProblems(doc: RstDocument): RstProblem[] {
  const problems: RstProblem[] = [];
  for (const b of flatten(doc).directives) {
    if (b.name !== 'csv-table') continue;
    for (const o of b.options) {
      if (o.name !== 'url') continue;
      problems.push({ code: 'rst.remote-not-fetched', message: remoteTableMessage(o.value.trim()), start: o.start, end: o.end });
    }
  }
  return problems;
}
