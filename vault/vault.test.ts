import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createData, type Data, type Database, migrate } from "../db/index.ts";
import { createKeyring, createSecretStore } from "../secrets/index.ts";
import { createTenants, findEverywhere, type Tenants } from "../secrets/test-support.ts";
import { createTestDatabase, databaseBackends } from "../testing/index.ts";
import {
  createLoginTyper,
  createVault,
  type LoginInput,
  type Vault,
  VaultConflictError,
  VaultForbiddenError,
  VaultNotFoundError,
  VaultValidationError,
  verifyTotp,
} from "./index.ts";
import { encodeBase32 } from "./totp.ts";

const APP_SECRET = "vault-test-secret-0123456789abcdef0123456789";

describe.each(databaseBackends())("the vault (%s)", (backend) => {
  const tag = randomBytes(6).toString("hex");
  const PASSWORD = `Pw-${tag}-vault!`;
  const SEED = encodeBase32(Buffer.from(`seed-${tag}-0123456789`));
  const login = (over: Partial<LoginInput> = {}): LoginInput => ({
    label: "Wix — rosas.bakery",
    username: "rosa@bakery.example",
    password: PASSWORD,
    totpSeed: SEED,
    allowedDomains: "https://www.wix.com/login, wix.com",
    allowedRoles: ["Web Developer"],
    standingRoles: ["web_developer"],
    notes: "The shop's website",
    ...over,
  });

  let db: Database;
  let data: Data;
  let t: Tenants;
  let vault: Vault;
  let typer: ReturnType<typeof createLoginTyper>;
  let memberA: string;
  let task: { id: string; employee: string };
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    await migrate(db.pool);
    data = createData(db);
    t = await createTenants(db.pool);
    const secrets = createSecretStore({ data, keyring: createKeyring({ current: APP_SECRET }) });
    vault = createVault({ data, secrets });
    typer = createLoginTyper({ data, secrets });
    const one = async (sql: string, params: unknown[]) =>
      (await db.pool.query<{ id: string }>(sql, params)).rows[0]!.id;
    memberA = await one(
      "insert into public.users (display_name) values ('Member A') returning id",
      [],
    );
    await db.pool.query(
      "insert into public.memberships (user_id, customer_id, role) values ($1, $2, 'member')",
      [memberA, t.customerA],
    );
    const employee = await one(
      "insert into public.employees (customer_id, name, role_template) values ($1, 'Webby', 'web_developer') returning id",
      [t.customerA],
    );
    const taskId = await one(
      "insert into public.tasks (customer_id, employee_id, request) values ($1, $2, 'Update the opening hours') returning id",
      [t.customerA, employee],
    );
    task = { id: taskId, employee };
  });
  afterAll(() => db?.close());

  const owner = () => ({ userId: t.ownerA });

  it("an owner adds a login; what comes back and what is stored in clear holds no value", async () => {
    const info = await vault.add(owner(), t.customerA, login());
    expect(info).toMatchObject({
      label: "Wix — rosas.bakery",
      accountHint: "ro…@bakery.example",
      allowedDomains: ["www.wix.com", "wix.com"],
      allowedRoles: ["web_developer"],
      hasTotp: true,
    });
    expect(JSON.stringify(info)).not.toContain(PASSWORD);
    expect(JSON.stringify(info)).not.toContain("rosa@bakery.example");
    const listed = await vault.list(owner(), t.customerA);
    expect(listed.map((l) => l.label)).toEqual(["Wix — rosas.bakery"]);
    // Three sealed values, and neither the password nor the seed anywhere in clear.
    const { rows } = await db.pool.query(
      "select name from public.secrets where customer_id = $1 and name like 'login_%' order by name",
      [t.customerA],
    );
    expect(rows.map((r) => r.name.replace(/^login_[0-9a-f]{32}_/, ""))).toEqual([
      "password",
      "totp",
      "username",
    ]);
    expect(await findEverywhere(db.pool, [PASSWORD, SEED])).toEqual([]);
  });

  it("viewers, members and other customers can neither see nor add logins", async () => {
    for (const userId of [t.viewerA, memberA, t.ownerB]) {
      await expect(vault.list({ userId }, t.customerA)).rejects.toBeInstanceOf(VaultForbiddenError);
      await expect(
        vault.add({ userId }, t.customerA, login({ label: "Sneaky" })),
      ).rejects.toBeInstanceOf(VaultForbiddenError);
      await expect(vault.uses({ userId }, t.customerA)).rejects.toBeInstanceOf(VaultForbiddenError);
    }
    // Customer B's owner, acting on their own account, does not reach A's login by id.
    const [a] = await vault.list(owner(), t.customerA);
    await expect(
      vault.edit({ userId: t.ownerB }, t.customerB, a!.id, { label: "Mine now" }),
    ).rejects.toBeInstanceOf(VaultNotFoundError);
    expect(await vault.remove({ userId: t.ownerB }, t.customerB, a!.id)).toBe(false);
    expect(await vault.list({ userId: t.ownerB }, t.customerB)).toEqual([]);
    expect((await vault.list(owner(), t.customerA)).map((l) => l.label)).toEqual([
      "Wix — rosas.bakery",
    ]);
  });

  it("refuses bad input with the field and a reason, writing nothing", async () => {
    const cases: [Partial<LoginInput>, string][] = [
      [{ label: "  " }, "label"],
      [{ password: "" }, "password"],
      [{ totpSeed: "not base32 at all!" }, "totpSeed"],
      [{ allowedDomains: "not a domain" }, "allowedDomains"],
      [{ allowedDomains: [] }, "allowedDomains"],
      [{ allowedRoles: ["Astronaut"] }, "allowedRoles"],
    ];
    for (const [over, field] of cases) {
      const error = await vault
        .add(owner(), t.customerA, login({ label: "Bad", ...over }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VaultValidationError);
      expect((error as VaultValidationError).field).toBe(field);
      expect((error as Error).message).not.toContain(PASSWORD);
    }
    await expect(vault.add(owner(), t.customerA, login())).rejects.toBeInstanceOf(
      VaultConflictError,
    );
    expect((await vault.list(owner(), t.customerA)).length).toBe(1);
    const { rows } = await db.pool.query(
      "select count(*)::int as n from public.secrets where customer_id = $1",
      [t.customerA],
    );
    expect(rows[0].n).toBe(3);
  });

  it("a knight of an allowed role gets the value, others get a reason, and every use is listed", async () => {
    const base = {
      customerId: t.customerA,
      taskId: task.id,
      employeeId: task.employee,
      label: "wix — ROSAS.bakery",
    };
    expect(await typer.available(t.customerA, "web_developer")).toEqual([
      {
        label: "Wix — rosas.bakery",
        fields: ["username", "password", "totp"],
        domains: ["www.wix.com", "wix.com"],
      },
    ]);
    expect(await typer.available(t.customerA, "researcher")).toEqual([]);
    expect(await typer.available(t.customerB, "web_developer")).toEqual([]);

    const typed = await typer.resolve({
      ...base,
      role: "web_developer",
      field: "password",
      pageHost: "www.wix.com",
    });
    expect(typed).toMatchObject({ ok: true, value: PASSWORD });
    const code = await typer.resolve({
      ...base,
      role: "web_developer",
      field: "totp",
      pageHost: "editor.wix.com",
    });
    expect(code.ok && verifyTotp(SEED, code.value)).toBe(true);

    const refused = [
      await typer.resolve({ ...base, role: "researcher", field: "password" }),
      await typer.resolve({
        ...base,
        role: "web_developer",
        field: "password",
        pageHost: "evil.example",
      }),
      await typer.resolve({
        ...base,
        customerId: t.customerB,
        role: "web_developer",
        field: "password",
      }),
    ];
    expect(refused.map((r) => r.ok)).toEqual([false, false, false]);
    expect(JSON.stringify(refused)).not.toContain(PASSWORD);

    const uses = await vault.uses(owner(), t.customerA);
    expect(uses.map((u) => [u.field, u.outcome, u.taskRequest])).toEqual(
      expect.arrayContaining([
        ["password", "typed", "Update the opening hours"],
        ["totp", "typed", "Update the opening hours"],
        ["password", "refused", "Update the opening hours"],
      ]),
    );
    expect(uses.length).toBe(4);
    expect(uses.every((u) => u.at instanceof Date)).toBe(true);
    // The value was typed, never stored: not in the uses, the audit log, anywhere in clear.
    expect(await findEverywhere(db.pool, [PASSWORD, SEED, code.ok ? code.value : "x"])).toEqual([]);
  });

  it("asks the customer before a role's first use in a task, and for every use on an unchecked site", async () => {
    const [a] = await vault.list(owner(), t.customerA);
    await vault.edit(owner(), t.customerA, a!.id, { allowedRoles: "web_developer, researcher" });
    const use = {
      customerId: t.customerA,
      taskId: task.id,
      employeeId: task.employee,
      label: a!.label,
    };
    const decide = (id: string, status: "approved" | "denied") =>
      db.pool.query("update public.approvals set status = $2 where id = $1", [id, status]);

    // Researcher is allowed but not standing: asked once per task on a checked site.
    const first = await typer.resolve({
      ...use,
      role: "researcher",
      field: "username",
      pageHost: "wix.com",
    });
    expect(first).toMatchObject({
      ok: false,
      approval: {
        summary: "Researcher wants to sign in to Wix — rosas.bakery as ro…@bakery.example",
      },
    });
    const again = await typer.resolve({
      ...use,
      role: "researcher",
      field: "username",
      pageHost: "wix.com",
    });
    expect(!again.ok && again.approval?.id).toBe(!first.ok && first.approval?.id);
    await decide((first as { approval: { id: string } }).approval.id, "approved");
    for (const field of ["username", "password"] as const)
      expect(
        (await typer.resolve({ ...use, role: "researcher", field, pageHost: "wix.com" })).ok,
      ).toBe(true);

    // Site unknown: even the standing role asks, and each approval is spent by one use.
    const unchecked = await typer.resolve({ ...use, role: "web_developer", field: "password" });
    expect(unchecked.ok).toBe(false);
    const perUse = (unchecked as { approval: { id: string } }).approval.id;
    await decide(perUse, "approved");
    expect((await typer.resolve({ ...use, role: "web_developer", field: "password" })).ok).toBe(
      true,
    );
    const spent = await typer.resolve({ ...use, role: "web_developer", field: "password" });
    expect(!spent.ok && spent.approval?.id).not.toBe(perUse);
    // Denied: refused, and nothing was typed under it.
    await decide((spent as { approval: { id: string } }).approval.id, "denied");
    const denied = await typer.resolve({ ...use, role: "web_developer", field: "password" });
    expect(denied).toMatchObject({ ok: false, reason: expect.stringContaining("said no") });
    expect(JSON.stringify([first, again, unchecked, spent, denied])).not.toContain(PASSWORD);
  });

  it("edits keep values left empty, and deleting removes the sealed values too", async () => {
    const [a] = await vault.list(owner(), t.customerA);
    const edited = await vault.edit(owner(), t.customerA, a!.id, {
      label: "Wix",
      password: "",
      allowedRoles: "web_developer, researcher",
    });
    expect(edited).toMatchObject({ label: "Wix", allowedRoles: ["web_developer", "researcher"] });
    const still = await typer.resolve({
      customerId: t.customerA,
      taskId: task.id,
      employeeId: task.employee,
      role: "web_developer",
      label: "Wix",
      field: "password",
      pageHost: "wix.com",
    });
    expect(still).toMatchObject({ ok: true, value: PASSWORD });
    expect(await vault.remove(owner(), t.customerA, a!.id)).toBe(true);
    expect(await vault.list(owner(), t.customerA)).toEqual([]);
    const { rows } = await db.pool.query(
      "select count(*)::int as n from public.secrets where customer_id = $1",
      [t.customerA],
    );
    expect(rows[0].n).toBe(0);
    // The record of past uses stays, pointing at a login that is gone.
    const uses = await vault.uses(owner(), t.customerA);
    expect(uses.length).toBeGreaterThan(5);
    expect(uses.every((u) => u.loginId === null)).toBe(true);
  });
});
