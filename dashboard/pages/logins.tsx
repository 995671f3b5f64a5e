/**
 * The customer's stored logins, for owners and admins: what each login is
 * for and who may use it, never its values (the forms' secret inputs start
 * empty; left empty on edit they keep what is stored), and every time a
 * knight used one.
 */

import { ROLES } from "../../agents/roles.ts";
import type { CustomerAccess } from "../../api/data/access.ts";
import type { LoginInfo, LoginUse } from "../../vault/index.ts";
import { Badge, Csrf, Layout, type PageCtx, When } from "./layout.tsx";
import { CustomerTabs } from "./work.tsx";

const base = (customer: CustomerAccess) => `/c/${customer.id}/logins`;

/** Values a form is re-shown with after a refusal (never the secret ones). */
export type LoginDraft = {
  label?: string;
  allowedDomains?: string;
  allowedRoles?: string[];
  standingRoles?: string[];
  notes?: string;
};

function RoleChoices({
  name,
  legend,
  chosen = [],
}: {
  name: "allowedRoles" | "standingRoles";
  legend: string;
  chosen?: readonly string[];
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {Object.values(ROLES).map((role) => (
        <label class="inline">
          <input type="checkbox" name={name} value={role.id} checked={chosen.includes(role.id)} />{" "}
          {role.name}
        </label>
      ))}
    </fieldset>
  );
}

function LoginFields({ draft = {}, editing }: { draft?: LoginDraft; editing: boolean }) {
  const keep = editing ? "leave empty to keep" : undefined;
  return (
    <>
      <label>
        Name <span class="muted">(what knights and you will see, e.g. "Wix — rosas.bakery")</span>
        <input name="label" required maxlength={80} value={draft.label ?? ""} />
      </label>
      <label>
        Username
        <input name="username" autocomplete="off" required={!editing} placeholder={keep} />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autocomplete="new-password"
          required={!editing}
          placeholder={keep}
        />
      </label>
      <label>
        Two-factor key <span class="muted">(optional: the base32 key or otpauth:// link)</span>
        <input name="totpSeed" type="password" autocomplete="off" placeholder={keep} />
      </label>
      <label>
        Sites it may be typed on <span class="muted">(domains, comma separated)</span>
        <input name="allowedDomains" required value={draft.allowedDomains ?? ""} />
      </label>
      <RoleChoices
        name="allowedRoles"
        legend="Employees who may use it"
        chosen={draft.allowedRoles ?? []}
      />
      <RoleChoices
        name="standingRoles"
        legend="Of those, employees who need not ask you first (only on sites the platform can check)"
        chosen={draft.standingRoles ?? []}
      />
      <label>
        Notes <span class="muted">(shown to owners and admins only, never to knights)</span>
        <textarea name="notes" maxlength={2000}>
          {draft.notes ?? ""}
        </textarea>
      </label>
    </>
  );
}

/** The logins page. */
export function LoginsPage({
  ctx,
  customer,
  logins,
  uses,
  flash,
  error,
  draft,
}: {
  ctx: PageCtx;
  customer: CustomerAccess;
  logins: LoginInfo[];
  uses: LoginUse[];
  flash?: string | undefined;
  error?: string | undefined;
  draft?: LoginDraft | undefined;
}) {
  const b = base(customer);
  return (
    <Layout title="Logins" ctx={ctx} here={`/c/${customer.id}`}>
      <h1>Logins · {customer.name}</h1>
      <CustomerTabs customer={customer} current="logins" />
      <p class="muted">
        Your employees type these for you without ever seeing them: their AI reads only the names
        below. Values are encrypted and never shown again, here or anywhere.
      </p>
      {flash ? <p class="notice">{flash}</p> : null}
      {error ? (
        <p class="notice error" role="alert" data-error>
          {error}
        </p>
      ) : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Login</th>
              <th>Account</th>
              <th>Sites</th>
              <th>Employees</th>
              <th>Two-factor</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {logins.length === 0 ? (
              <tr>
                <td colspan={6} class="muted">
                  No logins yet.
                </td>
              </tr>
            ) : null}
            {logins.map((login) => (
              <tr data-login={login.id}>
                <td>{login.label}</td>
                <td>
                  {login.accountHint} <span class="muted">password ••••••••</span>
                </td>
                <td>{login.allowedDomains.join(", ")}</td>
                <td>
                  {login.allowedRoles
                    .map((r) => ROLES[r as keyof typeof ROLES]?.name ?? r)
                    .join(", ")}
                </td>
                <td>{login.hasTotp ? "yes" : "no"}</td>
                <td>
                  <details>
                    <summary>Edit</summary>
                    <form method="post" action={`${b}/${login.id}`}>
                      <Csrf value={ctx.csrf} />
                      <LoginFields
                        editing
                        draft={{
                          label: login.label,
                          allowedDomains: login.allowedDomains.join(", "),
                          allowedRoles: login.allowedRoles,
                          standingRoles: login.standingRoles,
                          notes: login.notes,
                        }}
                      />
                      {login.hasTotp ? (
                        <label class="inline">
                          <input type="checkbox" name="removeTotp" value="1" /> Remove the
                          two-factor key
                        </label>
                      ) : null}
                      <button type="submit">Save</button>
                    </form>
                  </details>
                  <form
                    method="post"
                    action={`${b}/${login.id}/delete`}
                    class="inline"
                    data-confirm="Delete this login? Employees will no longer be able to use it."
                  >
                    <Csrf value={ctx.csrf} />
                    <button type="submit" class="danger">
                      Delete
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Add a login</h2>
      <form method="post" action={b} data-add-login>
        <Csrf value={ctx.csrf} />
        <LoginFields editing={false} draft={draft ?? {}} />
        <button type="submit">Save login</button>
      </form>
      <h2>When they were used</h2>
      <div class="table-wrap">
        <table data-uses>
          <thead>
            <tr>
              <th>When</th>
              <th>Login</th>
              <th>Field</th>
              <th>Task</th>
              <th>Outcome</th>
            </tr>
          </thead>
          <tbody>
            {uses.length === 0 ? (
              <tr>
                <td colspan={5} class="muted">
                  Not used yet.
                </td>
              </tr>
            ) : null}
            {uses.map((use) => (
              <tr>
                <td>
                  <When at={use.at} />
                </td>
                <td>{use.label}</td>
                <td>{use.field}</td>
                <td>
                  {use.taskId ? (
                    <a href={`/c/${customer.id}/tasks/${use.taskId}`}>
                      {use.employeeName ? `${use.employeeName}: ` : ""}
                      {(use.taskRequest ?? "").slice(0, 80)}
                    </a>
                  ) : (
                    "—"
                  )}
                </td>
                <td>
                  <Badge value={use.outcome} /> {use.reason ?? ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
