-- One definition of the spend gate's two figures, for every caller.
--
-- The monthly budget in force and the money already committed against it
-- were computed in three places with three formulas: the knights' step
-- reservation (SQL), billing's budget check (TypeScript, called by nothing
-- in production) and King Mouse's pre-call check (which ignored open step
-- reservations and the minutes of running VMs, so a chat could spend what a
-- knight had already reserved). These two functions are the definition; the
-- knights' reservation statement, billing's budget status and King Mouse's
-- check all call them.
--
-- Neither is SECURITY DEFINER: they read with the caller's rights (under a
-- customer's user, RLS limits them to that customer's own rows, which is all
-- they read). `budget_micros` is one SQL expression, which the planner
-- inlines; `committed_micros` has subqueries, which a SQL function would
-- have planned again in every call (as the policy helpers were, see
-- 20261206000100), so it is PL/pgSQL and keeps its plan per connection.

-- The budget in force: the customer's own, else its plan's default (kept
-- equal to billing/plans.ts by billing/budgets.test.ts).
create function private.budget_micros(plan text, own bigint)
returns bigint language sql immutable parallel safe as $$
  select coalesce(own, private.plan_default_budget_micros(plan))
$$;

-- Money committed in the calendar month (UTC) of `at` and not refundable:
-- recorded usage, open step reservations (but the one a step is re-taking,
-- when named) and every started minute of the customer's VMs running now,
-- which reach the ledger only when the VM stops.
create function private.committed_micros(
  customer uuid,
  vm_minute_micros bigint,
  except_task uuid default null,
  except_seq integer default null,
  at timestamptz default now()
) returns bigint language plpgsql stable parallel safe as $$
begin
  return
    (select coalesce(sum(cost_micros), 0) from public.usage_events
      where customer_id = customer
        and occurred_at >= date_trunc('month', at at time zone 'utc') at time zone 'utc')
    + (select coalesce(sum(amount_micros), 0) from public.budget_reservations
        where customer_id = customer and settled_at is null
          and not (task_id is not distinct from except_task and seq is not distinct from except_seq))
    + (select coalesce(sum(ceil(extract(epoch from now() - started_at) / 60)), 0) * vm_minute_micros
         from public.vms
        where customer_id = customer and started_at is not null and stopped_at is null);
end
$$;

grant execute on function private.budget_micros(text, bigint) to authenticated, service_role;
grant execute on function private.committed_micros(uuid, bigint, uuid, integer, timestamptz) to authenticated, service_role;
