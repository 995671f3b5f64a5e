/**
 * Test helper (not part of the public API): the knights' harness plus a real
 * outbox sending to the Telegram sandbox, with deliveries wired as in
 * production, so a file a knight delivers can be followed to the chat.
 */

import { Api } from "grammy";
import { type RunningKnights, startKnights } from "../agents/knights/index.ts";
import { type Harness, startHarness } from "../agents/knights/test-harness.ts";
import { createWebKit } from "../api/web-kit.ts";
import { createApprovals } from "../approvals/index.ts";
import { createOutboxNotifier, startOutboxWorker } from "../bot/index.ts";
import { createDashboardRoutes } from "../dashboard/index.ts";
import type { Brain, ComputerScenario } from "../sandbox/models/index.ts";
import { type RunningStorageSandbox, startStorageSandbox } from "../sandbox/storage/index.ts";
import { DEFAULT_BOT, startTelegramSandbox } from "../sandbox/telegram/index.ts";
import type { QueueBackend } from "../testing/index.ts";
import { createDeliverFile } from "./deliver.ts";
import {
  createPostgresDeliverableStore,
  type DeliverableStore,
  type StoredFileLinks,
} from "./store.ts";
import { createSupabaseDeliverableStorage } from "./supabase-store.ts";

export const FINDINGS_CSV =
  "supplier,price,lead_time\nAcme Paper,12.50,3 days\nBolt Print,11.90,5 days\n";

/** A researcher that writes /home/user/findings.csv with its own keystrokes and delivers it. */
export const RESEARCHER_SCENARIO: ComputerScenario = {
  name: "researcher",
  match: "[scenario:findings]",
  steps: [
    { computer: [{ action: "screenshot" }] },
    { computer: [{ action: "left_click", coordinate: [400, 300] }] },
    { computer: [{ action: "type", text: FINDINGS_CSV }] },
    { computer: [{ action: "key", text: "ctrl+shift+s" }] },
    { computer: [{ action: "type", text: "findings.csv" }] },
    { computer: [{ action: "key", text: "Return" }] },
    {
      toolCalls: [
        {
          name: "deliver_file",
          input: {
            path: "/home/user/findings.csv",
            title: "Supplier comparison",
            description: "Two paper suppliers with prices and lead times.",
          },
        },
      ],
    },
    { text: "Compared two suppliers; the table is in findings.csv." },
  ],
};

export const TEST_APP_SECRET = "test-app-secret-0123456789abcdef0123456789";
export const TEST_PUBLIC_URL = "http://dashboard.test";
/** The bucket the product makes (private) on its first delivery in Supabase mode. */
export const TEST_BUCKET = "mouse-deliverables";

/** Where delivered files are kept: Postgres (the embedded default) or Supabase Storage (the sandbox). */
export type StorageBackend = "postgres" | "supabase";

/**
 * The store for a backend. Supabase mode talks to a Storage sandbox through
 * supabase-js, on a project whose global upload limit (Pro) is above every plan's.
 */
export async function startDeliverableStorage(
  data: Harness["data"],
  backend: StorageBackend,
  options: { globalFileSizeLimit?: number } = {},
): Promise<{
  store: DeliverableStore;
  links?: StoredFileLinks;
  storage?: RunningStorageSandbox;
  close: () => Promise<void>;
}> {
  if (backend === "postgres")
    return { store: createPostgresDeliverableStore(data), close: async () => {} };
  const storage = await startStorageSandbox({
    globalFileSizeLimit: options.globalFileSizeLimit ?? 1024 * 1024 * 1024,
  });
  const { store, links } = createSupabaseDeliverableStorage({
    data,
    url: storage.url,
    serviceRoleKey: storage.serviceRoleKey,
    bucket: TEST_BUCKET,
  });
  return { store, links, storage, close: storage.close };
}

/** Knights, an outbox and a Telegram sandbox on one fresh database. */
export async function startDeliveryHarness(options: {
  queue: QueueBackend;
  database: "pglite" | "postgres";
  brain: Brain;
  /** Where delivered files are kept (default Postgres). */
  storage?: StorageBackend;
}) {
  const h: Harness = await startHarness(options);
  const tg = await startTelegramSandbox({ limits: false });
  const kit = h.queueKit();
  const files = await startDeliverableStorage(h.data, options.storage ?? "postgres");
  const { store } = files;
  const api = new Api(DEFAULT_BOT.token, { apiRoot: tg.apiRoot });
  const outbox = startOutboxWorker({
    queues: kit,
    api,
    data: h.data,
    logger: h.logger,
    documents: store,
  });
  const notifier = createOutboxNotifier(kit, h.data);
  const deliver = createDeliverFile({
    data: h.data,
    orgo: h.orgoClient(),
    store,
    appSecret: TEST_APP_SECRET,
    publicUrl: TEST_PUBLIC_URL,
  });
  const knights: RunningKnights = await startKnights({
    ...h.deps({}, kit),
    notifier,
    dashboardUrl: TEST_PUBLIC_URL,
    deliverables: { deliver, store },
  });
  const web = createWebKit({
    data: h.data,
    appSecret: TEST_APP_SECRET,
    publicUrl: TEST_PUBLIC_URL,
  });
  const dashboard = createDashboardRoutes({
    approvals: createApprovals({ data: h.data, logger: h.logger }),
    data: h.data,
    appSecret: TEST_APP_SECRET,
    publicUrl: TEST_PUBLIC_URL,
    kit: web,
    logger: h.logger,
    botUsername: DEFAULT_BOT.username,
    ...(files.links ? { fileLinks: files.links } : {}),
  });
  return {
    ...h,
    tg,
    store,
    /** The Storage sandbox, in Supabase mode. */
    storage: files.storage,
    knights,
    /** The dashboard app (serve it with `listen` for a browser). */
    dashboard,
    /**
     * GET on the dashboard (path and query of a link it handed out), signed
     * in as `userId` when given, anonymous otherwise.
     */
    async dashboardGet(path: string, userId?: string): Promise<Response> {
      const headers: Record<string, string> = {};
      if (userId)
        headers.cookie = `__Host-mouse_session=${(await web.sessions.issue(userId)).token}`;
      return dashboard.request(`http://localhost${path}`, { headers });
    },
    /** A customer whose owner has a Telegram chat the bot may write to. */
    async customerInChat(plan = "pro") {
      const chatId = 700_000 + Math.floor(Math.random() * 1e6);
      tg.sandbox.users.get(chatId, { first_name: "Owner" });
      return h.customer({ plan, chatId });
    },
    async close() {
      await knights.close();
      await outbox.close();
      await tg.close();
      await files.close();
      await h.close();
    },
  };
}
