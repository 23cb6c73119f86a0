import type { App } from '@slack/bolt';
import { registerOnboardingReports } from './flows/onboarding-reports.ts';
import { registerOnboardingButtons } from './handlers/onboarding-buttons.ts';
import { registerScheduleModal } from './handlers/schedule-modal.ts';
import { registerWorkflowStep } from './handlers/workflow-step.ts';
import type { BotIdentity } from './bot-identity.ts';
import type { SlackDeps } from './slack-deps.ts';
import type { WebClient } from './slack-types.ts';
import { createWorkflowStepAccess } from './workflow-step-access.ts';

/**
 * The onboarding morning in Slack (issue 11): "Schedule…" on plans, scheduled sends, follow-ups
 * and delivery failures reported in their threads, Cancel on `scheduled` listings, and the
 * Workflow Builder step. `start` restricts the step to the helpdesk, in the background: starting
 * must not depend on Slack being reachable (the step refuses to run until it worked).
 */
export function registerOnboarding(app: App, deps: SlackDeps, client: WebClient, identity: BotIdentity, roleEntries: readonly string[]): { start(): void } {
  registerScheduleModal(app, deps);
  registerOnboardingButtons(app, deps);
  registerOnboardingReports(deps);
  const access = createWorkflowStepAccess(client, identity, deps.service, roleEntries, deps.logger);
  registerWorkflowStep(app, deps, access);
  return {
    start: () => deps.jobs.run('workflow step access', async () => void (await access.ensure())),
  };
}
