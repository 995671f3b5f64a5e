/**
 * GET /files/:id?exp=…&sig=… — the signed link a customer gets in Telegram
 * for a delivered file too big for a Telegram document. The signature must
 * hold and be unexpired, and the signed-in caller must be able to read the
 * file under RLS (their own customer's); anything else — another customer,
 * an anonymous visitor, a forged or expired link — is the same 404, so a
 * forwarded link reveals nothing. A file kept in Supabase Storage is a
 * redirect, after those checks, to a signed URL valid for a minute.
 */
import { Hono } from "hono";
import { uuidParam } from "../../api/data/errors.ts";
import type { AppEnv } from "../../api/env.ts";
// Not the index: it also exports the Orgo-facing delivery, which the edge bundle must not carry.
import { verifyDownloadLink } from "../../deliverables/links.ts";
import { readDeliverable } from "../../deliverables/queries.ts";
import type { DashboardDeps } from "../deps.ts";
import { deliverableResponse } from "./file-response.ts";

/** Routes mounted at /files (authenticated when a session is present, never redirected). */
export function createFileRoutes(deps: Pick<DashboardDeps, "data" | "appSecret" | "fileLinks">) {
  return new Hono<AppEnv>().get("/:id", async (c) => {
    const notFound = () => c.text("Not found", 404);
    const principal = c.get("principal");
    const id = c.req.param("id");
    if (!principal || !/^[0-9a-f-]{36}$/i.test(id)) return notFound();
    if (!verifyDownloadLink(deps.appSecret, id, c.req.query("exp"), c.req.query("sig")))
      return notFound();
    const file = await readDeliverable(deps.data, principal.userId, uuidParam(id));
    return (file && (await deliverableResponse(c, file, deps.fileLinks))) ?? notFound();
  });
}
