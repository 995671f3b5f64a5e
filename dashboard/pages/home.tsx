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
