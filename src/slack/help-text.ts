/** `/resend-activation help`: mrkdwn, no user text in it. */
export const HELP_TEXT = [
  '*Resend Okta activation emails*',
  '• `/resend-activation alice@corp.com, bob@corp.com` — emails, Okta logins or user ids (`00u…`), separated by spaces, commas, semicolons or new lines.',
  '• `/resend-activation` alone opens a box to paste a long list.',
  '• Message menu (⋯) → *Resend activation emails* on a message that names people.',
  '• A CSV, TSV or TXT file of users (a `Login`, `Username` or `Email` column, or one user per line) sent to me in a DM, or shared in a channel with a mention of me.',
  '• *Schedule…* on a plan sends it later, at a date and time in your Slack time zone (or, for a file with a `Start date` column, each person on their start date). `/resend-activation scheduled` (or `scheduled` in a DM) lists what is scheduled, with Cancel.',
  'After a run I say in its thread who has activated and who has not (with a button to resend to those still pending), and which emails bounced.',
  'I look everyone up in Okta and show a plan first: who gets an activation email, who is skipped and why. Nothing is sent until you press the button, and only you can press it.',
].join('\n');

/** Emails in a file's name or text do not matter: only these extensions are read. */
export const FILE_TYPES_TEXT = 'Send a CSV, TSV or TXT file (a Login, Username or Email column, or one user per line).';

/** A DM that names nobody ("thanks", "hi"): how to use the bot, in one line. */
export const NOBODY_NAMED_TEXT = ':wave: I resend Okta activation emails. Send me email addresses or Okta user ids (`00u…`), use `/resend-activation` with logins, or send me a CSV file. Type `help` for more.';
