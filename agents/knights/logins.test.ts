/**
 * Issue 25's heart: a knight signs in to the sandbox's login page with the
 * vault's username, password and a live TOTP code, and the planted password
 * and seed appear in no model request, no log line, no job payload, no
 * database row outside the sealed vault, no audit detail and no message to
 * Telegram. A knight whose role the login does not allow types nothing.
 * A one-time code the site "sends by SMS" is relayed the way the bot
 * relays the customer's reply (`relayCode`) and typed unseen the same way.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideApproval } from "../../approvals/index.ts";
import { createLogger } from "../../observability/index.ts";
import { createScriptedBrain } from "../../sandbox/models/index.ts";
import { createKeyring, createSecretStore } from "../../secrets/index.ts";
import { findEverywhere } from "../../secrets/test-support.ts";
import { queueTargets } from "../../testing/index.ts";
import { createLoginTyper, createVault } from "../../vault/index.ts";
import { createKnightExecutors } from "./executor.ts";
import { hiddenScreenPng } from "./hidden-screen.ts";
import { hostFromTitle } from "./logins.ts";
import { type RunningKnights, startKnights } from "./start.ts";
import { type Harness, startHarness } from "./test-harness.ts";

const tag = randomBytes(6).toString("hex");
const PASSWORD = `Planted-Pw-${tag}!`;
const USERNAME = `rosa.${tag}@bakery.example`;
// 20 random bytes in base32: a seed like the ones sites hand out.
const SEED = Buffer.from(randomBytes(20))
  .toString("base64")
  .replace(/[^A-Z2-7]/g, "")
  .padEnd(32, "A")
  .slice(0, 32);
const LABEL = "Wix — rosas.bakery";
const SITE = {
  url: "https://www.wix.com/login",
  username: USERNAME,
  password: PASSWORD,
  totpSeed: SEED,
};

// A site that sends a one-time code by SMS: the test plays the customer's phone.
const CODE = `7${tag.slice(0, 7).toUpperCase()}`;
const SUPPLIER = "Supplier portal — rosas.bakery";
const SMS_SITE = {
  url: "https://portal.supplier.example/login",
  username: USERNAME,
  password: PASSWORD,
  smsCode: CODE,
};

const secretStep = (field: string) => ({
  toolCalls: [{ name: "type_secret", input: { login: LABEL, field } }],
});
const brain = createScriptedBrain({
  scenarios: [
    {
      name: "wix login",
      match: "[scenario:wix-login]",
      steps: [
        { computer: [{ action: "screenshot" }] },
        { computer: [{ action: "key", text: "ctrl+l" }] },
        { computer: [{ action: "type", text: "www.wix.com/login" }] },
        { computer: [{ action: "key", text: "Return" }] },
        secretStep("username"),
        { computer: [{ action: "key", text: "Tab" }] },
        secretStep("password"),
        { computer: [{ action: "key", text: "Tab" }] },
        secretStep("totp"),
        { computer: [{ action: "key", text: "Return" }] },
        { text: "Signed in to Wix." },
      ],
    },
    {
      name: "consent",
      match: "[scenario:consent]",
      steps: [
        { computer: [{ action: "key", text: "ctrl+l" }] },
        { computer: [{ action: "type", text: "www.wix.com/login" }] },
        { computer: [{ action: "key", text: "Return" }] },
        secretStep("username"),
        // The task paused for the customer's tap; after it, the knight tries again.
        secretStep("username"),
        { computer: [{ action: "key", text: "Tab" }] },
        secretStep("password"),
        { computer: [{ action: "key", text: "Tab" }] },
        secretStep("totp"),
        { computer: [{ action: "key", text: "Return" }] },
        { text: "Signed in to Wix after your approval." },
      ],
    },
    {
      name: "sms code",
      match: "[scenario:sms-code]",
      steps: [
        { computer: [{ action: "key", text: "ctrl+l" }] },
        { computer: [{ action: "type", text: "portal.supplier.example/login" }] },
        { computer: [{ action: "key", text: "Return" }] },
        { toolCalls: [{ name: "type_secret", input: { login: SUPPLIER, field: "username" } }] },
        { computer: [{ action: "key", text: "Tab" }] },
        { toolCalls: [{ name: "type_secret", input: { login: SUPPLIER, field: "password" } }] },
        { computer: [{ action: "key", text: "Tab" }] },
        {
          toolCalls: [
            {
              name: "request_help",
              input: {
                reason: "one_time_code",
                message: "The supplier portal sent a code by SMS to your phone.",
              },
            },
          ],
        },
        {
          toolCalls: [
            { name: "type_secret", input: { login: "one-time code", field: "one_time_code" } },
          ],
        },
        { computer: [{ action: "key", text: "Return" }] },
        { text: "Signed in to the supplier portal." },
      ],
    },
    {
      name: "visible field",
      match: "[scenario:visible]",
      steps: [
        { computer: [{ action: "key", text: "ctrl+l" }] },
        { computer: [{ action: "type", text: "www.wix.com/login" }] },
        { computer: [{ action: "key", text: "Return" }] },
        // The username field echoes what is typed: the model says so.
        {
          toolCalls: [
            { name: "type_secret", input: { login: LABEL, field: "username", visible: true } },
          ],
        },
        { computer: [{ action: "key", text: "Tab" }] },
        { text: "Typed the username." },
      ],
    },
    {
      name: "wrong role",
      match: "[scenario:wrong-role]",
      steps: [
        { computer: [{ action: "key", text: "ctrl+l" }] },
        { computer: [{ action: "type", text: "www.wix.com/login" }] },
        { computer: [{ action: "key", text: "Return" }] },
        secretStep("password"),
        { text: "I could not sign in." },
      ],
    },
  ],
});

/** The plaintext and the encodings a careless leak would most likely take. */
const encodings = (value: string) => {
  const bytes = Buffer.from(value, "utf8");
  return [
    value,
    bytes.toString("base64").replace(/=+$/, ""),
    bytes.toString("base64url"),
    bytes.toString("hex"),
  ];
};
const NEEDLES = [
  ...encodings(PASSWORD),
  ...encodings(SEED),
  ...encodings(USERNAME),
  ...encodings(CODE),
];
const leaks = (haystack: string) => NEEDLES.filter((n) => haystack.includes(n));

