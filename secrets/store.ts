/**
 * Tenants' API keys and tokens, encrypted at rest in `public.secrets`.
 *
 * Plaintext exists only in this process: it is sealed before any query and
 * opened after one, it is never logged, and no error quotes it. Writes run in
 * the caller's transaction when one is passed (an `asUser` transaction lets
 * row-level security decide whether that user may manage the owner's
 * secrets), otherwise on the service path. Reading plaintext needs the
 * service path: tenants may see that a secret exists, never its ciphertext.
 */
import type { Logger } from "pino";
import { audit } from "../audit/index.ts";
import type { Data, Tx } from "../db/index.ts";
import type { Keyring } from "./crypto.ts";
import { SecretAccessDeniedError, SecretDecryptError, SecretValidationError } from "./errors.ts";
import {
  associatedData,
  checkName,
  checkValue,
  label,
  ownerOfRow,
  type ResolvedOwner,
  resolveOwner,
  type SecretOwner,
} from "./owner.ts";
import { type RotationResult, rotateSecrets } from "./rotate.ts";

/** What anyone allowed to manage a secret may know about it: everything but the value. */
export type SecretInfo = {
  id: string;
  owner: SecretOwner;
  name: string;
  keyId: string;
  createdAt: Date;
  updatedAt: Date;
};

/** A decrypted secret found by id (`plaintext` is a key pino's redaction blanks). */
export type RevealedSecret = { id: string; owner: SecretOwner; name: string; plaintext: string };

export type SecretStoreOptions = {
  data: Data;
  keyring: Keyring;
  /** Receives one line per operation: owner, name, key id; never the value. */
  logger?: Logger;
  /** Rows re-sealed per transaction by `rotate()`. */
  rotateBatchSize?: number;
};

export type SecretStore = {
  /** Seals and stores (or replaces) a value; in `tx` when given, else on the service path. */
  put: (owner: SecretOwner, name: string, plaintext: string, tx?: Tx) => Promise<SecretInfo>;
  /** The plaintext, or undefined when there is no such secret. Needs the service path (or a service `tx`). */
  get: (owner: SecretOwner, name: string, tx?: Tx) => Promise<string | undefined>;
  /** A secret by id with its owner and plaintext, for workers whose job data carries only the id. */
  getById: (id: string, tx?: Tx) => Promise<RevealedSecret | undefined>;
  /** The owner's secrets without values, by name; tenants may call it in their own `tx`. */
  list: (owner: SecretOwner, tx?: Tx) => Promise<SecretInfo[]>;
  /** Removes a secret; false when there was none (or RLS hid it from `tx`'s user). */
  delete: (owner: SecretOwner, name: string, tx?: Tx) => Promise<boolean>;
  /** Re-seals every row under a previous key with the current one, on the service path. */
  rotate: () => Promise<RotationResult>;
};

type InfoRow = {
  id: string;
  customer_id: string | null;
  reseller_id: string | null;
  name: string;
  key_id: string;
  created_at: Date;
  updated_at: Date;
};
const INFO_COLUMNS = "id, customer_id, reseller_id, name, key_id, created_at, updated_at";

