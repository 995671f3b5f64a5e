import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit } from "../audit/index.ts";
import { createData, type Database, migrate } from "../db/index.ts";
import { createLogger } from "../observability/index.ts";
import type { QueueKit } from "../queue/index.ts";
import { createTestDatabase, createTestQueues, databaseBackends } from "../testing/index.ts";
import {
  createKeyring,
  createSecretStore,
  SecretAccessDeniedError,
  SecretDecryptError,
  type SecretInfo,
  SecretValidationError,
} from "./index.ts";
import { createTenants, findEverywhere, type Tenants } from "./test-support.ts";

const OLD = "no-plaintext-old-secret-0123456789abcdef012";
const NEW = "no-plaintext-new-secret-fedcba9876543210fed";

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

/** Records every statement and parameter the store's connections send to the database. */
function tapPool(pool: pg.Pool, sent: string[]): pg.Pool {
  const connect = async () => {
    const client = await pool.connect();
    return new Proxy(client, {
      get(target, property) {
        if (property === "query")
          return (text: string, params?: unknown[]) => {
            sent.push(JSON.stringify([text, params ?? []]));
            return target.query(text, params);
          };
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  };
  return { connect } as unknown as pg.Pool;
}

describe.each(databaseBackends())(
  "the plaintext of a planted secret appears nowhere (%s)",
  (backend) => {
    const tag = randomBytes(9).toString("hex");
    const PLANTED = `sk-ant-api03-PLANTED-${tag}-customer`;
    const PLANTED_RESELLER = `7000000001:PLANTED${tag}reseller`;
    const needles = [...encodings(PLANTED), ...encodings(PLANTED_RESELLER)];
    const CONTROL = {
      text: `control-text-${tag}`,
      json: `control-json-${tag}`,
      bytes: `control-bytes-${tag}`,
      queue: `control-queue-${tag}`,
      log: `control-log-${tag}`,
    };

    let db: Database;
    let t: Tenants;
    let queues: QueueKit | undefined;
    let planted: SecretInfo;
    let workerResult: unknown;
    const lines: string[] = [];
    const sent: string[] = [];
    const errors: unknown[] = [];
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => errors.push(new Error("expected this operation to fail")),
        (error: unknown) => errors.push(error),
      );

    beforeAll(async () => {
      db = await createTestDatabase(backend);
      await migrate(db.pool, { queue: true });
      t = await createTenants(db.pool);
      const data = createData({ pool: tapPool(db.pool, sent) });
      const logger = createLogger(
        { level: "debug", name: "secrets-test" },
        {
          write: (line: string) => {
            lines.push(line);
          },
        },
      );
      const oldStore = createSecretStore({
        data,
        keyring: createKeyring({ current: OLD }),
        logger,
      });
      const store = createSecretStore({
        data,
        keyring: createKeyring({ current: NEW, previous: [OLD] }),
        logger,
      });
      const customer = { customerId: t.customerA };
      const reseller = { resellerId: t.resellerId };

      // A customer owner sets their own key; the reseller's token goes in on the service path.
      planted = await data.asUser({ sub: t.ownerA }, (tx) =>
        oldStore.put(customer, "anthropic_api_key", PLANTED, tx),
      );
      await oldStore.put(reseller, "telegram_bot_token", PLANTED_RESELLER);
      await store.put({ customerId: t.customerB }, "tamper_probe", PLANTED);
      await store.rotate();
      expect(await store.get(customer, "anthropic_api_key")).toBe(PLANTED);
      expect(await store.get(reseller, "telegram_bot_token")).toBe(PLANTED_RESELLER);
      await data.asUser({ sub: t.ownerA }, (tx) => store.list(customer, tx));

      // Every way an operation can fail, each of them carrying the value nearby.
      await failure(
        data.asUser({ sub: t.ownerA }, (tx) => store.get(customer, "anthropic_api_key", tx)),
      );
      await failure(
        data.asUser({ sub: t.viewerA }, (tx) => store.put(customer, "viewer_key", PLANTED, tx)),
      );
      await failure(store.put(customer, "Not A Name", PLANTED));
      await failure(store.put(customer, "too_long", `${PLANTED}${"x".repeat(17_000)}`));
      await failure(
        createSecretStore({ data, keyring: createKeyring({ current: OLD }), logger }).get(
          customer,
          "anthropic_api_key",
        ),
      );
      await db.pool.query(
        "update public.secrets set ciphertext = ciphertext || 'AA' where customer_id = $1 and name = 'tamper_probe'",
        [t.customerB],
      );
      await failure(store.get({ customerId: t.customerB }, "tamper_probe"));

      // A job references the secret by id; the worker resolves it, uses it, returns no value.
      queues = createTestQueues("postgres", db);
      const kit = queues;
      const completed = new Promise<unknown>((resolve, reject) => {
        const worker = kit.worker<{ secretId?: string }>("knights", async (job) => {
          if (!job.data.secretId) return { skipped: true };
          const secret = await store.getById(job.data.secretId);
          return { usable: secret?.plaintext === PLANTED, chars: secret?.plaintext.length };
        });
        worker.on("completed", (job, result) => {
          if (job.data.secretId) resolve(result);
        });
        worker.on("failed", (_job, error) => reject(error));
      });
      await kit.queue("knights").add("control", { note: CONTROL.queue });
      await kit.queue("knights").add("run", { secretId: planted.id, customerId: t.customerA });
      workerResult = await completed;

      // Controls: the same scan must find a marker in each kind of place.
      await db.pool.query("update public.customers set business_description = $1 where id = $2", [
        CONTROL.text,
        t.customerB,
      ]);
      await data.asService("test: control marker", (tx) =>
        audit(tx, { action: "test.control", detail: { note: CONTROL.json } }),
      );
      await db.pool.query("create schema scan_probe; create table scan_probe.blobs (b bytea)");
      await db.pool.query("insert into scan_probe.blobs values (convert_to($1, 'UTF8'))", [
        CONTROL.bytes,
      ]);
      logger.info({ note: CONTROL.log }, "control marker");
    });
    afterAll(async () => {
      await queues?.close();
      await db?.close();
    });

    it("lets the worker use the secret it was given only the id of", () => {
      expect(workerResult).toEqual({ usable: true, chars: PLANTED.length });
    });

    it("has a scanner that finds markers in text, jsonb, bytea and queue columns", async () => {
      expect(await findEverywhere(db.pool, [CONTROL.text])).toEqual([
        "public.customers.business_description",
      ]);
      expect(await findEverywhere(db.pool, [CONTROL.json])).toEqual(["public.audit_log.detail"]);
      expect(await findEverywhere(db.pool, [CONTROL.bytes])).toEqual(["scan_probe.blobs.b"]);
      const queueHits = await findEverywhere(db.pool, [CONTROL.queue]);
      expect(queueHits.length).toBeGreaterThan(0);
      expect(queueHits.every((hit) => hit.startsWith("bullmq."))).toBe(true);
      expect(await findEverywhere(db.pool, [planted.id])).toEqual(
        expect.arrayContaining(["public.secrets.id", "public.audit_log.target_id", ...queueHits]),
      );
    });

    it("finds it in no column of any table, in any of its likely encodings", async () => {
      expect(await findEverywhere(db.pool, needles)).toEqual([]);
    });

    it("never sends it to the database, in a statement or a parameter", () => {
      expect(sent.some((s) => s.includes("public.secrets"))).toBe(true);
      expect(sent.filter((s) => needles.some((n) => s.includes(n)))).toEqual([]);
    });

    it("never writes it to the log, while logging every operation", () => {
      const log = lines.join("");
      for (const message of [
        "secret stored",
        "secret read",
        "secrets rotated",
        "secret access denied",
        "secret unreadable",
        CONTROL.log,
      ])
        expect(log).toContain(message);
      expect(needles.filter((n) => log.includes(n))).toEqual([]);
    });

    it("never puts it in an error, its cause or its stack", () => {
      expect(errors.map((e) => (e as Error).name)).toEqual([
        SecretAccessDeniedError.name,
        SecretAccessDeniedError.name,
        SecretValidationError.name,
        SecretValidationError.name,
        SecretDecryptError.name,
        SecretDecryptError.name,
      ]);
      for (const error of errors) {
        const everything = `${String(error)}\n${inspect(error, { depth: 10, showHidden: true })}\n${JSON.stringify(error)}`;
        expect(needles.filter((n) => everything.includes(n))).toEqual([]);
      }
    });
  },
);
