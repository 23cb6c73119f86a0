import type { App } from '@slack/bolt';
import type { Requester } from '../../core/requester.ts';
import { runWorkflowStep, type WorkflowStepInputs } from '../flows/workflow-run.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { WORKFLOW_STEP, type WorkflowStepAccess } from '../workflow-step-access.ts';

const NOT_RESTRICTED = 'This step is not restricted to the helpdesk yet (the bot could not set who may add it to workflows), so it does not run. Ask whoever runs the bot to check its log.';
const WENT_WRONG = 'Something went wrong in the bot; check its log and the audit trail before running the step again.';

/**
 * The Workflow Builder custom step "Resend Okta activation" (`function_executed`). Bolt acks the
 * event; the run happens in the background and ends with complete({ outputs }) or fail({ error }).
 * The requester is the workflow (an automation the core treats as helpdesk); a step Slack
 * delivers twice runs once.
 */
export function registerWorkflowStep(app: App, deps: SlackDeps, access: WorkflowStepAccess): void {
  app.function(WORKFLOW_STEP, async ({ event, inputs, complete, fail }) => {
    if (!(await deps.service.firstDelivery('slack', `function:${event.function_execution_id}`))) return;
    const requester: Requester = {
      surface: 'slack',
      userId: `workflow:${event.workflow_execution_id}`,
      email: null,
      displayName: `Workflow ${event.workflow_execution_id}`,
      groupIds: [],
      workflowStep: true,
    };
    deps.jobs.run(
      'workflow step',
      async () => {
        if (!(await access.ensure())) {
          await fail({ error: NOT_RESTRICTED });
          return;
        }
        const stepInputs: WorkflowStepInputs = { emails: inputs.emails, send_at: inputs.send_at };
        const result = await runWorkflowStep(deps, requester, stepInputs, Date.now());
        if ('error' in result) await fail({ error: result.error });
        else await complete({ outputs: { ...result.outputs } });
      },
      async (error) => {
        deps.logger.error({ err: error, functionExecutionId: event.function_execution_id }, 'slack workflow step failed');
        await fail({ error: WENT_WRONG });
      },
    );
  });
}
