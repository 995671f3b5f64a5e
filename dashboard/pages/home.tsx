import { Layout, type PageCtx } from "./layout.tsx";

/** Where someone with several roles (or none yet) chooses what to look at. */
export function HomePage({ ctx }: { ctx: PageCtx }) {
  const p = ctx.principal;
  const empty = p.customers.length === 0 && p.resellers.length === 0 && !p.isAdmin;
  return (
    <Layout title="Dashboard" ctx={ctx} here="/">
      <h1>Hello{p.displayName ? `, ${p.displayName}` : ""}</h1>
      {empty ? (
        <p>
          You are signed in but not part of a business yet. Scan your business's QR code
          {ctx.simulator ? (
            <>
              {" "}
              (in the <a href="/simulator">Telegram simulator</a>: this is the no-keys demo)
            </>
          ) : null}
          , or <a href="/onboard">sign a business up</a>.
        </p>
      ) : (
        <ul>
          {p.customers.map((c) => (
            <li>
              <a href={`/c/${c.id}`}>{c.name}</a> <span class="muted">({c.role})</span>
            </li>
          ))}
          {p.resellers.map((r) => (
            <li>
              <a href={`/r/${r.id}`}>{r.name}</a> <span class="muted">(reseller {r.role})</span>
            </li>
          ))}
          {p.isAdmin ? (
            <li>
              <a href="/admin">Platform admin</a>
            </li>
          ) : null}
        </ul>
      )}
      {ctx.simulator && !empty ? (
        <p class="muted">
          No-keys demo: talk to King Mouse as any demo persona in the{" "}
          <a href="/simulator">Telegram simulator</a>.
        </p>
      ) : null}
    </Layout>
  );
}

/**
 * Where Stripe Checkout returns someone who is not signed in to the dashboard
 * (they paid from a link in Telegram): what happened and where to look next.
 */
export function CheckoutReturnPage({ outcome }: { outcome: "done" | "cancelled" | "none" }) {
  const title =
    outcome === "done"
      ? "Thank you: your payment went through"
      : outcome === "cancelled"
        ? "Checkout cancelled: nothing was charged"
        : "Billing";
  return (
    <Layout title={title}>
      <div class="error-page" data-checkout={outcome}>
        <h1>{title}</h1>
        {outcome === "done" ? (
          <p>
            Your new plan starts as soon as Stripe confirms it, usually within seconds. King Mouse
            tells you in Telegram when it is active.
          </p>
        ) : (
          <p>Your plan stays as it was. You can pick a plan again at any time with /billing.</p>
        )}
        <p>
          To see your plan, usage and invoices, send /dashboard to the Mouse bot in Telegram and
          open the sign-in link it sends, then choose Billing.
        </p>
      </div>
    </Layout>
  );
}

/** Someone in several businesses returning from Checkout: which one's billing to open. */
export function BillingChooserPage({ ctx, query }: { ctx: PageCtx; query: string }) {
  return (
    <Layout title="Billing" ctx={ctx} here="/">
      <h1>Billing</h1>
      {ctx.principal.customers.length === 0 ? (
        <p>You are not part of a business with a plan to manage.</p>
      ) : (
        <ul>
          {ctx.principal.customers.map((c) => (
            <li>
              <a href={`/c/${c.id}/billing${query}`}>{c.name}</a>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
