/**
 * The role catalogue a customer may hire from (the platform's roles and its
 * reseller's), with a text filter, each role's details and a "Hire" form
 * that asks for an approval like any spend.
 */

import type { CustomerAccess } from "../../api/data/access.ts";
import { type CatalogueRole, planAllows } from "../../roles/index.ts";
import { Csrf, Layout, Money, type PageCtx } from "./layout.tsx";
import { CustomerTabs } from "./work.tsx";

const base = (customer: CustomerAccess) => `/c/${customer.id}/catalogue`;
const planName = (tier: string) => (tier === "team" ? "Team" : tier === "pro" ? "Pro" : "Free");

/** The catalogue, filtered by `q` (words in the name, pitch or "pick when"). */
export function CataloguePage({
  ctx,
  customer,
  roles,
  q,
}: {
  ctx: PageCtx;
  customer: CustomerAccess;
  roles: CatalogueRole[];
  q: string;
}) {
  return (
    <Layout title="Hire an employee" ctx={ctx} here={`/c/${customer.id}`}>
      <h1>Hire an employee</h1>
      <CustomerTabs customer={customer} current="catalogue" />
      <form method="get" action={base(customer)} class="inline">
        <label>
          Filter <input type="search" name="q" value={q} placeholder="e.g. reviews, invoices" />
        </label>{" "}
        <button type="submit">Filter</button>
      </form>
      {roles.length === 0 ? (
        <p class="muted">No role matches “{q}”. Clear the filter to see them all.</p>
      ) : (
        <ul class="cards" data-catalogue>
          {roles.map((role) => (
            <li class="card" data-role={role.key}>
              <h2>
                <a href={`${base(customer)}/${role.key}`}>{role.name}</a>
              </h2>
              <p>{role.pitch}</p>
              <p class="muted">Good for: {role.pickWhen}</p>
              <p class="muted">
                Budget per task up to <Money micros={role.defaultBudgetMicros} />
                {role.priceMicros > 0 ? (
                  <>
                    {" "}
                    · role price <Money micros={role.priceMicros} /> per task
                  </>
                ) : null}
                {planAllows(customer.plan, role)
                  ? null
                  : ` · needs the ${planName(role.minPlan)} plan`}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** One role: what it does, what it costs, and the hire form for those who may. */
export function RolePage({
  ctx,
  customer,
  role,
}: {
  ctx: PageCtx;
  customer: CustomerAccess;
  role: CatalogueRole;
}) {
  const allowed = planAllows(customer.plan, role);
  return (
    <Layout title={role.name} ctx={ctx} here={`/c/${customer.id}`}>
      <h1>{role.name}</h1>
      <CustomerTabs customer={customer} current="catalogue" />
      <p>{role.pitch}</p>
      <dl>
        <dt>Good for</dt>
        <dd>{role.pickWhen}</dd>
        <dt>How it works</dt>
        <dd>{role.instructions}</dd>
        <dt>Budget per task</dt>
        <dd>
          up to <Money micros={role.defaultBudgetMicros} />, at most {role.defaultMaxSteps} steps
        </dd>
        {role.priceMicros > 0 ? (
          <>
            <dt>Role price</dt>
            <dd>
              <Money micros={role.priceMicros} /> per task, on top of usage
            </dd>
          </>
        ) : null}
        {role.scheduleSuggestion ? (
          <>
            <dt>Often run</dt>
            <dd>{role.scheduleSuggestion}</dd>
          </>
        ) : null}
        <dt>Published by</dt>
        <dd>
          {role.resellerId ? "your Mouse partner" : "Mouse"} · version {role.version}
        </dd>
      </dl>
      {!customer.canWrite ? (
        <p class="muted">Your role in this account can look but not hire.</p>
      ) : !allowed ? (
        <p class="notice">
          The {role.name} comes with the {planName(role.minPlan)} plan.{" "}
          <a href={`/c/${customer.id}/billing`}>Change plan</a>
        </p>
      ) : (
        <form method="post" action={`${base(customer)}/${role.key}/hire`} class="card">
          <Csrf value={ctx.csrf} />
          <label for="hire-task">What should the {role.name} do first?</label>
          <textarea id="hire-task" name="task" rows={3} maxlength={2000} required>
            {role.starterTasks[0] ?? ""}
          </textarea>
          <label>
            <input type="checkbox" name="another" value="1" /> A new employee, even if you have a{" "}
            {role.name} already
          </label>
          <button type="submit">Hire — ask for approval</button>
          <p class="muted">Nothing starts until the approval is approved.</p>
        </form>
      )}
    </Layout>
  );
}
