export { coalesce, type Pending } from "./coalesce.ts";
export { listen, type RunningServer } from "./http-server.ts";
