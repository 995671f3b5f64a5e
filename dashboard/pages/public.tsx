import { Layout } from "./layout.tsx";
import { InviteBlock } from "./team.tsx";

/** Where signed-out people land: how to get a login link. */
export function LoginPage({
  botUsername,
  reason,
  simulator,
}: {
  botUsername: string;
  reason?: string;
  /** No-keys demo: Telegram is the local sandbox, reached through the simulator, not t.me. */
  simulator?: boolean;
}) {
  if (simulator) {
    return (
      <Layout title="Sign in">
        <h1>Sign in</h1>
        {reason ? <p class="notice">{reason}</p> : null}
        <p>
          This is the no-keys demo: Telegram here is a local sandbox. Open the{" "}
          <a href="/simulator">Telegram simulator</a>, choose who you are (the demo business owner,
          the reseller, the platform admin or a new user) and send <code>/dashboard</code> to @
          {botUsername}: it answers with a sign-in link that works once, for ten minutes.
        </p>
        <p class="muted">
          The sign-in links printed when Mouse started work too. New here?{" "}
          <a href="/onboard">Sign a business up</a> and scan its code in the simulator.
        </p>
      </Layout>
    );
  }
  return (
    <Layout title="Sign in">
      <h1>Sign in</h1>
      {reason ? <p class="notice">{reason}</p> : null}
      <p>
        Send <code>/dashboard</code> to <a href={`https://t.me/${botUsername}`}>@{botUsername}</a>{" "}
        in Telegram: it answers with a sign-in link that works once, for ten minutes.
      </p>
      <p class="muted">
        New here? <a href="/onboard">Sign your business up</a>.
      </p>
    </Layout>
  );
}

/** The public sign-up form, or its result: the QR code and the link that opens the bot. */
export function OnboardPage({
  result,
  error,
  simulatorHref,
  challenge,
}: {
  result?: { name: string; svg: string; link: string; pngHref: string };
  error?: string;
  simulatorHref?: string;
  /** During a sign-up spike: the proof-of-work challenge (JSON) the page's script solves. */
  challenge?: string;
}) {
  return (
    <Layout title="Get started" scripts={challenge ? ["/assets/pow.js"] : []}>
      <h1>Put King Mouse to work for your business</h1>
      {result ? (
        <>
          <p>
            <strong>{result.name}</strong> is ready. Scan the code with your phone (or open the
            link) to start talking to King Mouse in Telegram. The code works once.
          </p>
          <InviteBlock svg={result.svg} link={result.link} pngHref={result.pngHref} />
          {simulatorHref ? (
            <p>
              This is the no-keys demo: the code opens the{" "}
              <a href={simulatorHref}>Telegram simulator</a> with your invitation.
            </p>
          ) : null}
        </>
      ) : (
        <form
          method="post"
          action="/onboard"
          class="card"
          {...(challenge ? { "data-challenge": challenge } : {})}
        >
          {error ? <p class="notice">{error}</p> : null}
          {challenge ? (
            <>
              <input type="hidden" name="altcha" value="" />
              <p data-pow-status data-done="Ready.">
                Many sign-ups are arriving right now, so your browser first does a short check (a
                few seconds) before the button turns on.
              </p>
            </>
          ) : null}
          <label for="name">Business name</label>
          <input id="name" name="name" required maxlength={200} placeholder="Rosa's Bakery" />
          <label for="contact">Contact (e-mail or phone)</label>
          <input
            id="contact"
            name="contact"
            required
            maxlength={200}
            placeholder="rosa@example.com"
          />
          <p>
            <button type="submit">Get my QR code</button>
          </p>
        </form>
      )}
    </Layout>
  );
}