function toInfo(row: InfoRow): SecretInfo {
  return {
    id: row.id,
    owner: ownerOfRow(row),
    name: row.name,
    keyId: row.key_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function isDenied(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "42501";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Creates the secret store over scoped data access and a keyring. */
export function createSecretStore({
  data,
  keyring,
  logger,
  rotateBatchSize = 100,
}: SecretStoreOptions): SecretStore {
  const log = logger?.child({ component: "secrets" });

  /** Runs in the caller's transaction, or opens a service one named after the operation. */
  async function within<T>(
    operation: "put" | "get" | "list" | "delete",
    secret: string,
    tx: Tx | undefined,
    fn: (tx: Tx) => Promise<T>,
  ): Promise<T> {
    try {
      return tx ? await fn(tx) : await data.asService(`secrets: ${operation} ${secret}`, fn);
    } catch (error) {
      if (!isDenied(error)) throw error;
      log?.warn({ op: operation, secret }, "secret access denied");
      throw new SecretAccessDeniedError(operation, secret, { cause: error });
    }
  }

  function open(owner: ResolvedOwner, name: string, row: { key_id: string; ciphertext: string }) {
    const secret = label(owner, name);
    try {
      return keyring.decrypt(
        { keyId: row.key_id, ciphertext: row.ciphertext },
        associatedData(owner, name),
      );
    } catch (error) {
      if (!(error instanceof SecretDecryptError)) throw error;
      log?.warn(
        { op: "decrypt", secret, keyId: row.key_id, reason: error.reason },
        "secret unreadable",
      );
      throw new SecretDecryptError(error.reason, { keyId: row.key_id, secret, cause: error });
    }
  }

  return {
    put: async (ownerInput, name, plaintext, tx) => {
      const owner = resolveOwner(ownerInput);
      checkName(name);
      checkValue(plaintext);
      const secret = label(owner, name);
      const sealed = keyring.encrypt(plaintext, associatedData(owner, name));
      const row = await within("put", secret, tx, async (tx) => {
        // Parameters, not `excluded.*`: reading `excluded.ciphertext` needs the
        // column's select grant, which tenants deliberately lack.
        const { rows } = await tx.query<InfoRow>(
          `insert into public.secrets (${owner.column}, name, key_id, ciphertext)
           values ($1, $2, $3, $4)
           on conflict (${owner.column}, name) do update
             set key_id = $3, ciphertext = $4, updated_at = now()
           returning ${INFO_COLUMNS}`,
          [owner.id, name, sealed.keyId, sealed.ciphertext],
        );
        const stored = rows[0]!;
        await audit(tx, {
          action: "secret.put",
          targetType: "secret",
          targetId: stored.id,
          customerId: stored.customer_id,
          resellerId: stored.reseller_id,
          detail: { name, keyId: sealed.keyId },
        });
        return stored;
      });
      log?.info(
        { op: "put", secret, keyId: sealed.keyId, path: tx ? "caller" : "service" },
        "secret stored",
      );
      return toInfo(row);
    },

    get: async (ownerInput, name, tx) => {
      const owner = resolveOwner(ownerInput);
      checkName(name);
      const secret = label(owner, name);
      const row = await within("get", secret, tx, async (tx) => {
        const { rows } = await tx.query<{ key_id: string; ciphertext: string }>(
          `select key_id, ciphertext from public.secrets where ${owner.column} = $1 and name = $2`,
          [owner.id, name],
        );
        return rows[0];
      });
      log?.debug({ op: "get", secret, found: !!row, keyId: row?.key_id }, "secret read");
      return row && open(owner, name, row);
    },

    getById: async (id, tx) => {
      if (typeof id !== "string" || !UUID.test(id))
        throw new SecretValidationError("id", "a secret id must be a uuid");
      const row = await within("get", `id:${id}`, tx, async (tx) => {
        const { rows } = await tx.query<InfoRow & { ciphertext: string }>(
          `select ${INFO_COLUMNS}, ciphertext from public.secrets where id = $1`,
          [id],
        );
        return rows[0];
      });
      log?.debug({ op: "get", secretId: id, found: !!row, keyId: row?.key_id }, "secret read");
      if (!row) return undefined;
      const owner = resolveOwner(ownerOfRow(row));
      return {
        id: row.id,
        owner: ownerOfRow(row),
        name: row.name,
        plaintext: open(owner, row.name, row),
      };
    },

    list: async (ownerInput, tx) => {
      const owner = resolveOwner(ownerInput);
      const rows = await within("list", `${owner.kind}:${owner.id}`, tx, async (tx) => {
        const result = await tx.query<InfoRow>(
          `select ${INFO_COLUMNS} from public.secrets where ${owner.column} = $1 order by name`,
          [owner.id],
        );
        return result.rows;
      });
      return rows.map(toInfo);
    },

    delete: async (ownerInput, name, tx) => {
      const owner = resolveOwner(ownerInput);
      checkName(name);
      const secret = label(owner, name);
      const removed = await within("delete", secret, tx, async (tx) => {
        const { rows } = await tx.query<{
          id: string;
          customer_id: string | null;
          reseller_id: string | null;
        }>(
          `delete from public.secrets where ${owner.column} = $1 and name = $2
           returning id, customer_id, reseller_id`,
          [owner.id, name],
        );
        const gone = rows[0];
        if (gone)
          await audit(tx, {
            action: "secret.delete",
            targetType: "secret",
            targetId: gone.id,
            customerId: gone.customer_id,
            resellerId: gone.reseller_id,
            detail: { name },
          });
        return !!gone;
      });
      log?.info(
        { op: "delete", secret, removed, path: tx ? "caller" : "service" },
        "secret deleted",
      );
      return removed;
    },

    rotate: () =>
      rotateSecrets({ data, keyring, batchSize: rotateBatchSize, ...(log ? { logger: log } : {}) }),
  };
}
