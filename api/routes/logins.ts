/**
 * The customer's stored logins as JSON under /api/customers/:customerId/logins.
 * Parse, call the vault's one function per operation, render: the vault
 * decides who may (owners and admins) and never returns a value, so nothing
 * here can echo one. Its errors become 4xx answers with their reason.
 */
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { text } from "../../lib/text.ts";
import {
  type Vault,
  VaultConflictError,
  VaultForbiddenError,
  VaultNotFoundError,
  VaultValidationError,
} from "../../vault/index.ts";
import type { AppEnv } from "../env.ts";
import { requirePrincipal } from "../middleware/authenticate.ts";
import { invalid, uuid } from "./validation.ts";

/** A vault error as the HTTP answer it deserves; anything else is rethrown. */
export function vaultHttpError(error: unknown): never {
  if (error instanceof VaultValidationError)
    throw new HTTPException(400, { message: `Invalid ${error.field}: ${error.message}` });
  if (error instanceof VaultForbiddenError)
    throw new HTTPException(403, { message: error.message });
  if (error instanceof VaultNotFoundError) throw new HTTPException(404, { message: error.message });
  if (error instanceof VaultConflictError) throw new HTTPException(409, { message: error.message });
  throw error;
}

const line = (max: number) => text().max(max);
const list = z.union([z.array(text().max(300)).max(20), text().max(2000)]);
const newLogin = z.object({
  label: line(200),
  username: line(300),
  password: line(1100),
  totpSeed: line(400).optional(),
  allowedDomains: list,
  allowedRoles: list,
  standingRoles: list.optional(),
  notes: text({ multiline: true }).max(2100).optional(),
});
const patch = newLogin.partial().extend({ totpSeed: line(400).nullable().optional() });
const params = z.object({ customerId: uuid });
const loginParams = params.extend({ loginId: uuid });

/** Routes mounted at /api/customers/:customerId/logins. */
export function createLoginsApi({ vault }: { vault: Vault }) {
  const actor = (c: { get: (k: "principal") => AppEnv["Variables"]["principal"] }) => ({
    userId: requirePrincipal(c.get("principal")).userId,
  });
  const run = <T>(fn: () => Promise<T>) => fn().catch(vaultHttpError);
  return new Hono<AppEnv>()
    .get("/", zValidator("param", params, invalid), async (c) => {
      const { customerId } = c.req.valid("param");
      return c.json({ data: await run(() => vault.list(actor(c), customerId)) });
    })
    .get("/uses", zValidator("param", params, invalid), async (c) => {
      const { customerId } = c.req.valid("param");
      return c.json({ data: await run(() => vault.uses(actor(c), customerId)) });
    })
    .post(
      "/",
      zValidator("param", params, invalid),
      zValidator("json", newLogin, invalid),
      async (c) => {
        const { customerId } = c.req.valid("param");
        const input = c.req.valid("json");
        return c.json(await run(() => vault.add(actor(c), customerId, input)), 201);
      },
    )
    .get("/:loginId", zValidator("param", loginParams, invalid), async (c) => {
      const { customerId, loginId } = c.req.valid("param");
      return c.json(await run(() => vault.get(actor(c), customerId, loginId)));
    })
    .patch(
      "/:loginId",
      zValidator("param", loginParams, invalid),
      zValidator("json", patch, invalid),
      async (c) => {
        const { customerId, loginId } = c.req.valid("param");
        const changes = c.req.valid("json");
        return c.json(await run(() => vault.edit(actor(c), customerId, loginId, changes)));
      },
    )
    .delete("/:loginId", zValidator("param", loginParams, invalid), async (c) => {
      const { customerId, loginId } = c.req.valid("param");
      const removed = await run(() => vault.remove(actor(c), customerId, loginId));
      if (!removed) throw new HTTPException(404, { message: "There is no such login" });
      return c.body(null, 204);
    });
}
