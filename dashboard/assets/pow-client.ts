/**
 * The sign-up form's proof of work, in the browser: the ALTCHA v2 "SHA-256"
 * challenge the server put in `data-challenge` (accounts/signup-guard.ts).
 * It tries counters until SHA-256 iterated `cost` times over salt, nonce and
 * the counter (4 bytes, big-endian) starts with `keyPrefix`, the same
 * derivation as altcha-lib's `algorithms/sha`, with WebCrypto; then it puts
 * the solution in the hidden `altcha` field and lets the form go.
 */
export const POW_SCRIPT = `(() => {
  const form = document.querySelector("form[data-challenge]");
  if (!form) return;
  const field = form.querySelector("input[name=altcha]");
  const button = form.querySelector("button[type=submit]");
  const status = form.querySelector("[data-pow-status]");
  const hex = (s) => new Uint8Array(s.match(/../g).map((b) => parseInt(b, 16)));
  const toHex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  const challenge = JSON.parse(form.dataset.challenge);
  const p = challenge.parameters;
  const salt = hex(p.salt);
  const nonce = hex(p.nonce);
  const password = new Uint8Array(nonce.length + 4);
  password.set(nonce);
  const view = new DataView(password.buffer);
  const keyLength = p.keyLength || 32;
  async function derive(counter) {
    view.setUint32(nonce.length, counter, false);
    let data = new Uint8Array(salt.length + password.length);
    data.set(salt);
    data.set(password, salt.length);
    let key = data;
    for (let i = 0; i < Math.max(1, p.cost); i++) {
      key = new Uint8Array(await crypto.subtle.digest("SHA-256", i === 0 ? data : key));
    }
    return toHex(key.subarray(0, keyLength));
  }
  button.disabled = true;
  (async () => {
    const started = performance.now();
    for (let counter = 0; counter <= 0xffffffff; counter++) {
      const key = await derive(counter);
      if (key.startsWith(p.keyPrefix)) {
        const solution = { counter, derivedKey: key, time: Math.round(performance.now() - started) };
        field.value = btoa(JSON.stringify({ challenge, solution }));
        button.disabled = false;
        if (status) status.textContent = status.dataset.done || "";
        return;
      }
    }
  })();
})();
`;
