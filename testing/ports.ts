import { once } from "node:events";
import { createServer } from "node:net";

/** A free TCP port on loopback (the OS picks it; it is released at once for a child to take). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}
