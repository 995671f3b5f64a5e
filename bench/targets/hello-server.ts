/**
 * The cold-start row's baseline: the smallest server on the same runtime
 * (Node with tsx, Hono, node-server) that answers `/readyz`. What `npm start`
 * takes beyond this is the product's own start-up.
 */
import { Hono } from "hono";
import { listen } from "../../lib/http-server.ts";

await listen(
  new Hono().get("/readyz", (c) => c.json({ ok: true })),
  {
    port: Number(process.env.PORT),
  },
);
