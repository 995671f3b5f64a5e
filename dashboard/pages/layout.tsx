import { raw } from "hono/html";
import type { Child, PropsWithChildren } from "hono/jsx";
import type { Principal } from "../../api/principal.ts";
import { formatMicros } from "../../billing/index.ts";

/** What every signed-in page knows: who is looking, and the form token. */
export type PageCtx = {
  principal: Principal;
  csrf: string;
  /** No-keys demo only: the navigation links to the Telegram simulator. */
  simulator?: boolean;
};

/** Hidden form field carrying the CSRF token. */
export const Csrf = ({ value }: { value: string }) => (
  <input type="hidden" name="_csrf" value={value} />
);

/** A status word as a coloured pill. */
export const Badge = ({ value }: { value: string }) => (
  <span class={`badge ${value}`}>{value}</span>
);

/** Micro-dollars as dollars. */
export const Money = ({ micros }: { micros: number }) => <>{formatMicros(micros)}</>;

/** A timestamp as UTC text a person can read. */
export const When = ({ at }: { at: Date | string | null | undefined }) =>
  at ? <time datetime={new Date(at).toISOString()}>{fmt(at)}</time> : <span class="muted">—</span>;

const fmt = (at: Date | string) => new Date(at).toISOString().slice(0, 16).replace("T", " ");

function Nav({
  principal,
  here,
  csrf,
  simulator,
}: {
  principal: Principal;
  here: string;
  csrf: string;
  simulator?: boolean;
}) {
  // The section holding the page is "true"; the page itself, when it is the link's own, "page".
  const current = (href: string) =>
    here === href ? "page" : here.startsWith(`${href}/`) ? "true" : undefined;
  const link = (href: string, label: string) => {
    const state = current(href);
    return (
      <a href={href} class={state ? "here" : ""} {...(state ? { "aria-current": state } : {})}>
        {label}
      </a>
    );
  };
  return (
    <nav aria-label="Main">
      {principal.customers.map((c) => link(`/c/${c.id}`, c.name))}
      {principal.resellers.map((r) => link(`/r/${r.id}`, `${r.name} (reseller)`))}
      {principal.isAdmin ? link("/admin", "Admin") : null}
      {simulator ? link("/simulator", "Telegram simulator") : null}
      <form method="post" action="/logout" class="inline">
        <Csrf value={csrf} />
        <button type="submit" class="secondary">
          Sign out
        </button>
      </form>
    </nav>
  );
}

/** The page shell: header with navigation, the stylesheet and the small page script. */
export function Layout({
  title,
  ctx,
  here = "",
  scripts = [],
  children,
}: PropsWithChildren<{ title: string; ctx?: PageCtx; here?: string; scripts?: string[] }>) {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="same-origin" />
          <title>{`${title} · Mouse`}</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href="/assets/app.css" />
        </head>
        <body>
          <header class="top">
            <a class="brand" href="/">
              🐭 Mouse
            </a>
            {ctx ? (
              <Nav
                principal={ctx.principal}
                here={here}
                csrf={ctx.csrf}
                {...(ctx.simulator ? { simulator: true } : {})}
              />
            ) : null}
          </header>
          <main>{children as Child}</main>
          <script src="/assets/page.js" defer></script>
          {scripts.map((src) => (
            <script src={src} defer></script>
          ))}
        </body>
      </html>
    </>
  );
}

const ERROR_TITLES: Record<number, string> = {
  400: "That request did not make sense",
  403: "You are not allowed to do that",
  404: "Page not found",
  409: "That could not be done right now",
  413: "That was too large",
  429: "Too many requests",
};

/**
 * A page saying what went wrong, in words, without internals, and always with
 * a way back: to the page before, and to the dashboard's start.
 */
export function ErrorPage({ status, message }: { status: number; message: string }) {
  const title =
    ERROR_TITLES[status] ?? (status >= 500 ? "Something went wrong" : "Request refused");
  return (
    <Layout title={title}>
      <div class="error-page" data-status={status}>
        <p class="code" aria-hidden="true">
          {status}
        </p>
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <a href="/" class="button">
            Go to your dashboard
          </a>
        </p>
        <p class="muted">
          Signed out? Send /dashboard to the Mouse bot in Telegram for a new sign-in link.
        </p>
      </div>
    </Layout>
  );
}
