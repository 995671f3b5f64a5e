/**
 * What the API and the dashboard read and change, as the caller under RLS:
 * one set of queries behind both, so a page and its JSON never disagree.
 */
export {
  type CustomerAccess,
  customerAccess,
  type ResellerAccess,
  resellerAccess,
} from "./access.ts";
export {
  type AdminCustomer,
  type AdminReseller,
  adminCustomers,
  adminResellers,
  type SystemHealth,
  setCustomerStatus,
  setResellerStatus,
  systemHealth,
} from "./admin.ts";
export {
  type ApprovalView,
  type BillingExtras,
  billingExtras,
  createMemberInvite,
  customerOverview,
  decide,
  listApprovals,
  listTeam,
  type Member,
  type Overview,
  type PendingInvite,
  removeMember,
  setMemberRole,
  type UsageDay,
  usageByDay,
} from "./customer.ts";
export { type CustomerRow, listCustomers } from "./customer-list.ts";
export { forbidden, isPermissionDenied, notFound, uuidParam } from "./errors.ts";
export { type Cursor, decodeCursor, type Page, toPage } from "./pagination.ts";
export {
  customerInvite,
  type InviteView,
  newResellerCustomer,
  type ResellerCustomer,
  renewCustomerInvite,
  resellerCustomers,
} from "./reseller.ts";
export {
  type CurrentStep,
  currentStepsByVm,
  type EmployeeSummary,
  type FrameImage,
  getEmployee,
  getFrame,
  getTask,
  listEmployees,
  listTasks,
  type StepRow,
  type TaskDetail,
  type TaskSummary,
} from "./work.ts";
