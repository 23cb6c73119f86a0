import type { ParsedIdentifiers } from './identifiers.ts';
import type { InputLimits } from './limits.ts';
import { parseIdentifierFile, parseIdentifierHtml, parseIdentifierText } from './parse/index.ts';

/** What a surface hands the core: the words, message or file exactly as received. */
export type RequestInput =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'html'; readonly html: string }
  | { readonly kind: 'file'; readonly name: string; readonly bytes: Uint8Array };

export function parseInput(input: RequestInput, limits: InputLimits): ParsedIdentifiers {
  switch (input.kind) {
    case 'text':
      return parseIdentifierText(input.text, { mode: 'strict', limits });
    case 'message':
      return parseIdentifierText(input.text, { mode: 'extract', limits });
    case 'html':
      return parseIdentifierHtml(input.html, { limits });
    case 'file':
      return parseIdentifierFile({ name: input.name, bytes: input.bytes }, { limits });
  }
}
