import { raw } from "hono/html";
import type { CustomerAccess } from "../../api/data/access.ts";
import type { Member, PendingInvite } from "../../api/data/customer.ts";
import { Badge, Csrf, Layout, type PageCtx, When } from "./layout.tsx";
import { CustomerTabs } from "./work.tsx";

const base = (customer: CustomerAccess) => `/c/${customer.id}`;

/** An invite's QR code and link, for team members and new customers alike. */
export function InviteBlock({
  svg,
  link,
  pngHref,
}: {
  svg: string;
  link: string;
  pngHref?: string;
}) {
  return (
    <div class="card">
      <div class="qr" data-qr>
        {raw(svg)}
      </div>
      <p class="link" data-deep-link>
        <a href={link}>{link}</a>
      </p>
      <p class="no-print">
        <button type="button" class="secondary" data-copy={link}>
          Copy link
        </button>{" "}
        {pngHref ? (
          <a class="button secondary" href={pngHref} download>
            Download PNG
          </a>
        ) : null}
      </p>
    </div>
  );
}

/** Members and roles; managers invite new ones and change roles. */
export function TeamPage({
  ctx,
  customer,
  members,
  invites,
  created,
}: {
  ctx: PageCtx;
  customer: CustomerAccess;
  members: Member[];
  invites: PendingInvite[];
  created?: { svg: string; link: string; role: string };
}) {
  const roles = ["owner", "admin", "member", "viewer"];
  return (
    <Layout title="Team" ctx={ctx} here={base(customer)}>
      <h1>Team · {customer.name}</h1>
      <CustomerTabs customer={customer} current="team" />
      {created ? (
        <>
          <p class="notice">
            Send this link (or show the code) to your new {created.role}. It works once.
          </p>
          <InviteBlock svg={created.svg} link={created.link} />
        </>
      ) : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Member</th>
              <th>Role</th>
              <th>Since</th>
              {customer.canManage ? <th></th> : null}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr data-member={m.membership_id}>
                <td>
                  {m.display_name ?? "—"}{" "}
                  {m.telegram_username ? <span class="muted">@{m.telegram_username}</span> : null}
                </td>
                <td>
                  <Badge value={m.role} />
                </td>
                <td>
                  <When at={m.created_at} />
                </td>
                {customer.canManage ? (
                  <td>
                    {m.user_id === ctx.principal.userId ? (
                      <span class="muted">you</span>
                    ) : (
                      <>
                        <form
                          method="post"
                          action={`${base(customer)}/team/${m.membership_id}/role`}
                          class="inline"
                        >
                          <Csrf value={ctx.csrf} />
                          <select name="role" aria-label="Role">
                            {roles.map((r) => (
                              <option value={r} selected={r === m.role}>
                                {r}
                              </option>
                            ))}
                          </select>{" "}
                          <button type="submit" class="secondary">
                            Change
                          </button>
                        </form>{" "}
                        <form
                          method="post"
                          action={`${base(customer)}/team/${m.membership_id}/remove`}
                          class="inline"
                          data-confirm="Remove this member?"
                        >
                          <Csrf value={ctx.csrf} />
                          <button type="submit" class="danger">
                            Remove
                          </button>
                        </form>
                      </>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {customer.canManage ? (
        <>
          <h2>Invite someone</h2>
          <form method="post" action={`${base(customer)}/team/invites`}>
            <Csrf value={ctx.csrf} />
            <label for="role">Role</label>
            <select id="role" name="role">
              <option value="member">member: can ask for work and approve it</option>
              <option value="viewer">viewer: can watch only</option>
              <option value="admin">admin: manages the team and billing</option>
            </select>{" "}
            <button type="submit">Create invite</button>
          </form>
          {invites.length > 0 ? (
            <p class="muted">
              {invites.length} invite{invites.length === 1 ? "" : "s"} not used yet.
            </p>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}
