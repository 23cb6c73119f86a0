import { displaySafe } from '../core/views/display-safe.ts';

/**
 * Teams renders Adaptive Card TextBlocks (and FactSets) as a Markdown subset, and plain text
 * messages as Markdown too. Every piece of text that could come from a user (identifiers, CSV
 * cells, display names, core messages that quote them) goes through this one function, so that
 * `**bold**`, `[label](url)`, `<at>` or a pasted link shows as typed instead of being rendered.
 *
 * Only what Teams interprets is touched, because clients that do not know a construct show its
 * backslash literally (`first\_last@…`). The Adaptive Card subset is bold `**`, italic `_`, lists
 * (`- `, `1. `) and links `[t](url)`; bot text messages add headings `#`, strike-through `~~`,
 * code `` ` ``, block quotes `>` and image links `![t](url)` (learn.microsoft.com, "Format cards in
 * Teams" and "Text formatting in bots"). Those get CommonMark backslash escapes; `(`, `)` and `!`
 * only act after an (escaped) `[`, and `#`, `>`, `-`, `+`, `1.` only at the start of a line. An
 * underscore between two letters or digits never starts emphasis (CommonMark's intraword rule),
 * so identifiers like `first_last@corp.example` pass through as they are.
 *
 * What backslashes cannot stop is kept inert with an invisible WORD JOINER (U+2060) instead:
 * - `<` before a tag name, `/` or `!`: HTML, `<at>` mentions, `<!channel>`-style tokens and
 *   `<http://…>` autolinks stop being markup, and look the same;
 * - `scheme://` and the dots of a URL (or a `www.` name): Teams turns bare URLs into links on its
 *   own, and a link in a CSV cell must not become clickable in a message the bot vouches for;
 * - `{{`: Adaptive Cards read `{{DATE(…)}}` as a function.
 * Line breaks and C0 control characters fold into spaces first: an identifier or a cell never
 * needs one, and a stray one could start a heading, a list or a quote. Then bidirectional
 * overrides, direction marks and C1 controls are removed (displaySafe, shared with Slack and the
 * terminal): Teams shows them as they are, so an identifier could read reversed.
 */
const JOINER = '\u2060';
const ALWAYS = /[\\`*[\]~]/g;
/** An underscore unless it sits between two letters or digits. */
const LOOSE_UNDERSCORE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;
const URL_LIKE = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:)\S*/gi;

export function escapeMarkdown(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  return displaySafe(text.replace(/[\u0000-\u001f\u007f]+/g, ' '))
    .replace(URL_LIKE, breakLink)
    .replace(ALWAYS, (char) => `\\${char}`)
    .replace(LOOSE_UNDERSCORE, '\\_')
    .replace(/<(?=[a-z/!?])/gi, `<${JOINER}`)
    .replace(/\{\{/g, `{${JOINER}{`)
    // A leading "#" makes a heading, ">" a quote, "-", "+" or "=" a list item or an underline;
    // "1." or "1)" an ordered list.
    .replace(/^(\s*)([-+=#>])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/**
 * `https://evil.example/x` → `https:⁠//evil.⁠example/x`: no linkifier sees a scheme or a domain.
 * `mailto:x@y.example` loses its scheme the same way (a bare address, an identifier, may stay one).
 */
function breakLink(url: string): string {
  return url.replace(/^mailto:/i, (scheme) => `${scheme.slice(0, -1)}${JOINER}:`).replace('://', `:${JOINER}//`).replace(/\./g, `.${JOINER}`);
}
