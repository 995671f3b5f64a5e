import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { publicBase, type RouteDeps, type SandboxEnv } from "../env.ts";
import { beginTransition } from "../lifecycle.ts";
import { schemaOf } from "../schemas.ts";
import { computerJson } from "../serialize.ts";
import { readJson } from "../validation.ts";

/** `/computers`: create, read, delete, power and auto-stop. Actions live in their own routes. */
export function createComputerRoutes(deps: RouteDeps) {
  const { store, guard, settings, now } = deps;

  const app = new Hono<SandboxEnv>()
    .post("/", guard("computers", "create"), async (c) => {
      const body = await readJson(c, schemaOf.createComputer);
      const computer = store.createComputer({
        workspaceId: body.workspace_id!,
        name: body.name,
        ram: body.ram,
        cpu: body.cpu,
        diskSizeGb: body.disk_size_gb,
        resolution: body.resolution,
        autoStopMinutes: body.auto_stop_minutes,
      });
      return c.json(computerJson(computer, publicBase(c, deps)), 201);
    })
    .get("/:id", guard("computers", "get"), (c) =>
      c.json(computerJson(store.getComputer(c.req.param("id")), publicBase(c, deps))),
    )
    .delete("/:id", guard("computers", "delete"), (c) => {
      store.deleteComputer(c.req.param("id"));
      return c.json({ success: true });
    })
    .get("/:id/auto-stop", guard("computers", "auto-stop"), (c) => {
      const computer = store.getComputer(c.req.param("id"));
      return c.json({ auto_stop_minutes: computer.autoStopMinutes });
    })
    .patch("/:id/auto-stop", guard("computers", "auto-stop"), async (c) => {
      const computer = store.getComputer(c.req.param("id"));
      const body = await readJson(c, schemaOf.autoStop);
      computer.autoStopMinutes = body.auto_stop_minutes;
      computer.lastActivityAt = now();
      return c.json({ success: true, auto_stop_minutes: computer.autoStopMinutes });
    });

  for (const operation of ["start", "stop", "restart"] as const) {
    app.post(`/:id/${operation}`, guard("computers", operation), (c) => {
      const computer = store.getComputer(c.req.param("id"));
      const status = beginTransition(computer, operation, now(), settings.transitionDelayMs);
      // Orgo rotates the VNC password whenever the desktop reboots.
      if (operation !== "stop") computer.vncPassword = randomBytes(6).toString("base64url");
      return c.json({ success: true, status });
    });
  }
  return app;
}
