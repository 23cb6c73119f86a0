import { ORG_PROFILES } from './org-profiles.ts';
import { printProfileRun, runNaiveCapped, runProfile } from './profile-bench.ts';

export interface ProfileBenchOptions {
  readonly profile: string;
  readonly sizes: readonly number[];
  /** RESEND_CONCURRENCY: the upper bound of calls in flight. */
  readonly concurrency: number;
  /** Users the naive runner is timed on (0: not run); its time is extrapolated to each size. */
  readonly naiveCap: number;
}

/** Runs the profile at each size and prints the figures; false when a target is missed or a user lost. */
export async function runProfileBench(options: ProfileBenchOptions): Promise<boolean> {
  const profile = ORG_PROFILES[options.profile];
  if (!profile) throw new Error(`unknown profile ${options.profile}; one of ${Object.keys(ORG_PROFILES).join(', ')}`);
  console.log(`resend-activation bench, profile ${profile.name}: ${profile.describe}; RESEND_CONCURRENCY (upper bound) ${options.concurrency}`);
  let ok = true;
  for (const users of options.sizes) {
    const run = await runProfile(profile, users, options.concurrency);
    printProfileRun(run);
    const planTarget = users > 1000 || run.planSeconds < 5;
    const runTarget = run.runSeconds / run.runFloorSeconds <= 1.05;
    const memoryTarget = run.peakRssMb <= 300;
    const intact = run.sent === users && run.emailedTwice === 0 && run.http429 === 0;
    console.log(
      `                targets: plan < 5 s for 1,000 ${planTarget ? 'met' : 'MISSED'}; run ≤ 1.05 × floor ${runTarget ? 'met' : 'MISSED'}; 0 429s ${run.http429 === 0 ? 'met' : 'MISSED'}; ≤ 300 MB ${memoryTarget ? 'met' : 'MISSED'}`,
    );
    ok = ok && planTarget && runTarget && memoryTarget && intact;
    if (options.naiveCap > 0) {
      const naive = await runNaiveCapped(profile, users, options.naiveCap);
      console.log(
        `  naive (one by one, GET then POST), timed on ${naive.measuredUsers} users: ${naive.seconds.toFixed(1)} s, ${naive.requests} requests, 429s ${naive.http429}, failed ${naive.failed}; ` +
          `extrapolated to ${users}: ${naive.extrapolatedSeconds.toFixed(0)} s, ratio to the run floor ${(naive.extrapolatedSeconds / run.runFloorSeconds).toFixed(2)}`,
      );
    }
  }
  return ok;
}
