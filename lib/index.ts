export { listen, type RunningServer } from "./http-server.ts";
