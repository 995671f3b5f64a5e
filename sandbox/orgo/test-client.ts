import {
  type OrgoSandbox,
  type OrgoSandboxOptions,
  type RunningOrgoSandbox,
  startOrgoSandbox,
} from "./index.ts";

/** A parsed response: status, JSON body and headers. */
export type Reply = {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response fields ad hoc
  body: any;
  headers: Headers;
};

/** A sandbox served on a free port, with a tiny fetch client the way an Orgo client would call it. */
export type ServedSandbox = OrgoSandbox & {
  server: RunningOrgoSandbox;
  base: string;
  call(
    method: string,
    path: string,
    body?: unknown,
    init?: { key?: string | null; signal?: AbortSignal },
  ): Promise<Reply>;
  /** A workspace and a running computer in it. */
  computer(
    name?: string,
    extra?: Record<string, unknown>,
  ): Promise<{ workspaceId: string; id: string }>;
};

/** Starts a sandbox for one test file; close `server` afterwards. */
export async function serveSandbox(options: OrgoSandboxOptions = {}): Promise<ServedSandbox> {
  const server = await startOrgoSandbox(options);
  const { sandbox, baseUrl: base } = server;
  const call: ServedSandbox["call"] = async (method, path, body, init = {}) => {
    const key = init.key === undefined ? "sk_sandbox" : init.key;
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (key !== null) headers.Authorization = `Bearer ${key}`;
    const response = await fetch(base + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(init.signal ? { signal: init.signal } : {}),
    });
    return { status: response.status, body: await response.json(), headers: response.headers };
  };
  const computer: ServedSandbox["computer"] = async (name = "agent-1", extra = {}) => {
    const workspace = await call("POST", "/workspaces", { name: `ws-${name}` });
    const created = await call("POST", "/computers", {
      workspace_id: workspace.body.id,
      name,
      ...extra,
    });
    if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
    return { workspaceId: workspace.body.id as string, id: created.body.id as string };
  };
  return Object.assign(sandbox, { server, base, call, computer });
}
