import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createData, type Data, type Database, migrate } from "../db/index.ts";
import { createTestDatabase, databaseBackends } from "../testing/index.ts";
import {
  createKeyring,
  createSecretStore,
  SecretAccessDeniedError,
  SecretDecryptError,
  type SecretStore,
  SecretValidationError,
} from "./index.ts";
import { createTenants, type Tenants } from "./test-support.ts";

const OLD = "store-test-old-secret-0123456789abcdef01234";
const NEW = "store-test-new-secret-fedcba9876543210fedcb";

describe.each(databaseBackends())("secret store on %s", (backend) => {
  let db: Database;
  let data: Data;
  let t: Tenants;
  let store: SecretStore;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    await migrate(db.pool);
    data = createData(db);
    t = await createTenants(db.pool);
    store = createSecretStore({ data, keyring: createKeyring({ current: NEW }) });
  });
  afterAll(() => db?.close());

  const row = async (id: string) =>
    (
      await db.pool.query<{ key_id: string; ciphertext: string; name: string }>(
        "select key_id, ciphertext, name from public.secrets where id = $1",
        [id],
      )
    ).rows[0];
  const decryptError = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SecretDecryptError);
    return error as SecretDecryptError;
  };

  it("stores a customer's key encrypted and gives the plaintext back on the service path", async () => {
    const owner = { customerId: t.customerA };
    const info = await store.put(owner, "anthropic_api_key", "sk-ant-round-trip-1");
    expect(info).toMatchObject({
      owner,
      name: "anthropic_api_key",
      keyId: expect.stringMatching(/^v1-/),
    });
    const stored = await row(info.id);
    expect(stored?.ciphertext).toMatch(/^v1\./);
    expect(stored?.ciphertext).not.toContain("round-trip");
    expect(await store.get(owner, "anthropic_api_key")).toBe("sk-ant-round-trip-1");

    const replaced = await store.put(owner, "anthropic_api_key", "sk-ant-round-trip-2");
    expect(replaced.id).toBe(info.id);
    expect(await store.get(owner, "anthropic_api_key")).toBe("sk-ant-round-trip-2");
    expect(await store.getById(info.id)).toEqual({
      id: info.id,
      owner,
      name: "anthropic_api_key",
      plaintext: "sk-ant-round-trip-2",
    });
    const listed = await store.list(owner);
    expect(listed.map((s) => s.name)).toContain("anthropic_api_key");
    expect(JSON.stringify(listed)).not.toContain("round-trip");

    expect(await store.delete(owner, "anthropic_api_key")).toBe(true);
    expect(await store.get(owner, "anthropic_api_key")).toBeUndefined();
    expect(await store.getById(info.id)).toBeUndefined();
    expect(await store.delete(owner, "anthropic_api_key")).toBe(false);
  });

  it("keeps a reseller's bot token apart from a customer secret of the same name", async () => {
    const reseller = { resellerId: t.resellerId.toUpperCase() };
    await store.put(reseller, "telegram_bot_token", "123456:reseller-token-value-abcdefghij");
    await store.put({ customerId: t.customerB }, "telegram_bot_token", "customer-b-token");
    expect(await store.get({ resellerId: t.resellerId }, "telegram_bot_token")).toBe(
      "123456:reseller-token-value-abcdefghij",
    );
    expect(await store.get({ customerId: t.customerB }, "telegram_bot_token")).toBe(
      "customer-b-token",
    );
    expect((await store.list({ resellerId: t.resellerId })).map((s) => s.owner)).toEqual([
      { resellerId: t.resellerId },
    ]);
  });

  it.each([
    { part: 1, what: "iv" },
    { part: 2, what: "tag" },
    { part: 3, what: "ciphertext" },
  ] as const)("rejects a stored value whose $what was altered", async ({ part }) => {
    const owner = { customerId: t.customerA };
    const info = await store.put(owner, `tamper_${part}`, "sk-tamper-target");
    const parts = (await row(info.id))!.ciphertext.split(".");
    const bytes = Buffer.from(parts[part]!, "base64url");
    bytes[0]! ^= 0x80;
    parts[part] = bytes.toString("base64url");
    await db.pool.query("update public.secrets set ciphertext = $2 where id = $1", [
      info.id,
      parts.join("."),
    ]);
    const error = await decryptError(store.get(owner, `tamper_${part}`));
    expect(error.reason).toBe("auth-failed");
    expect(error.secret).toBe(`customer:${t.customerA}/tamper_${part}`);
    expect(error.message).not.toContain("sk-tamper-target");
  });

  it("rejects a stored value that is not an envelope at all", async () => {
    const info = await store.put({ customerId: t.customerA }, "mangled", "sk-mangled");
    await db.pool.query("update public.secrets set ciphertext = 'not-an-envelope' where id = $1", [
      info.id,
    ]);
    expect((await decryptError(store.getById(info.id))).reason).toBe("malformed");
  });

  it("refuses a ciphertext copied to another owner's row or another name", async () => {
    const source = await store.put({ customerId: t.customerA }, "openai_api_key", "sk-openai-of-a");
    const other = await store.put({ customerId: t.customerB }, "openai_api_key", "sk-openai-of-b");
    const sibling = await store.put({ customerId: t.customerA }, "orgo_api_key", "orgo-of-a");
    for (const target of [other.id, sibling.id])
      await db.pool.query(
        `update public.secrets set (key_id, ciphertext) =
           (select key_id, ciphertext from public.secrets where id = $1) where id = $2`,
        [source.id, target],
      );
    expect(
      (await decryptError(store.get({ customerId: t.customerB }, "openai_api_key"))).reason,
    ).toBe("auth-failed");
    expect((await decryptError(store.getById(sibling.id))).reason).toBe("auth-failed");
    expect(await store.get({ customerId: t.customerA }, "openai_api_key")).toBe("sk-openai-of-a");
  });

  it("rotates every value to the current key, after which the old secret can be dropped", async () => {
    await db.pool.query("delete from public.secrets");
    const oldStore = createSecretStore({ data, keyring: createKeyring({ current: OLD }) });
    const values = new Map([
      ["rot_a", "sk-rotate-a"],
      ["rot_b", "sk-rotate-b"],
      ["rot_c", "sk-rotate-c"],
    ]);
    for (const [name, value] of values)
      await oldStore.put({ customerId: t.customerA }, name, value);
    await oldStore.put({ resellerId: t.resellerId }, "rot_reseller", "reseller-rotate");
    const before = await db.pool.query(
      "select id, key_id, ciphertext from public.secrets order by id",
    );

    const newOnly = createSecretStore({ data, keyring: createKeyring({ current: NEW }) });
    expect((await decryptError(newOnly.get({ customerId: t.customerA }, "rot_a"))).reason).toBe(
      "unknown-key",
    );

    const keyring = createKeyring({ current: NEW, previous: [OLD] });
    const rotating = createSecretStore({ data, keyring, rotateBatchSize: 2 });
    expect(await rotating.get({ customerId: t.customerA }, "rot_b")).toBe("sk-rotate-b");
    const result = await rotating.rotate();
    expect(result).toEqual({ rotated: 4, keyId: keyring.currentKeyId, failed: [] });

    const after = await db.pool.query(
      "select id, key_id, ciphertext from public.secrets order by id",
    );
    expect(after.rows.map((r) => r.id)).toEqual(before.rows.map((r) => r.id));
    for (const [i, r] of after.rows.entries()) {
      expect(r.key_id).toBe(keyring.currentKeyId);
      expect(r.key_id).not.toBe(before.rows[i].key_id);
      expect(r.ciphertext).not.toBe(before.rows[i].ciphertext);
    }
    for (const [name, value] of values)
      expect(await newOnly.get({ customerId: t.customerA }, name)).toBe(value);
    expect(await newOnly.get({ resellerId: t.resellerId }, "rot_reseller")).toBe("reseller-rotate");
    expect(await rotating.rotate()).toMatchObject({ rotated: 0, failed: [] });
  });

  it("reports, and leaves alone, rows it cannot re-seal", async () => {
    const oldStore = createSecretStore({ data, keyring: createKeyring({ current: OLD }) });
    const broken = await oldStore.put({ customerId: t.customerB }, "broken", "sk-broken");
    await db.pool.query("update public.secrets set name = 'renamed' where id = $1", [broken.id]);
    const stray = await store.put({ customerId: t.customerB }, "stray", "sk-stray");
    await db.pool.query("update public.secrets set key_id = 'v1-00000000' where id = $1", [
      stray.id,
    ]);

    const rotating = createSecretStore({
      data,
      keyring: createKeyring({ current: NEW, previous: [OLD] }),
    });
    const result = await rotating.rotate();
    expect(result.rotated).toBe(0);
    expect(result.failed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: broken.id, reason: "auth-failed" }),
        expect.objectContaining({ id: stray.id, reason: "unknown-key", keyId: "v1-00000000" }),
      ]),
    );
    expect((await row(broken.id))?.key_id).toBe(broken.keyId);
  });

  it("lets a customer owner store a key in their own transaction but never read its ciphertext", async () => {
    const owner = { customerId: t.customerA };
    const info = await data.asUser({ sub: t.ownerA }, (tx) =>
      store.put(owner, "own_anthropic_key", "sk-ant-set-by-owner", tx),
    );
    const visible = await data.asUser({ sub: t.ownerA }, (tx) => store.list(owner, tx));
    expect(visible.map((s) => s.name)).toContain("own_anthropic_key");

    await expect(
      data.asUser({ sub: t.ownerA }, (tx) =>
        tx.query("select ciphertext from public.secrets where id = $1", [info.id]),
      ),
    ).rejects.toMatchObject({ code: "42501" });
    await expect(
      data.asUser({ sub: t.ownerA }, (tx) => tx.query("select * from public.secrets")),
    ).rejects.toMatchObject({ code: "42501" });
    await expect(
      data.asUser({ sub: t.ownerA }, (tx) => store.get(owner, "own_anthropic_key", tx)),
    ).rejects.toBeInstanceOf(SecretAccessDeniedError);

    expect(await store.get(owner, "own_anthropic_key")).toBe("sk-ant-set-by-owner");
    const audit = await db.pool.query(
      "select actor_user_id, detail from public.audit_log where target_id = $1 and action = 'secret.put'",
      [info.id],
    );
    expect(audit.rows).toEqual([
      { actor_user_id: t.ownerA, detail: { name: "own_anthropic_key", keyId: info.keyId } },
    ]);
  });

  it("lets row-level security refuse viewers and other customers", async () => {
    const owner = { customerId: t.customerA };
    await store.put(owner, "guarded_key", "sk-guarded");
    const viewerPut = data.asUser({ sub: t.viewerA }, (tx) =>
      store.put(owner, "viewer_key", "sk-from-viewer", tx),
    );
    await expect(viewerPut).rejects.toBeInstanceOf(SecretAccessDeniedError);
    const strangerPut = data.asUser({ sub: t.ownerB }, (tx) =>
      store.put(owner, "guarded_key", "sk-overwritten-by-b", tx),
    );
    await expect(strangerPut).rejects.toBeInstanceOf(SecretAccessDeniedError);
    expect(await data.asUser({ sub: t.ownerB }, (tx) => store.list(owner, tx))).toEqual([]);
    expect(
      await data.asUser({ sub: t.ownerB }, (tx) => store.delete(owner, "guarded_key", tx)),
    ).toBe(false);
    expect(await store.get(owner, "guarded_key")).toBe("sk-guarded");
    expect(await store.list(owner).then((s) => s.map((x) => x.name))).not.toContain("viewer_key");
  });

  it("validates owner, name and value before anything is sealed", async () => {
    const cases: [Promise<unknown>, string][] = [
      [store.put({ customerId: "not-a-uuid" }, "ok_name", "v"), "owner"],
      [
        store.put({ customerId: t.customerA, resellerId: t.resellerId } as never, "ok", "v"),
        "owner",
      ],
      [store.put({ customerId: t.customerA }, "Bad-Name", "v"), "name"],
      [store.put({ customerId: t.customerA }, "ok_name", ""), "value"],
      [store.put({ customerId: t.customerA }, "ok_name", "x".repeat(16 * 1024 + 1)), "value"],
      [store.getById("nope"), "id"],
    ];
    for (const [promise, field] of cases) {
      await expect(promise).rejects.toBeInstanceOf(SecretValidationError);
      await expect(promise).rejects.toMatchObject({ field });
    }
  });
});
