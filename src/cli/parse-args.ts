import { parseArgs } from 'node:util';

export interface CliArgs {
  readonly identifiers: readonly string[];
  readonly file: string | null;
  readonly dryRun: boolean;
  readonly yes: boolean;
  readonly json: boolean;
  readonly demo: boolean;
  readonly force: boolean;
  readonly csv: string | null;
  readonly help: boolean;
  /** `2026-12-07T08:00` (seconds allowed), or `start-date`: each person on their file's start date. */
  readonly at: string | null;
  /** IANA time zone for --at; default this machine's. */
  readonly tz: string | null;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: resend-activation [IDENTIFIER...] [--file PATH] [--dry-run] [--yes] [--json] [--csv PATH] [--force] [--at WHEN [--tz ZONE]] [--demo]

Resends Okta activation emails, calling the right lifecycle endpoint for each user's status
(activate for STAGED, reactivate?sendEmail=true for PROVISIONED and never-activated RECOVERY).

  IDENTIFIER      login, email or Okta user id (00u…); separate with spaces or commas
  --file PATH     CSV/TSV/TXT: a Login/Username/Email column (Okta report exports work) or one per line
  --dry-run       show the plan and stop; no lifecycle call is made
  --yes           do not ask for confirmation (required without a terminal)
  --json          print the plan and results as JSON on stdout
  --csv PATH      also write every row as CSV: the results, or the plan with --dry-run
  --force         send even to users this tool emailed within the suppression window
                  (SUPPRESSION_MINUTES, default 10; kept across runs in RESEND_STATE_PATH)
  --at WHEN       send later instead of now, and wait for it: a local time (2026-12-07T08:00) or
                  start-date (each person on their file's Start date / Hire date at SCHEDULE_TIME);
                  everyone is looked up again at that time
  --tz ZONE       time zone for --at (e.g. Europe/Berlin); default this machine's
  --demo          use the embedded Okta simulator with demo users (no real Okta)
  -h, --help      this text

Environment: OKTA_ORG_URL with OKTA_API_TOKEN, or OKTA_CLIENT_ID + OKTA_PRIVATE_KEY (+ OKTA_KEY_ID).
Exit status: 0 all done; 1 a user failed, an input row was not understood, or a user was not
found, ambiguous or could not be looked up; 2 usage or configuration error.`;

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        file: { type: 'string', short: 'f' },
        'dry-run': { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        json: { type: 'boolean' },
        demo: { type: 'boolean' },
        force: { type: 'boolean' },
        csv: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        at: { type: 'string' },
        tz: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const args: CliArgs = {
    identifiers: positionals,
    file: values.file ?? null,
    dryRun: values['dry-run'] ?? false,
    yes: values.yes ?? false,
    json: values.json ?? false,
    demo: values.demo ?? false,
    force: values.force ?? false,
    csv: values.csv ?? null,
    help: values.help ?? false,
    at: values.at ?? null,
    tz: values.tz ?? null,
  };
  if (args.tz && !args.at) throw new UsageError('--tz goes with --at.');
  if (!args.help && args.identifiers.length === 0 && !args.file) {
    throw new UsageError('Name at least one user, or give --file PATH.');
  }
  if (args.identifiers.length > 0 && args.file) throw new UsageError('Give identifiers or --file, not both.');
  return args;
}
