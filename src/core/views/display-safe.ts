/**
 * Characters no renderer may pass on from user input (a pasted identifier, a CSV cell, a display
 * name): bidirectional embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069) and
 * direction marks (U+200E, U+200F, U+061C) make text display reversed or out of order
 * ("Trojan Source": `user\u202Emoc.live@` reads as a different address), and C0/C1 controls
 * (a bell, an ANSI escape, a carriage return) mean nothing in a chat message or do harm in a
 * terminal. Line feed and tab are not in the set: our own messages use them, and each renderer
 * decides what a line break in user text may do (Teams and the terminal fold them into spaces).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` without those characters (chat), or with each one shown as `replacement` (the terminal's "?"). */
export function displaySafe(text: string, replacement = ''): string {
  return text.replace(UNSAFE, replacement);
}
