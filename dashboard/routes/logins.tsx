/**
 * /c/:customerId/logins: owners and admins add, edit and delete the
 * customer's stored logins and see every use. Parse the form, call the
 * vault, render; a refused form comes back with the reason and its
 * non-secret fields (the secret ones are never echoed back).
 */
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { customerAccess } from "../../api/data/access.ts";
import { uuidParam } from "../../api/data/errors.ts";
import type { AppEnv } from "../../api/env.ts";
import { vaultHttpError } from "../../api/routes/logins.ts";
import type { Data } from "../../db/index.ts";
import {
  type Vault,
  VaultConflictError,
  VaultNotFoundError,
  VaultValidationError,
} from "../../vault/index.ts";
import type { CtxOf } from "../deps.ts";
import { principalOf } from "../middleware.tsx";
import { type LoginDraft, LoginsPage } from "../pages/logins.tsx";

const FLASH: Record<string, string> = {
  added: "Login saved. Its values are encrypted and will not be shown again.",
  saved: "Login updated.",
  deleted: "Login deleted.",
};

type Form = Record<string, string | File | (string | File)[]>;
const one = (form: Form, key: string) => {
  const value = form[key];
  return typeof value === "string" ? value : undefined;
};
const many = (form: Form, key: string) => {
  const value = form[key];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (v): v is string => typeof v === "string",
  );
};

/** Routes mounted at /c (before the customer pages, whose catch-all answers 404). */
export function createLoginPages({ vault, data }: { vault: Vault; data: Data }, ctxOf: CtxOf) {
  const app = new Hono<AppEnv>();
  const access = (c: Context<AppEnv>) =>
    customerAccess(data, principalOf(c).userId, uuidParam(c.req.param("customerId")));
  const actor = (c: Context<AppEnv>) => ({ userId: principalOf(c).userId });

  const render = async (
    c: Context<AppEnv>,
    status: 200 | 400 | 404 | 409,
    extra: { flash?: string; error?: string; draft?: LoginDraft } = {},
  ) => {
    const customer = await access(c);
    const [logins, uses] = await Promise.all([
      vault.list(actor(c), customer.id),
      vault.uses(actor(c), customer.id),
    ]).catch(vaultHttpError);
    return c.html(
      <LoginsPage
        ctx={ctxOf(c)}
        customer={customer}
        logins={logins}
        uses={uses}
        flash={extra.flash}
        error={extra.error}
        draft={extra.draft}
      />,
      status,
    );
  };
  /** A refused form: the reason and what may be shown again; anything else as HTTP. */
  const refused = (c: Context<AppEnv>, form: Form) => (error: unknown) => {
    if (error instanceof VaultValidationError || error instanceof VaultConflictError)
      return render(c, error instanceof VaultConflictError ? 409 : 400, {
        error: error.message,
        draft: {
          label: one(form, "label") ?? "",
          allowedDomains: one(form, "allowedDomains") ?? "",
          allowedRoles: many(form, "allowedRoles"),
          standingRoles: many(form, "standingRoles"),
          notes: one(form, "notes") ?? "",
        },
      });
    if (error instanceof VaultNotFoundError)
      throw new HTTPException(404, { message: error.message });
    return vaultHttpError(error);
  };

  app.get("/:customerId/logins", (c) =>
    render(c, 200, { flash: FLASH[c.req.query("done") ?? ""] }),
  );

  app.post("/:customerId/logins", async (c) => {
    const customer = await access(c);
    const form = await c.req.parseBody({ all: true });
    return vault
      .add(actor(c), customer.id, {
        label: one(form, "label") ?? "",
        username: one(form, "username") ?? "",
        password: one(form, "password") ?? "",
        totpSeed: one(form, "totpSeed"),
        allowedDomains: one(form, "allowedDomains") ?? "",
        allowedRoles: many(form, "allowedRoles"),
        standingRoles: many(form, "standingRoles"),
        notes: one(form, "notes"),
      })
      .then(() => c.redirect(`/c/${customer.id}/logins?done=added`, 303), refused(c, form));
  });

  app.post("/:customerId/logins/:loginId", async (c) => {
    const customer = await access(c);
    const form = await c.req.parseBody({ all: true });
    const loginId = uuidParam(c.req.param("loginId"));
    return vault
      .edit(actor(c), customer.id, loginId, {
        label: one(form, "label") ?? "",
        username: one(form, "username") ?? "",
        password: one(form, "password") ?? "",
        ...(one(form, "removeTotp")
          ? { totpSeed: null }
          : { totpSeed: one(form, "totpSeed") ?? "" }),
        allowedDomains: one(form, "allowedDomains") ?? "",
        allowedRoles: many(form, "allowedRoles"),
        standingRoles: many(form, "standingRoles"),
        notes: one(form, "notes") ?? "",
      })
      .then(() => c.redirect(`/c/${customer.id}/logins?done=saved`, 303), refused(c, form));
  });

  app.post("/:customerId/logins/:loginId/delete", async (c) => {
    const customer = await access(c);
    const removed = await vault
      .remove(actor(c), customer.id, uuidParam(c.req.param("loginId")))
      .catch(vaultHttpError);
    if (!removed) throw new HTTPException(404, { message: "There is no such login" });
    return c.redirect(`/c/${customer.id}/logins?done=deleted`, 303);
  });

  return app;
}
