export {
  type ApprovalExecutor,
  type ApprovalExecutors,
  type ApprovalRequest,
  type ApprovalRow,
  createApprovalExecutors,
  type Decision,
  decideApproval,
  requestApproval,
} from "./approvals.ts";
