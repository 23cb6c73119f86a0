/** The parts of a Teams message activity that carry what the user typed (SDK-neutral on purpose). */
export interface MessageParts {
  readonly text?: string | undefined;
  readonly entities?: readonly MentionLike[] | undefined;
  readonly recipient?: { readonly id?: string | undefined } | undefined;
}

interface MentionLike {
  readonly type?: string | undefined;
  readonly text?: string | undefined;
  readonly mentioned?: { readonly id?: string | undefined; readonly name?: string | undefined } | undefined;
}

export type MessageCommand = { readonly kind: 'help' } | { readonly kind: 'scheduled' } | { readonly kind: 'resend'; readonly text: string };

export const HELP_TEXT = [
  'Resend Okta activation emails. Send me the people to email, by email, Okta login or Okta user id:',
  'resend activation alice@corp.example, bob@corp.example',
  'In a channel or group chat, mention me first: @resend-activation resend activation alice@corp.example',
  'In this personal chat you can also send a .csv, .tsv or .txt file (one user per row, or a Login / Email column).',
  'On any message that lists people: … → More actions → Resend activation emails.',
  'I show a plan first; nothing is sent until you press its confirm button. Schedule… on the plan sends it later instead (a date and time in your time zone, or each person on their start date when your file has a Start date column); everyone is looked up in Okta again then.',
  'scheduled: the sends still to come (yours; helpdesk sees everyone\'s), each with a Cancel.',
  'After a run I follow up in the same conversation: who has activated (with a button to resend to those still pending), and any email that did not arrive.',
];

/** Mentions of the bot itself: Teams puts `<at>Bot name</at>` in the text and a mention entity beside it. */
function botMentions(parts: MessageParts): MentionLike[] {
  const botId = parts.recipient?.id;
  return (parts.entities ?? []).filter((entity) => entity.type === 'mention' && botId !== undefined && entity.mentioned?.id === botId);
}

export function mentionsBot(parts: MessageParts): boolean {
  return botMentions(parts).length > 0;
}

const LEADING_AT_TAG = /^(?:<at>[^<]*<\/at>\s*)+/i;

/** Optional command words before the list: "resend activation", "resend", "/resend-activation". */
const COMMAND_WORD = /^\/?resend(?:[-\s]+activations?)?(?:\s+emails?)?(?=\s|$|[,;:])[\s,;:]*/i;

/**
 * What the user asked for, once the bot's mentions and an optional leading command word are
 * removed. Empty or "help" asks for usage; the rest goes to the core as strict text.
 */
export function commandFromMessage(parts: MessageParts): MessageCommand {
  let text = parts.text ?? '';
  const mentions = botMentions(parts);
  for (const mention of mentions) {
    // Some group-chat payloads carry the entity without its `text`: the name says what to cut.
    const tag = mention.text ?? (mention.mentioned?.name ? `<at>${mention.mentioned.name}</at>` : null);
    if (tag) text = text.split(tag).join(' ');
  }
  text = text.trim();
  // A mention of the bot whose tag did not match (a renamed bot, no name): it always comes first.
  if (mentions.length > 0) text = text.replace(LEADING_AT_TAG, '').trim();
  text = text.replace(COMMAND_WORD, '').trim();
  if (text === '' || /^(help|\?|\/help)$/i.test(text)) return { kind: 'help' };
  if (/^\/?scheduled$/i.test(text)) return { kind: 'scheduled' };
  return { kind: 'resend', text };
}
