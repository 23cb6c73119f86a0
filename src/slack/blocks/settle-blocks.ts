import type { KnownBlock } from '../slack-types.ts';

/**
 * A message we posted, ended without a plan or approval at hand (it expired, it is no longer
 * known): its own blocks minus the buttons and the "expires in" footnote, plus a final line.
 * Slack sends the message's blocks with every click, so no state is needed to do this.
 */
export function settledBlocks(blocks: readonly unknown[], line: string): KnownBlock[] {
  const kept = blocks.filter((block) => {
    const type = (block as { type?: unknown }).type;
    return type !== 'actions' && type !== 'context' ? true : type === 'context' && !isFootnote(block);
  }) as KnownBlock[];
  return [...kept.slice(0, 48), { type: 'section', text: { type: 'mrkdwn', text: line, verbatim: true } }];
}

function isFootnote(block: unknown): boolean {
  const elements = (block as { elements?: Array<{ text?: unknown }> }).elements ?? [];
  return elements.some((element) => typeof element.text === 'string' && /expires/i.test(element.text));
}
