/**
 * The schemes of the links a preview opens outside itself (in the browser, or the system's handler after VS
 * Code's confirmation): the web, mail, FTP, IRC (project chat channels), news and telephone. Every other
 * scheme stays text: `javascript:`, `data:`, `vbscript:` and `file:` never become links, and a scheme docutils
 * reads as a URI without its being a place (`[service:central]` in a configuration example) is shown as written.
 */
export const EXTERNAL_LINK = /^(?:https?|mailto|ftp|ircs?|news|tel):/i;

/** Schemes that run code or read local files when followed: shown as an unresolved reference, never as text that looks fine. */
export const DANGEROUS_LINK = /^(?:javascript|vbscript|data|file):/i;
