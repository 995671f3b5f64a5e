/**
 * Recurring work: cadences computed in the customer's time zone, the due
 * scan that starts each run exactly once, and the scheduler's notices.
 */
export {
  type Cadence,
  cronPattern,
  describeCadence,
  describeCadenceIn,
  InvalidCadenceError,
  MIN_INTERVAL_MS,
  nextRun,
  nextRuns,
  runsPerMonth,
  validateCadence,
  WEEKDAY_NAMES,
} from "./cadence.ts";
export {
  createScheduleControls,
  createScheduleEditExecutor,
  type RunView,
  rescheduleCustomer,
  type ScheduleControls,
  type ScheduleControlsDeps,
  ScheduleError,
  type ScheduleView,
} from "./manage.ts";
export {
  type ButtonSigner,
  createScheduleNotices,
  SCHEDULE_BUTTON_KIND,
  type ScheduleNotices,
} from "./notices.ts";
export {
  activateSchedule,
  customerTimeZone,
  requestSchedule,
  runBudgetMicros,
  SCHEDULE_APPROVAL_KIND,
  SCHEDULE_EDIT_KIND,
  type ScheduleRequest,
} from "./request.ts";
export {
  type BudgetGate,
  LATE_AFTER_MS,
  type RunStart,
  startDueRuns,
  startRunNow,
  type TaskWriter,
} from "./scan.ts";
export {
  cadenceColumns,
  cadenceOf,
  type ScheduleRow,
  type ScheduleStatus,
  scheduleColumns,
} from "./schedule-row.ts";
export {
  billingGate,
  createScheduler,
  type RunningScheduler,
  SCHEDULE_SCAN_JOB,
  type Scheduler,
  type SchedulerDeps,
  startScheduler,
} from "./scheduler.ts";
export {
  DEFAULT_TIME_ZONE,
  formatInZone,
  guessTimeZone,
  isTimeZone,
  normalizeTimeZone,
} from "./time-zones.ts";
