/**
 * The open documents that are neither reStructuredText nor DOT: a project's conf.py (open for its hover: what
 * could not be read statically) and a reno release note (`releasenotes/notes/*.yaml`, checked on its own:
 * features/releaseNotes.ts). The RST features (index, outline, folding, links, navigation) leave them alone,
 * so that the editor's own Python and YAML support answers for them.
 */
export function isOtherLanguage(doc: { languageId: string }): boolean {
  return doc.languageId === 'python' || doc.languageId === 'yaml';
}

/** A reno release note open in the editor. */
export function isReleaseNoteDocument(doc: { languageId: string }): boolean {
  return doc.languageId === 'yaml';
}
