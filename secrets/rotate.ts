import type { Logger } from "pino";
import { audit } from "../audit/index.ts";
import type { Data } from "../db/index.ts";
import type { Keyring } from "./crypto.ts";
import { type DecryptFailure, SecretDecryptError } from "./errors.ts";
import { associatedData, label, ownerOfRow, resolveOwner } from "./owner.ts";

/** What a rotation did; `failed` rows keep their old ciphertext and need a person. */
export type RotationResult = {
  rotated: number;
  keyId: string;
  failed: { id: string; secret: string; keyId: string; reason: DecryptFailure }[];
};

type Row = {
  id: string;
  customer_id: string | null;
  reseller_id: string | null;
  name: string;
  key_id: string;
  ciphertext: string;
};

const FIRST_ID = "00000000-0000-0000-0000-000000000000";

/**
 * Re-seals, batch by batch in service transactions, every row whose key id is
 * a previous key of the keyring. Once it reports no failures the previous
 * APP_SECRETs can be dropped. Rows under ids the keyring does not know are
 * reported as failed (`unknown-key`), never touched.
 */
export async function rotateSecrets({
  data,
  keyring,
  batchSize,
  logger,
}: {
  data: Data;
  keyring: Keyring;
  batchSize: number;
  logger?: Logger;
}): Promise<RotationResult> {
  const previous = keyring.keyIds.filter((id) => id !== keyring.currentKeyId);
  const result: RotationResult = { rotated: 0, keyId: keyring.currentKeyId, failed: [] };
  const fail = (row: Row, reason: DecryptFailure) => {
    const owner = resolveOwner(ownerOfRow(row));
    result.failed.push({ id: row.id, secret: label(owner, row.name), keyId: row.key_id, reason });
  };

  let after = FIRST_ID;
  while (previous.length > 0) {
    const batch = await data.asService("secrets: rotate to the current key", async (tx) => {
      const { rows } = await tx.query<Row>(
        `select id, customer_id, reseller_id, name, key_id, ciphertext from public.secrets
          where key_id = any($1) and id > $2 order by id limit $3 for update`,
        [previous, after, batchSize],
      );
      let rotated = 0;
      for (const row of rows) {
        const owner = resolveOwner(ownerOfRow(row));
        const aad = associatedData(owner, row.name);
        let plaintext: string;
        try {
          plaintext = keyring.decrypt({ keyId: row.key_id, ciphertext: row.ciphertext }, aad);
        } catch (error) {
          if (!(error instanceof SecretDecryptError)) throw error;
          fail(row, error.reason);
          continue;
        }
        const sealed = keyring.encrypt(plaintext, aad);
        await tx.query("update public.secrets set key_id = $2, ciphertext = $3 where id = $1", [
          row.id,
          sealed.keyId,
          sealed.ciphertext,
        ]);
        rotated++;
      }
      if (rotated > 0)
        await audit(tx, {
          action: "secret.rotate",
          targetType: "secret",
          detail: { rotated, keyId: keyring.currentKeyId },
        });
      return { rows: rows.length, rotated, last: rows.at(-1)?.id };
    });
    result.rotated += batch.rotated;
    if (!batch.last || batch.rows < batchSize) break;
    after = batch.last;
  }

  const orphans = await data.asService("secrets: find values under unknown keys", async (tx) => {
    const { rows } = await tx.query<Row>(
      `select id, customer_id, reseller_id, name, key_id, '' as ciphertext from public.secrets
        where key_id <> all($1) order by id`,
      [keyring.keyIds],
    );
    return rows;
  });
  for (const row of orphans) fail(row, "unknown-key");

  const summary = {
    op: "rotate",
    rotated: result.rotated,
    failed: result.failed.length,
    keyId: result.keyId,
  };
  if (result.failed.length > 0)
    logger?.warn(
      { ...summary, failedIds: result.failed.map((f) => f.id) },
      "secrets rotation incomplete",
    );
  else logger?.info(summary, "secrets rotated");
  return result;
}