/** Every value of every key in Redis: job data, return values, logs, events. */
async function dumpRedis(url: string): Promise<string> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const parts: string[] = [];
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "COUNT", 1000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === "string") parts.push((await redis.get(key)) ?? "");
        else if (type === "hash") parts.push(JSON.stringify(await redis.hgetall(key)));
        else if (type === "list") parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
        else if (type === "set") parts.push(JSON.stringify(await redis.smembers(key)));
        else if (type === "zset") parts.push(JSON.stringify(await redis.zrange(key, "0", "-1")));
        else if (type === "stream") parts.push(JSON.stringify(await redis.xrange(key, "-", "+")));
      }
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return parts.join("\n");
}

describe("reading the page's host from a window title", () => {
  it("takes a bare host segment, never a file name", () => {
    expect(hostFromTitle("Sign in - www.wix.com - Browser")).toBe("www.wix.com");
    expect(hostFromTitle("notes.txt - Editor")).toBeUndefined();
    expect(hostFromTitle("Wix: Log in - Chromium")).toBeUndefined();
  });
});

describe.each(queueTargets())(
  "a knight signs in without seeing the login, $name",
  ({ queue, database }) => {
    let h: Harness;
    let knights: RunningKnights;
    const lines: string[] = [];
    let owner: { customerId: string; userId: string; chatId: number };
    let vault: ReturnType<typeof createVault>;
    beforeAll(async () => {
      h = await startHarness({ queue, database, brain, sites: [SITE, SMS_SITE] });
      const logger = createLogger(
        { level: "debug", name: "vault-e2e" },
        { write: (line: string) => void lines.push(line) },
      );
      const secrets = createSecretStore({
        data: h.data,
        keyring: createKeyring({ current: `vault-e2e-app-secret-${tag}-0123456789` }),
        logger,
      });
      vault = createVault({ data: h.data, secrets });
      knights = await startKnights({
        ...h.deps(),
        logger,
        vault: createLoginTyper({ data: h.data, secrets }),
      });
      owner = await h.customer();
      await vault.add({ userId: owner.userId }, owner.customerId, {
        label: LABEL,
        username: USERNAME,
        password: PASSWORD,
        totpSeed: SEED,
        allowedDomains: ["wix.com"],
        allowedRoles: ["web_developer"],
        // On a site the platform can check, this role needs no tap (consent is tested below).
        standingRoles: ["web_developer"],
      });
      await vault.add({ userId: owner.userId }, owner.customerId, {
        label: SUPPLIER,
        username: USERNAME,
        password: PASSWORD,
        allowedDomains: ["supplier.example"],
        allowedRoles: ["web_developer"],
        standingRoles: ["web_developer"],
      });
      // The researcher has a login of its own, so it is offered `type_secret` at all.
      await vault.add({ userId: owner.userId }, owner.customerId, {
        label: "Google — research",
        username: "research@bakery.example",
        password: "another-password",
        allowedDomains: ["google.com"],
        allowedRoles: ["researcher"],
      });
    });
    afterAll(async () => {
      await knights?.close();
      await h?.close();
    });

    it("signs in to the sandbox page with the vault's username, password and a valid code", async () => {
      const taskId = await h.deploy(owner, {
        role: "web_developer",
        task: "[scenario:wix-login] Sign in to the shop's Wix site",
      });
      const task = await h.waitFor(taskId, ["succeeded", "failed"]);
      expect(task.status).toBe("succeeded");

      const [vm] = await h.query<{ provider_id: string }>(
        "select provider_id from public.vms where employee_id = $1",
        [task.employee_id],
      );
      const page = h.orgo.inspect.screen(vm!.provider_id).page;
      expect(page).toMatchObject({ host: "www.wix.com", status: "signed_in", attempts: 1 });

      // The model saw the label, asked by label; the steps record the label and field only.
      const steps = await h.query<{ action: string; params: unknown }>(
        "select action, params from public.task_steps where task_id = $1 order by seq",
        [taskId],
      );
      expect(steps.filter((s) => s.action === "type_secret")).toHaveLength(3);
      const prompts = h.modelRequests.join("\n");
      expect(prompts).toContain(LABEL);
      expect(prompts).toContain("type_secret");

      // Each use listed for the customer, with task and time.
      const uses = await vault.uses({ userId: owner.userId }, owner.customerId);
      expect(uses.map((u) => [u.field, u.outcome, u.taskId])).toEqual([
        ["totp", "typed", taskId],
        ["password", "typed", taskId],
        ["username", "typed", taskId],
      ]);
    });

    it("signs in the same way through OpenAI's function call when Anthropic is overloaded", async () => {
      h.anthropic.faults.failNext("overloaded", 100);
      try {
        const taskId = await h.deploy(owner, {
          role: "web_developer",
          task: "[scenario:wix-login] Sign in to Wix again",
        });
        const task = await h.waitFor(taskId, ["succeeded", "failed"]);
        expect(task.status).toBe("succeeded");
        const [vm] = await h.query<{ provider_id: string }>(
          "select provider_id from public.vms where employee_id = $1",
          [task.employee_id],
        );
        expect(h.orgo.inspect.screen(vm!.provider_id).page?.status).toBe("signed_in");
        const steps = await h.query<{ provider: string }>(
          "select provider from public.task_steps where task_id = $1 and action = 'type_secret'",
          [taskId],
        );
        expect(steps.map((s) => s.provider)).toEqual(["openai", "openai", "openai"]);
      } finally {
        h.anthropic.faults.clear();
      }
    });

    it("asks the customer with one tap before a role's first use, and a denied use types nothing", async () => {
      const run = async (approve: boolean) => {
        const who = await h.customer();
        await vault.add({ userId: who.userId }, who.customerId, {
          label: LABEL,
          username: USERNAME,
          password: PASSWORD,
          totpSeed: SEED,
          allowedDomains: ["wix.com"],
          allowedRoles: ["web_developer"],
        });
        const taskId = await h.deploy(who, {
          role: "web_developer",
          task: "[scenario:consent] Sign in to Wix",
        });
        const paused = await h.waitFor(taskId, ["waiting_for_input"]);
        expect(paused.paused_reason).toBe("approval");
        const [asked] = await h.query<{ id: string; summary: string }>(
          "select id, summary from public.approvals where task_id = $1 and kind = 'vault_use'",
          [taskId],
        );
        expect(asked!.summary).toBe(
          `Web Developer wants to sign in to ${LABEL} as ro…@bakery.example`,
        );
        await expect
          .poll(() =>
            h.notifications.sent.filter((m) => m.chatId === who.chatId).map((m) => m.text),
          )
          .toContainEqual(expect.stringContaining("wants to sign in to Wix"));
        const decision = await decideApproval(h.data, {
          approvalId: asked!.id,
          userId: who.userId,
          approve,
        });
        expect(decision.outcome).toBe(approve ? "approved" : "denied");
        if (approve && decision.outcome === "approved") {
          const executors = createKnightExecutors({
            data: h.data,
            queues: h.queueKit(),
            logger: h.logger,
          });
          // Run twice, as a retried job would: the task is resumed once.
          await executors.vault_use!(decision.approval);
          await executors.vault_use!(decision.approval);
        } else await knights.answerTask(taskId, "carry on");
        const task = await h.waitFor(taskId, ["succeeded", "failed", "waiting_for_input"]);
        const [vm] = await h.query<{ provider_id: string }>(
          "select provider_id from public.vms where employee_id = $1",
          [task.employee_id],
        );
        return { task, screen: h.orgo.inspect.screen(vm!.provider_id), vmId: vm!.provider_id, who };
      };

      const approved = await run(true);
      expect(approved.task.status).toBe("succeeded");
      expect(approved.screen.page?.status).toBe("signed_in");

      const denied = await run(false);
      const typed = h.orgo.inspect
        .actions(denied.vmId)
        .filter((a) => a.type === "type")
        .map((a) => a.params.text);
      expect(typed).toEqual(["www.wix.com/login"]);
      expect(denied.screen.page?.filled).toEqual([false, false, false]);
      const uses = await vault.uses({ userId: denied.who.userId }, denied.who.customerId);
      expect(uses[0]).toMatchObject({
        outcome: "refused",
        reason: expect.stringContaining("said no"),
      });
    });

    it("types nothing for a knight whose role the login does not allow", async () => {
      const taskId = await h.deploy(owner, {
        role: "researcher",
        task: "[scenario:wrong-role] Look something up on Wix",
      });
      const task = await h.waitFor(taskId, ["succeeded", "failed"]);
      const [vm] = await h.query<{ provider_id: string }>(
        "select provider_id from public.vms where employee_id = $1",
        [task.employee_id],
      );
      const typed = h.orgo.inspect
        .actions(vm!.provider_id)
        .filter((a) => a.type === "type")
        .map((a) => a.params.text);
      expect(typed).toEqual(["www.wix.com/login"]);
      expect(h.orgo.inspect.screen(vm!.provider_id).page?.filled).toEqual([false, false, false]);
      // It asked for the Wix login by label; the vault refused and recorded why.
      const uses = await vault.uses({ userId: owner.userId }, owner.customerId);
      expect(uses[0]).toMatchObject({ taskId, outcome: "refused", field: "password" });
    });

    it("hides the screen while a secret is typed into a field that shows it", async () => {
      const taskId = await h.deploy(owner, {
        role: "web_developer",
        task: "[scenario:visible] Type the Wix username",
      });
      const task = await h.waitFor(taskId, ["succeeded", "failed"]);
      expect(task.status).toBe("succeeded");
      const frames = await h.query<{
        action: string;
        bytes: Buffer;
        width: number;
        height: number;
      }>(
        `select s.action, f.bytes, f.width, f.height from public.task_steps s
           join public.frames f on f.id = s.frame_id
          where s.task_id = $1 order by s.seq`,
        [taskId],
      );
      const typed = frames.find((f) => f.action === "type_secret")!;
      // The step's stored frame (also what the model and the live view got) is the placeholder…
      expect(Buffer.from(typed.bytes).equals(hiddenScreenPng(typed))).toBe(true);
      // …and the next step's frame is the screen again, with the live view's hiding lifted.
      const after = frames.at(-1)!;
      expect(after.action).toBe("key");
      expect(Buffer.from(after.bytes).equals(hiddenScreenPng(after))).toBe(false);
      const [vm] = await h.query<{ screen_hidden_until: Date | null }>(
        "select screen_hidden_until from public.vms where employee_id = $1",
        [task.employee_id],
      );
      expect(vm!.screen_hidden_until).toBeNull();
    });

    it("relays a one-time code sent by SMS from the customer's reply, typed unseen", async () => {
      const taskId = await h.deploy(owner, {
        role: "web_developer",
        task: "[scenario:sms-code] Sign in to the supplier portal",
      });
      const waiting = await h.waitFor(taskId, ["waiting_for_input", "failed", "succeeded"]);
      expect(waiting).toMatchObject({ status: "waiting_for_input", paused_reason: "help" });
      await expect
        .poll(() =>
          h.notifications.sent.filter((m) => m.chatId === owner.chatId).map((m) => m.text),
        )
        .toContainEqual(expect.stringContaining("needs a one-time code"));

      // What the bot does with the customer's reply (it then deletes the message).
      const reply = { customerId: owner.customerId, userId: owner.userId };
      expect(await knights.relayCode({ ...reply, text: "It hasn't come yet" })).toBe("no_code");
      expect(await knights.relayCode({ ...reply, text: `Here it is: ${CODE}` })).toBe("relayed");
      // One code for one request: nothing waits for another now.
      expect(await knights.relayCode({ ...reply, text: CODE })).toBe("not_waiting");

      const task = await h.waitFor(taskId, ["succeeded", "failed"]);
      expect(task.status).toBe("succeeded");
      const [vm] = await h.query<{ provider_id: string }>(
        "select provider_id from public.vms where employee_id = $1",
        [task.employee_id],
      );
      expect(h.orgo.inspect.screen(vm!.provider_id).page).toMatchObject({
        host: "portal.supplier.example",
        status: "signed_in",
        attempts: 1,
      });
      // The knight was told the code came, and typed it through type_secret.
      expect(h.modelRequests.join("\n")).toContain("sent the one-time code through the platform");
      const uses = await vault.uses({ userId: owner.userId }, owner.customerId);
      expect(uses[0]).toMatchObject({ taskId, field: "one_time_code", outcome: "typed" });
      // Used once: the sealed code is gone.
      expect(
        await h.query(
          "select 1 from public.secrets where customer_id = $1 and name like 'code_%'",
          [owner.customerId],
        ),
      ).toEqual([]);
    });

    it("leaves the password, the seed, the username and the relayed code in no model request, log, job, row or message", async () => {
      expect(h.modelRequests.length).toBeGreaterThan(10);
      expect(leaks(h.modelRequests.join("\n"))).toEqual([]);
      expect(lines.length).toBeGreaterThan(0);
      expect(leaks(lines.join(""))).toEqual([]);
      // Every table of every schema (BullMQ's own on the Postgres backend): only ciphertext.
      expect(await findEverywhere(h.db.pool, NEEDLES)).toEqual([]);
      if (queue === "redis") expect(leaks(await dumpRedis(process.env.REDIS_URL!))).toEqual([]);
      const telegram = JSON.stringify([h.notifications.sent, h.notifications.statuses]);
      expect(telegram).toContain("Signed in to Wix.");
      expect(leaks(telegram)).toEqual([]);
      // The only place the values went: Orgo's `type`, at the sign-in page.
      const typed = h.orgo.inspect
        .actions()
        .filter((a) => a.type === "type")
        .map((a) => a.params.text);
      expect(typed).toContain(PASSWORD);
      expect(typed).toContain(USERNAME);
      expect(typed).toContain(CODE);
    });
  },
);
