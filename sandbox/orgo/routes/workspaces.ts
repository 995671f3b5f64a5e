import { Hono } from "hono";
import { publicBase, type RouteDeps, type SandboxEnv } from "../env.ts";
import { schemaOf } from "../schemas.ts";
import { computerJson, workspaceJson } from "../serialize.ts";
import { readJson } from "../validation.ts";

/**
 * `/workspaces`, or its deprecated alias `/projects` (whose list answers under
 * `projects`).
 */
export function createWorkspaceRoutes(deps: RouteDeps, listKey: "workspaces" | "projects") {
  const { store, guard } = deps;
  return new Hono<SandboxEnv>()
    .post("/", guard("workspaces"), async (c) => {
      const body = await readJson(c, schemaOf.workspace);
      return c.json(workspaceJson(store.createWorkspace(body.name)), 201);
    })
    .get("/", guard("workspaces"), (c) =>
      c.json({ [listKey]: store.listWorkspaces().map((w) => workspaceJson(w)) }),
    )
    .get("/:id", guard("workspaces"), (c) => {
      const workspace = store.getWorkspace(c.req.param("id"));
      const base = publicBase(c, deps);
      return c.json(
        workspaceJson(
          workspace,
          store.computersIn(workspace.id).map((pc) => computerJson(pc, base)),
        ),
      );
    })
    .delete("/:id", guard("workspaces"), (c) => {
      store.deleteWorkspace(c.req.param("id"));
      return c.json({ success: true });
    });
}
