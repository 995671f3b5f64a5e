import type { Logger } from "../observability/index.ts";
import type { Principal } from "./principal.ts";

/** Variables every request carries through the Hono app. */
export type AppEnv = {
  Variables: {
    requestId: string;
    logger: Logger;
    /** Who is calling, once `authenticate` ran and recognised them. */
    principal?: Principal;
    /** Set by `secureHeaders` when the CSP uses a nonce. */
    secureHeadersNonce?: string;
  };
};
