/**
 * The catalogue pages under /c/:customerId/catalogue and an employee's notes.
 * They parse, call the owning domain functions — `requestHire` (roles/, the
 * same as King Mouse's and /hire's) and the knights' notes — and render; a
 * refused hire or note comes back as a 4xx with its reason.
 */
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { customerAccess } from "../../api/data/access.ts";
import { uuidParam } from "../../api/data/errors.ts";
import type { AppEnv } from "../../api/env.ts";
import { deleteNote, editNote, NoteError } from "../../memory/index.ts";
import { HireError, normalName, requestHire, visibleCatalogue } from "../../roles/index.ts";
import type { CtxOf, DashboardDeps } from "../deps.ts";
import { principalOf } from "../middleware.tsx";
import { CataloguePage, RolePage } from "../pages/catalogue.tsx";

const HIRE_STATUS: Record<HireError["code"], 403 | 404 | 422> = {
  not_on_plan: 403,
  unknown_role: 404,
  no_employee: 404,
  invalid: 422,
};

export function createCataloguePages(deps: DashboardDeps, ctxOf: CtxOf) {
  const { data } = deps;
  const app = new Hono<AppEnv>();
  const access = (c: Context<AppEnv>) =>
    customerAccess(data, principalOf(c).userId, uuidParam(c.req.param("customerId")));
  const catalogueOf = (userId: string, customerId: string) =>
    data.asUser({ sub: userId }, (tx) => visibleCatalogue(tx, customerId));

  app.get("/:customerId/catalogue", async (c) => {
    const customer = await access(c);
    const q = (c.req.query("q") ?? "").slice(0, 100);
    const wanted = normalName(q).split(" ").filter(Boolean);
    const roles = (await catalogueOf(principalOf(c).userId, customer.id)).filter((role) => {
      const text = normalName(`${role.name} ${role.pitch} ${role.pickWhen}`);
      return wanted.every((word) => text.includes(word));
    });
    return c.html(<CataloguePage ctx={ctxOf(c)} customer={customer} roles={roles} q={q} />);
  });

  app.get("/:customerId/catalogue/:key", async (c) => {
    const customer = await access(c);
    const role = (await catalogueOf(principalOf(c).userId, customer.id)).find(
      (r) => r.key === c.req.param("key"),
    );
    if (!role) throw new HTTPException(404, { message: "That role is not in your catalogue." });
    return c.html(<RolePage ctx={ctxOf(c)} customer={customer} role={role} />);
  });

  app.post("/:customerId/catalogue/:key/hire", async (c) => {
    const customer = await access(c);
    if (!customer.canWrite)
      throw new HTTPException(403, { message: "Your role in this account cannot hire." });
    const body = await c.req.parseBody();
    const task = typeof body.task === "string" ? body.task : "";
    const userId = principalOf(c).userId;
    try {
      await data.asUser({ sub: userId }, (tx) =>
        requestHire(tx, {
          customerId: customer.id,
          userId,
          role: c.req.param("key"),
          task,
          ...(body.another === "1" ? { another: true } : {}),
        }),
      );
    } catch (error) {
      if (error instanceof HireError)
        throw new HTTPException(HIRE_STATUS[error.code], { message: error.message });
      throw error;
    }
    return c.redirect(`/c/${customer.id}/approvals?done=requested`, 303);
  });

  const noteRefused = (error: unknown): never => {
    if (error instanceof NoteError)
      throw new HTTPException(error.code === "not_found" ? 404 : 422, { message: error.message });
    throw error;
  };

  app.post("/:customerId/employees/:employeeId/notes/:noteId", async (c) => {
    const customer = await access(c);
    const employeeId = uuidParam(c.req.param("employeeId"));
    if (!customer.canWrite)
      throw new HTTPException(403, { message: "Your role in this account cannot change notes." });
    const body = await c.req.parseBody();
    await editNote(
      data,
      principalOf(c).userId,
      uuidParam(c.req.param("noteId")),
      typeof body.body === "string" ? body.body : "",
    ).catch(noteRefused);
    return c.redirect(`/c/${customer.id}/employees/${employeeId}`, 303);
  });

  app.post("/:customerId/employees/:employeeId/notes/:noteId/delete", async (c) => {
    const customer = await access(c);
    const employeeId = uuidParam(c.req.param("employeeId"));
    if (!customer.canWrite)
      throw new HTTPException(403, { message: "Your role in this account cannot change notes." });
    await deleteNote(data, principalOf(c).userId, uuidParam(c.req.param("noteId"))).catch(
      noteRefused,
    );
    return c.redirect(`/c/${customer.id}/employees/${employeeId}`, 303);
  });

  return app;
}
