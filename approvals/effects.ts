/**
 * Running what an approval unlocks, exactly once, whichever channel decided.
 *
 * The decision commits with its effect marked as owed (a trigger on
 * `approvals.status`); then the deciding process adds a job to the
 * approval-effects queue under an id derived from the approval. The job
 * claims the owed effect, runs the executor for the approval's kind, tells
 * the customer the outcome in Telegram (one status message keyed by the
 * approval, so a second run shows the same message, not a second one) and
 * records it. If the process dies between the decision and the add, or the
 * queue is down, the relay finds the effect still owed and adds the job.
 * Executors are idempotent (one task per approval, a schedule activated
 * once), so a worker that dies mid-effect is harmless when the job reruns.
 */
import type { Job, Worker } from "bullmq";
import { storedLanguage } from "../accounts/users.ts";
import { audit } from "../audit/index.ts";
import type { Data } from "../db/index.ts";
import { catalogue, type Locale, localeFor } from "../i18n/index.ts";
import type { Notifier } from "../notify/index.ts";
import type { Logger } from "../observability/index.ts";
// Not the queue's index: the Cloudflare Worker decides approvals too and must not bundle BullMQ.
import { addUniqueJob } from "../queue/enqueue.ts";
import type { QueueKit } from "../queue/index.ts";
import {
  type ApprovalExecutors,
  type ApprovalRow,
  type Decision,
  type DecisionInput,
  decideApproval,
  EffectRefusedError,
} from "./approvals.ts";
import { approvalCard } from "./card.ts";

export type ApprovalEffectJob = { approvalId: string };
export const APPROVAL_EFFECT_JOB = "run";
export const APPROVALS_RELAY_JOB = "approvals.relay";

/** How effect jobs retry. */
export type EffectPolicy = {
  /** Attempts for failures worth retrying (the queue or a provider was down). Default 6. */
  attempts?: number;
  /** First retry delay, doubled each time. Default 5 s. */
  backoffMs?: number;
  /** How long adding a job may take before it is left to the relay. Default 5 s. */
  enqueueTimeoutMs?: number;
};

/** The job id of an approval's effect (BullMQ ids may not contain `:`). */
export const effectJobId = (approvalId: string) => `approval-${approvalId}`;

