export { reserveStep, worstCaseStepMicros } from "./budget.ts";
export { buildContext, type ContextOptions } from "./context.ts";
export {
  createKnightExecutors,
  type DeployEmployeePayload,
  type DeployResult,
  deployEmployee,
  InvalidDeployError,
} from "./executor.ts";
export {
  createLocalFramePublisher,
  createPgNotifyFramePublisher,
  createPostgresFrameStore,
  type FrameAnnouncement,
  type FrameEvent,
  type FramePublisher,
  type FrameStore,
  fanOutFramePublisher,
  type NewFrame,
  type StoredFrame,
} from "./frames.ts";
export { hostFromTitle, type KnightVault } from "./logins.ts";
export {
  DesktopFailingError,
  KnightShutdownError,
  type LoopSettings,
  type RunOutcome,
  TaskCancelledError,
} from "./loop.ts";
export {
  type AnthropicComputerOptions,
  type ComputerAction,
  type ComputerContext,
  type ComputerModel,
  type ComputerModelOptions,
  type ComputerProvider,
  type ComputerTurn,
  createAnthropicComputerProvider,
  createComputerModel,
  createOpenAIComputerProvider,
} from "./model/index.ts";
export { enqueueTask, type JobPolicy, type KnightJob, relayTasks } from "./queue.ts";
export { modelDisplay, toVmPoint } from "./scale.ts";
export { type ScheduledTaskRequest, writeScheduledTask } from "./scheduled.ts";
export {
  createKnights,
  type Knights,
  type KnightsDeps,
  type KnightsOptions,
  MAINTENANCE_JOBS,
  type RunningKnights,
  startKnights,
} from "./start.ts";
export { modelUsageKey, type StepRow } from "./steps.ts";
export {
  type ActResult,
  ControlConflictError,
  ControlForbiddenError,
  type ControlPrincipal,
  type ControlView,
  type CustomerAction,
  createDesktopControl,
  type DesktopControl,
  DesktopNotFoundError,
  type DesktopTarget,
} from "./takeover.ts";
export { type StopOutcome, stopTask, type TaskRow, type TaskStatus } from "./tasks.ts";
export { createVmManager, EmployeeRemovedError, type VmManager, type VmSettings } from "./vms.ts";
