/**
 * A reseller's pages under /r/:resellerId: customers, revenue share, new
 * customers with their onboarding QR code (SVG, PNG, printable card), and API
 * keys. Another reseller's id, or a customer of another reseller, is a 404;
 * staff who are not the reseller's owners or admins get a 403 on changes.
 */
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { resellerAccess } from "../../api/data/access.ts";
import { uuidParam } from "../../api/data/errors.ts";
import {
  customerInvite,
  newResellerCustomer,
  renewCustomerInvite,
  resellerCustomers,
} from "../../api/data/reseller.ts";
import type { AppEnv } from "../../api/env.ts";
import { ApiKeyDeniedError, createApiKey, listApiKeys, revokeApiKey } from "../../auth/index.ts";
import { text } from "../../lib/text.ts";
import type { CtxOf, DashboardDeps } from "../deps.ts";
import { principalOf } from "../middleware.tsx";
import { ApiKeysPage, InviteCard, InvitePage, ResellerPage } from "../pages/reseller.tsx";
import { inviteLink, qrPng, qrSvg } from "../qr.ts";

const NAME = text().trim().min(1).max(200);

/** Routes mounted at /r (behind the page guard). */
export function createResellerPages(deps: DashboardDeps, ctxOf: CtxOf) {
  const { data } = deps;
  const app = new Hono<AppEnv>();
  const access = (c: Context<AppEnv>) =>
    resellerAccess(data, principalOf(c).userId, uuidParam(c.req.param("resellerId")));
  const invite = async (c: Context<AppEnv>) => {
    const reseller = await access(c);
    const view = await customerInvite(
      data,
      principalOf(c).userId,
      reseller,
      uuidParam(c.req.param("customerId")),
    );
    const link = view.token ? inviteLink(deps, view.token) : undefined;
    return { reseller, view, link };
  };
  const keysDenied = (error: unknown) => {
    if (error instanceof ApiKeyDeniedError)
      throw new HTTPException(403, { message: error.message });
    throw error;
  };

  app.get("/:resellerId", async (c) => {
    const reseller = await access(c);
    const { customers, earnings } = await resellerCustomers(data, principalOf(c).userId, reseller);
    return c.html(
      <ResellerPage ctx={ctxOf(c)} reseller={reseller} customers={customers} earnings={earnings} />,
    );
  });

  app.post("/:resellerId/customers", async (c) => {
    const reseller = await access(c);
    const name = NAME.safeParse((await c.req.parseBody()).name);
    if (!name.success)
      throw new HTTPException(400, { message: "Give the business a name (up to 200 characters)" });
    const created = await newResellerCustomer(data, principalOf(c).userId, reseller, name.data);
    return c.redirect(`/r/${reseller.id}/customers/${created.customerId}/invite`, 303);
  });

  app.get("/:resellerId/customers/:customerId/invite", async (c) => {
    const { reseller, view, link } = await invite(c);
    return c.html(
      <InvitePage
        ctx={ctxOf(c)}
        reseller={reseller}
        customerId={view.customerId}
        customerName={view.customerName}
        invite={
          link && view.expiresAt
            ? { svg: await qrSvg(link), link, expiresAt: view.expiresAt, redeemed: view.redeemed }
            : null
        }
      />,
    );
  });

  app.get("/:resellerId/customers/:customerId/invite.png", async (c) => {
    const { view, link } = await invite(c);
    if (!link || view.redeemed) throw new HTTPException(404, { message: "No valid code" });
    const png = await qrPng(link);
    const file = view.customerName.replace(/[^A-Za-z0-9]+/g, "-").slice(0, 60) || "invite";
    return c.body(new Uint8Array(png), 200, {
      "content-type": "image/png",
      "content-disposition": `attachment; filename="mouse-${file}.png"`,
      "cache-control": "private, no-store",
    });
  });

  app.get("/:resellerId/customers/:customerId/invite/card", async (c) => {
    const { view, link } = await invite(c);
    if (!link || view.redeemed) throw new HTTPException(404, { message: "No valid code" });
    return c.html(
      <InviteCard customerName={view.customerName} svg={await qrSvg(link)} link={link} />,
    );
  });

  app.post("/:resellerId/customers/:customerId/invites", async (c) => {
    const reseller = await access(c);
    const customerId = uuidParam(c.req.param("customerId"));
    await renewCustomerInvite(data, principalOf(c).userId, reseller, customerId);
    return c.redirect(`/r/${reseller.id}/customers/${customerId}/invite`, 303);
  });

  app.get("/:resellerId/api-keys", async (c) => {
    const reseller = await access(c);
    if (!reseller.canManage)
      throw new HTTPException(403, { message: "Only owners and admins manage API keys" });
    const keys = await listApiKeys(data, principalOf(c).userId, reseller.id);
    return c.html(<ApiKeysPage ctx={ctxOf(c)} reseller={reseller} keys={keys} />);
  });

  app.post("/:resellerId/api-keys", async (c) => {
    const reseller = await access(c);
    const body = await c.req.parseBody();
    const input = z
      .object({ name: text().trim().min(1).max(100), scope: z.enum(["read", "write"]) })
      .safeParse(body);
    if (!input.success)
      throw new HTTPException(400, { message: "Give the key a name and an access level" });
    const userId = principalOf(c).userId;
    const created = await createApiKey(
      data,
      { userId },
      { resellerId: reseller.id, ...input.data },
    ).catch(keysDenied);
    const keys = await listApiKeys(data, userId, reseller.id);
    return c.html(
      <ApiKeysPage ctx={ctxOf(c)} reseller={reseller} keys={keys} created={created.key} />,
    );
  });

  app.post("/:resellerId/api-keys/:keyId/revoke", async (c) => {
    const reseller = await access(c);
    const revoked = await revokeApiKey(
      data,
      { userId: principalOf(c).userId },
      { resellerId: reseller.id, keyId: uuidParam(c.req.param("keyId")) },
    ).catch(keysDenied);
    if (!revoked) throw new HTTPException(404, { message: "No such key" });
    return c.redirect(`/r/${reseller.id}/api-keys`, 303);
  });

  app.all("*", () => {
    throw new HTTPException(404, { message: "No such page" });
  });
  return app;
}
