import { raw } from "hono/html";
import type { ResellerAccess } from "../../api/data/access.ts";
import type { ResellerCustomer } from "../../api/data/reseller.ts";
import type { ApiKeyRow } from "../../auth/index.ts";
import type { ResellerEarnings, ResellerMonth } from "../../billing/index.ts";
import { Badge, Csrf, Layout, Money, type PageCtx, When } from "./layout.tsx";
import { InviteBlock } from "./team.tsx";

const base = (reseller: ResellerAccess) => `/r/${reseller.id}`;

/** The reseller's customers with status and usage, its revenue share, and "new customer". */
export function ResellerPage({
  ctx,
  reseller,
  customers,
  earnings,
  history,
}: {
  ctx: PageCtx;
  reseller: ResellerAccess;
  customers: ResellerCustomer[];
  earnings: ResellerEarnings;
  history: ResellerMonth[];
}) {
  const b = base(reseller);
  return (
    <Layout title={reseller.name} ctx={ctx} here={b}>
      <h1>{reseller.name}</h1>
      <div class="cards">
        <div class="card">
          <div class="muted">Customers</div>
          <div class="stat">{customers.length}</div>
        </div>
        <div class="card">
          <div class="muted">Revenue share</div>
          <div class="stat" data-share>
            {(earnings.revenueShareBps / 100).toFixed(1)}%
          </div>
          <div class="muted">
            paid out {earnings.payout === "stripe_connect" ? "by Stripe Connect" : "manually"}
          </div>
        </div>
        <div class="card">
          <div class="muted">Earned in {monthName(earnings.period)}</div>
          <div class="stat" data-earned>
            <Money micros={earnings.earnedMicros} />
          </div>
          <div class="muted">
            of <Money micros={earnings.paidMicros} /> paid by customers
          </div>
        </div>
      </div>
      {reseller.canManage ? (
        <form method="post" action={`${b}/customers`} class="card no-print">
          <Csrf value={ctx.csrf} />
          <label for="name">New customer (business name)</label>
          <input id="name" name="name" required maxlength={200} placeholder="Rosa's Bakery" />{" "}
          <button type="submit">Create and get QR code</button>
        </form>
      ) : null}
      <h2>Customers</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Customer</th>
              <th>Status</th>
              <th>Plan</th>
              <th>Employees</th>
              <th>Usage</th>
              <th>Your share</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {customers.map((c) => (
              <tr data-customer={c.id}>
                <td>
                  <a href={`/c/${c.id}`}>{c.name}</a>
                </td>
                <td>
                  <Badge value={c.status} />{" "}
                  {c.awaitingOwner ? (
                    <span class="muted">waiting for the owner to scan the QR code</span>
                  ) : null}
                </td>
                <td>{c.plan}</td>
                <td>{c.employees}</td>
                <td>
                  <Money micros={c.usageMicros} />
                </td>
                <td>
                  <Money micros={c.earnedMicros} />
                </td>
                <td>
                  {reseller.canManage ? (
                    <a href={`${b}/customers/${c.id}/invite`}>QR code</a>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Earnings by month</h2>
      <div class="table-wrap">
        <table data-earnings-history>
          <caption class="muted">
            Your share of what your customers paid, fixed when each invoice was paid.
          </caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Paid by customers</th>
              <th scope="col">Invoices</th>
              <th scope="col">You earned</th>
            </tr>
          </thead>
          <tbody>
            {history.map((month) => (
              <tr data-month={month.period}>
                <td>{monthName(month.period)}</td>
                <td>
                  <Money micros={month.paidMicros} />
                </td>
                <td>{month.invoices}</td>
                <td>
                  <Money micros={month.earnedMicros} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {reseller.canManage ? (
        <p>
          <a href={`${b}/api-keys`}>API keys for your own tools</a>
        </p>
      ) : null}
    </Layout>
  );
}

/** A customer's onboarding QR code with download and print. */
export function InvitePage({
  ctx,
  reseller,
  customerId,
  customerName,
  invite,
}: {
  ctx: PageCtx;
  reseller: ResellerAccess;
  customerId: string;
  customerName: string;
  invite: { svg: string; link: string; expiresAt: Date; redeemed: boolean } | null;
}) {
  const b = `${base(reseller)}/customers/${customerId}`;
  return (
    <Layout title={`QR code · ${customerName}`} ctx={ctx} here={base(reseller)}>
      <h1 class="no-print">Onboarding · {customerName}</h1>
      {invite && !invite.redeemed ? (
        <>
          <p class="no-print">
            Scanning this code opens the bot and makes the scanner the owner of{" "}
            <strong>{customerName}</strong>. It works once, until <When at={invite.expiresAt} />.
          </p>
          <InviteBlock svg={invite.svg} link={invite.link} pngHref={`${b}/invite.png`} />
          <p class="no-print">
            <a class="button secondary" href={`${b}/invite/card`}>
              Printable card
            </a>
          </p>
        </>
      ) : (
        <p class="notice">
          {invite?.redeemed
            ? "The owner has already joined with the last code."
            : "There is no valid code."}
        </p>
      )}
      <form method="post" action={`${b}/invites`} class="no-print">
        <Csrf value={ctx.csrf} />
        <button type="submit" class="secondary">
          Make a new code
        </button>
      </form>
    </Layout>
  );
}

/** The invite as a card to print and hand over. */
export function InviteCard({
  customerName,
  svg,
  link,
}: {
  customerName: string;
  svg: string;
  link: string;
}) {
  return (
    <Layout title={`Card · ${customerName}`}>
      <div class="print-card">
        <h1>{customerName}</h1>
        <p>Scan to meet King Mouse, your AI team on Telegram.</p>
        <div class="qr" data-qr>
          {raw(svg)}
        </div>
        <p class="link">{link}</p>
        <p class="no-print">
          <button type="button" data-print>
            Print
          </button>
        </p>
      </div>
    </Layout>
  );
}

/** The reseller's API keys, and a new one shown once. */
export function ApiKeysPage({
  ctx,
  reseller,
  keys,
  created,
}: {
  ctx: PageCtx;
  reseller: ResellerAccess;
  keys: ApiKeyRow[];
  created?: string;
}) {
  const b = base(reseller);
  return (
    <Layout title="API keys" ctx={ctx} here={b}>
      <h1>API keys · {reseller.name}</h1>
      {created ? (
        <p class="notice">
          Your new key (shown only now): <code data-new-key>{created}</code>
        </p>
      ) : null}
      <form method="post" action={`${b}/api-keys`} class="card">
        <Csrf value={ctx.csrf} />
        <label for="key-name">Name</label>
        <input id="key-name" name="name" required maxlength={100} placeholder="CRM sync" />
        <label for="scope">Access</label>
        <select id="scope" name="scope">
          <option value="read">read only</option>
          <option value="write">read and create customers</option>
        </select>{" "}
        <button type="submit">Create key</button>
      </form>
      <ul>
        {keys.map((k) => (
          <li data-key={k.id}>
            <code>{k.prefix}…</code> {k.name} · {k.scope} · created <When at={k.created_at} />
            {k.revoked_at ? (
              <span class="muted"> · revoked</span>
            ) : (
              <form
                method="post"
                action={`${b}/api-keys/${k.id}/revoke`}
                class="inline"
                data-confirm="Revoke this key?"
              >
                <Csrf value={ctx.csrf} />{" "}
                <button type="submit" class="danger">
                  Revoke
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** "December 2026" for "2026-12". */
function monthName(period: string): string {
  const [year, month] = period.split("-").map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, 1)).toLocaleDateString("en-US", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}