/** Adds the effect's job unless it is already waiting or running. */
export function enqueueApprovalEffect(
  queues: QueueKit,
  approvalId: string,
  policy: EffectPolicy = {},
): Promise<"added" | "present"> {
  return addUniqueJob<ApprovalEffectJob>(queues, {
    role: "approvals",
    name: APPROVAL_EFFECT_JOB,
    data: { approvalId },
    jobId: effectJobId(approvalId),
    options: {
      attempts: policy.attempts ?? 6,
      backoff: { type: "exponential", delay: policy.backoffMs ?? 5_000 },
      removeOnComplete: { age: 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
    ...(policy.enqueueTimeoutMs ? { timeoutMs: policy.enqueueTimeoutMs } : {}),
  });
}

/**
 * The one way a channel decides an approval: the bot's buttons, the
 * dashboard, the JSON API (and any later one) call `decide`. Without
 * `queues` (the Cloudflare Worker) the effect is left to the relay of the
 * Node workers. `afterDecision` is a seam for crash tests: it runs right
 * after the decision committed, before the job is added.
 */
export function createApprovals({
  data,
  queues,
  logger,
  policy = {},
  afterDecision,
}: {
  data: Data;
  queues?: QueueKit;
  logger: Logger;
  policy?: EffectPolicy;
  afterDecision?: (decision: Decision) => void | Promise<void>;
}) {
  return {
    /** Decides as `userId`; when approved, the effect's job is added (or left to the relay). */
    async decide(input: DecisionInput): Promise<Decision> {
      const decision = await decideApproval(data, input);
      await afterDecision?.(decision);
      if (decision.outcome === "approved" && queues) {
        await enqueueApprovalEffect(queues, decision.approval.id, policy).catch((error) =>
          logger.warn(
            { approval: decision.approval.id, err: error },
            "queue unavailable; the approvals relay will start the work",
          ),
        );
      }
      return decision;
    },
    /**
     * The product's card for an approval (`card.ts`) in `locale`: the text every
     * channel puts the Approve / Deny buttons under. Undefined when there is no such approval.
     */
    async card(approvalId: string, locale: Locale): Promise<string | undefined> {
      const { rows } = await data.statementAsService<
        Pick<ApprovalRow, "kind" | "summary" | "payload">
      >("approvals: card", "select kind, summary, payload from public.approvals where id = $1", [
        approvalId,
      ]);
      return rows[0] ? approvalCard(rows[0], locale) : undefined;
    },
    /** Adds jobs for effects still owed (see `relayApprovalEffects`); a worker's job. */
    relay: (options: { graceMs?: number } = {}) =>
      queues ? relayApprovalEffects(data, queues, { ...options, policy }) : Promise.resolve([]),
  };
}

export type Approvals = ReturnType<typeof createApprovals>;

/**
 * Adds a job for every effect still owed: approved but not done, decided more
 * than `graceMs` ago (the decider may be adding it right now; harmless either
 * way, since the job id is the approval's). Returns the approval ids added.
 */
export async function relayApprovalEffects(
  data: Data,
  queues: QueueKit,
  { graceMs = 10_000, policy = {} }: { graceMs?: number; policy?: EffectPolicy } = {},
): Promise<string[]> {
  const { rows } = await data.statementAsService<{ id: string }>(
    "approvals: relay scan",
    `select id from public.approvals
      where effect_status in ('pending', 'running')
        and decided_at < now() - make_interval(secs => $1::double precision / 1000)
      order by decided_at limit 500`,
    [graceMs],
  );
  const added: string[] = [];
  for (const { id } of rows) {
    if ((await enqueueApprovalEffect(queues, id, policy)) === "added") added.push(id);
  }
  return added;
}

type EffectDeps = {
  data: Data;
  executors: ApprovalExecutors;
  notifier: Notifier;
  logger: Logger;
};

/** The approval-effects queue's processor. */
export function createApprovalEffectProcessor({ data, executors, notifier, logger }: EffectDeps) {
  return async (job: Job<ApprovalEffectJob>): Promise<{ outcome: string }> => {
    const approval = await claim(data, job.data.approvalId);
    if (!approval) return { outcome: "nothing owed" };
    let line: string;
    try {
      line = await executors.execute(approval);
    } catch (error) {
      const refused = error instanceof EffectRefusedError;
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      logger.warn(
        { approval: approval.id, kind: approval.kind, err: error, refused, lastAttempt },
        "an approved action failed to start",
      );
      if (!refused && !lastAttempt) throw error;
      // Said to whoever approved, in their language.
      const locale = localeFor(
        await storedLanguage(data, approval.decided_by ?? approval.requested_by),
      );
      const told = refused
        ? catalogue().t(locale, "approval-refused", { reason: error.message })
        : catalogue().t(locale, "approval-start-failed");
      await tell(data, notifier, approval, told);
      await settle(data, approval, "failed", told);
      return { outcome: "failed" };
    }
    await tell(data, notifier, approval, line);
    await settle(data, approval, "done", line);
    return { outcome: "done" };
  };
}

/** Starts the approval-effects worker. */
export function startApprovalEffects(
  deps: EffectDeps & { queues: QueueKit; concurrency?: number },
) {
  const worker = deps.queues.worker<ApprovalEffectJob>(
    "approvals",
    createApprovalEffectProcessor(deps),
    { concurrency: deps.concurrency ?? 4 },
  ) as unknown as Worker<ApprovalEffectJob>;
  return worker;
}

/** Schedules the approvals relay on the maintenance queue (every 30 s by default). */
export async function scheduleApprovalsRelay(queues: QueueKit, everyMs = 30_000) {
  await queues
    .queue("maintenance")
    .upsertJobScheduler(APPROVALS_RELAY_JOB, { every: everyMs }, { name: APPROVALS_RELAY_JOB });
}

/** Marks an owed effect as running (counting the attempt); undefined when nothing is owed. */
async function claim(data: Data, approvalId: string): Promise<ApprovalRow | undefined> {
  const { rows } = await data.statementAsService<ApprovalRow>(
    "approvals: claim effect",
    `update public.approvals
        set effect_status = 'running', effect_attempts = effect_attempts + 1
      where id = $1 and status = 'approved' and effect_status in ('pending', 'running')
      returning *`,
    [approvalId],
  );
  return rows[0];
}

async function settle(
  data: Data,
  approval: ApprovalRow,
  status: "done" | "failed",
  result: string,
): Promise<void> {
  await data.asService("approvals: settle effect", async (tx) => {
    const { rowCount } = await tx.query(
      `update public.approvals set effect_status = $2, effect_result = $3, effect_done_at = now()
        where id = $1 and effect_status = 'running'`,
      [approval.id, status, result.slice(0, 1000)],
    );
    if (rowCount !== 1) return;
    await audit(tx, {
      action: status === "done" ? "approval.effect_done" : "approval.effect_failed",
      targetType: "approval",
      targetId: approval.id,
      customerId: approval.customer_id,
      detail: { kind: approval.kind },
    });
  });
}

/**
 * Tells the customer what came of their approval, in the Telegram chat of
 * whoever decided (else whoever asked, else the first owner). One status
 * message per approval: a rerun edits it to the same text, so nothing is
 * said twice.
 */
async function tell(data: Data, notifier: Notifier, approval: ApprovalRow, text: string) {
  const { rows } = await data.statementAsService<{ chat: string | null }>(
    "approvals: find chat",
    `select coalesce(
       (select telegram_user_id from public.users where id = $2),
       (select telegram_user_id from public.users where id = $3),
       (select u.telegram_user_id from public.memberships m join public.users u on u.id = m.user_id
         where m.customer_id = $1 and m.role = 'owner' and u.telegram_user_id is not null
         order by m.created_at limit 1))::text as chat`,
    [approval.customer_id, approval.decided_by, approval.requested_by],
  );
  const chat = rows[0]?.chat;
  if (chat) await notifier.status(effectJobId(approval.id), { chatId: Number(chat), text });
}
