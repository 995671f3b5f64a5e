/**
 * Test helper: the exactly-once checks shared by the crash tests of the
 * knights and of approvals (a worker or a decider killed at any moment).
 */
import { expect } from "vitest";
import type { RunningOrgoSandbox } from "../../sandbox/orgo/index.ts";

export type ExactlyOnceChecks = {
  query: <T extends Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;
  orgo: RunningOrgoSandbox["sandbox"];
};

/**
 * What must hold once every task finished, however often workers died: each
 * task succeeded, one VM per employee, every action on the desktop once and
 * only as a recorded step, one charge per recorded model call.
 */
export async function expectExactlyOnce({ query, orgo }: ExactlyOnceChecks, taskIds: string[]) {
  const tasks = await query<{
    id: string;
    status: string;
    employee_id: string;
    cost_micros: string;
    request: string;
  }>(
    "select id, status, employee_id, cost_micros::text, request from public.tasks where id = any($1)",
    [taskIds],
  );
  expect(tasks.map((t) => t.status)).toEqual(taskIds.map(() => "succeeded"));

  // One VM per employee, never a second.
  const employees = new Set(tasks.map((t) => t.employee_id));
  const computers = orgo.inspect.computers();
  expect(computers).toHaveLength(employees.size);
  expect(new Set(computers.map((c) => c.name))).toEqual(
    new Set([...employees].map((e) => `mouse-${e}`)),
  );

  // Every action reached the desktop at most once, and only as a recorded step: a done
  // step's exactly once; a step cut off in flight (uncertain) at most once, never resent.
  const typed = orgo.inspect
    .actions()
    .filter((a) => a.type === "type")
    .map((a) => String(a.params.text));
  expect(typed.length).toBe(new Set(typed).size);
  const actionSteps = await query<{
    status: string;
    params: { actions?: { text?: string }[] };
    outcome: { uncertain?: boolean } | null;
  }>(
    "select status, params, outcome from public.task_steps where task_id = any($1) and params->>'kind' = 'action'",
    [taskIds],
  );
  const recorded = new Set(actionSteps.map((s) => s.params.actions?.[0]?.text));
  expect(typed.filter((t) => !recorded.has(t))).toEqual([]);
  for (const step of actionSteps) {
    const text = step.params.actions?.[0]?.text;
    const times = typed.filter((t) => t === text).length;
    if (step.status === "done") expect(times).toBe(1);
    else expect(step.outcome?.uncertain && times <= 1).toBe(true);
  }

  // One charge per recorded model call; nothing else billed for models.
  const steps = await query<{ task_id: string; seq: number }>(
    "select task_id, seq from public.task_steps where task_id = any($1) and action <> 'answer'",
    [taskIds],
  );
  const usage = await query<{ idempotency_key: string; task_id: string; cost_micros: string }>(
    "select idempotency_key, task_id, cost_micros::text from public.usage_events where kind = 'model_tokens' and task_id = any($1)",
    [taskIds],
  );
  expect(usage.map((u) => u.idempotency_key).sort()).toEqual(
    steps.map((s) => `knight:${s.task_id}:${s.seq}:model`).sort(),
  );
  for (const task of tasks) {
    const charged = usage
      .filter((u) => u.task_id === task.id)
      .reduce((n, u) => n + Number(u.cost_micros), 0);
    expect(charged).toBe(Number(task.cost_micros));
  }
  const pending = await query(
    "select 1 from public.task_steps where task_id = any($1) and status = 'pending'",
    [taskIds],
  );
  expect(pending).toHaveLength(0);
}
