/**
 * Teams renders Adaptive Card TextBlocks (and FactSets) as a Markdown subset, and plain text
 * messages as Markdown too. Every piece of text that could come from a user (identifiers, CSV
 * cells, display names, core messages that quote them) goes through this one function, so that
 * `**bold**`, `[label](url)` or `<at>` shows as typed instead of being rendered.
 *
 * CommonMark lets any ASCII punctuation be escaped with a backslash; we escape the characters that
 * start Markdown or HTML constructs, and the backslash itself. Line-start markers (`- `, `+ `,
 * `1. `, `#`, `>`) only matter at the start of a line, and line breaks are folded into spaces
 * first: an identifier or a cell never needs one, and a stray one could start such a line.
 */
const SIGNIFICANT = /[\\`*_~[\]()#<>&|!{}]/g;

export function escapeMarkdown(text: string): string {
  return text
    // Control characters (including CR/LF/tab) would start new Markdown lines or hide text.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point here
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(SIGNIFICANT, (char) => `\\${char}`)
    // A leading "-", "+" or "=" makes a list item or a heading underline; "1." or "1)" an ordered list.
    .replace(/^(\s*)([-+=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}
