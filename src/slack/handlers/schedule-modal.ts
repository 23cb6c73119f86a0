import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_SCHEDULE, ACTION_SCHEDULE_START_DATES } from '../blocks/plan-blocks.ts';
import { readScheduleModal, scheduleContextOf, scheduleModal, SCHEDULE_MODAL } from '../blocks/schedule-modal.ts';
import { notifyClicker, type Respond } from '../flows/notify-clicker.ts';
import { schedulePlan } from '../flows/schedule-plan.ts';
import { failureText, type SlackDeps } from '../slack-deps.ts';
import { slackTimeZoneOf } from '../user-time-zone.ts';

const SCHEDULE_BUTTON = new RegExp(`^(${ACTION_SCHEDULE}|${ACTION_SCHEDULE_START_DATES})$`);

/**
 * "Schedule…" on a plan opens the schedule modal at once (the click's trigger_id lasts 3 s), in
 * the presser's Slack time zone; the submission schedules through the core. Whether this person
 * may schedule this plan is the core's decision, on submit.
 */
export function registerScheduleModal(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(SCHEDULE_BUTTON, async ({ ack, body, action, client, respond }) => {
    await ack();
    const channel = body.channel?.id ?? body.container.channel_id;
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    if (!channel || !message?.ts || !action.value) return;
    const threadTs = message.thread_ts ?? null;
    const zone = await slackTimeZoneOf(client, body.user.id, deps.logger);
    const view = scheduleModal({
      context: { planId: action.value, channel, ts: message.ts, threadTs, timeZone: zone ?? 'UTC' },
      timeZoneKnown: zone !== null,
      startDates: action.action_id === ACTION_SCHEDULE_START_DATES,
      scheduleTime: deps.service.settings.scheduleTime,
      now: Date.now(),
    });
    try {
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (error) {
      deps.logger.warn({ err: error }, 'slack views.open failed (schedule)');
      await notifyClicker(deps, respond as Respond | undefined, { channel, threadTs }, body.user.id)(':warning: I could not open the schedule box (it must open within 3 seconds of the click). Press *Schedule…* again.');
    }
  });

  app.view(SCHEDULE_MODAL, async ({ ack, view, body }) => {
    const ctx = scheduleContextOf(view.private_metadata);
    if (!ctx) {
      await ack();
      return;
    }
    const read = readScheduleModal(view.state.values as Parameters<typeof readScheduleModal>[0], ctx.timeZone);
    if ('errors' in read) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    // The modal closes now (Slack wants an answer within 3 s); the core's answer follows: on the
    // plan message, or for a refusal only to the person, beside the plan.
    await ack();
    const user = body.user.id;
    const notify = (mrkdwn: string) => deps.chat.ephemeral({ channel: ctx.channel, threadTs: ctx.threadTs }, user, mrkdwn);
    deps.jobs.run('schedule', () => schedulePlan(deps, ctx, user, read.request, notify), (error) => notify(failureText(error)));
  });
}
