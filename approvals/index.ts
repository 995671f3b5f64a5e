export {
  type ApprovalExecutor,
  type ApprovalExecutors,
  type ApprovalRequest,
  type ApprovalRow,
  createApprovalExecutors,
  type Decision,
  type DecisionInput,
  decideApproval,
  EffectRefusedError,
  requestApproval,
} from "./approvals.ts";
export { approvalCard, clipAtWord, clipWords, roleName } from "./card.ts";
export {
  APPROVAL_EFFECT_JOB,
  APPROVALS_RELAY_JOB,
  type ApprovalEffectJob,
  type Approvals,
  createApprovalEffectProcessor,
  createApprovals,
  type EffectPolicy,
  effectJobId,
  enqueueApprovalEffect,
  relayApprovalEffects,
  scheduleApprovalsRelay,
  startApprovalEffects,
} from "./effects.ts";
