/**
 * Employees that remember: notes a knight keeps across tasks about the
 * customer's world ("the hours form is under Settings → Business info"). The
 * knight writes them with its `remember` tool (on the service path, always
 * for its own employee and customer); the customer's people read, edit and
 * delete them on the employee's page (as themselves, under RLS: readers see,
 * owners, admins and members change). At the start of each task the newest
 * notes that fit a token budget go into the knight's prompt.
 *
 * Notes never hold secrets: text that looks like a password, an API key, a
 * card number or a two-factor seed is refused, and the knight is told to use
 * the vault (stored logins) instead.
 */
import type { Data, Tx } from "../db/index.ts";
import { detectPastedLogin } from "../vault/detect.ts";

export type EmployeeNote = {
  id: string;
  employeeId: string;
  body: string;
  writtenBy: "knight" | "person";
  taskId: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** The longest note, characters (the column's check). */
export const NOTE_MAX_CHARS = 500;
/** Notes given to a knight at the start of a task, in estimated tokens. */
export const NOTES_TOKEN_BUDGET = 800;

export type NoteErrorCode = "invalid" | "secret" | "not_found";
/** A note that cannot be written; `message` says why, for the customer or the knight. */
export class NoteError extends Error {
  override name = "NoteError";
  readonly code: NoteErrorCode;
  constructor(code: NoteErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

// Long runs of mixed letters and digits, and the shapes of well-known keys.
const KEY_SHAPES = [
  /\b(sk|pk|rk)[-_](live|test|proj|ant)?[-_]?[A-Za-z0-9_-]{16,}/,
  /\b(AKIA|ASIA)[A-Z0-9]{16}\b/,
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/,
  /\bxox[abpr]-[A-Za-z0-9-]{10,}/,
  /\bAIza[0-9A-Za-z_-]{30,}/,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\b(api|secret|access)[ _-]?(key|token)\b\s*[:=]?\s*\S{8,}/i,
  /\b(?:\d[ -]?){13,19}\b/,
];

/** Whether a text looks like it carries a secret (a password, a key, a card number). */
export function looksSecret(text: string): boolean {
  if (detectPastedLogin(text)) return true;
  if (KEY_SHAPES.some((shape) => shape.test(text))) return true;
  // A 24+ character token of mixed letters and digits is a key more often than a word.
  return text
    .split(/\s+/)
    .some(
      (word) =>
        word.length >= 24 &&
        /[a-z]/.test(word) &&
        /[A-Z0-9]/.test(word) &&
        /\d/.test(word) &&
        !/^https?:\/\//.test(word),
    );
}

function cleanBody(raw: string): string {
  const body = raw.replace(/\s+/g, " ").trim();
  if (!body) throw new NoteError("invalid", "A note needs some text.");
  if (body.length > NOTE_MAX_CHARS)
    throw new NoteError("invalid", `A note is at most ${NOTE_MAX_CHARS} characters.`);
  if (looksSecret(body))
    throw new NoteError(
      "secret",
      "Notes cannot hold passwords, keys or card numbers. Store logins in the vault instead.",
    );
  return body;
}

type Row = {
  id: string;
  employee_id: string;
  body: string;
  written_by: "knight" | "person";
  task_id: string | null;
  created_at: Date;
  updated_at: Date;
};
const fromRow = (r: Row): EmployeeNote => ({
  id: r.id,
  employeeId: r.employee_id,
  body: r.body,
  writtenBy: r.written_by,
  taskId: r.task_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const COLUMNS = "id, employee_id, body, written_by, task_id, created_at, updated_at";

/**
 * What the knight's `remember` tool does: one note for the task's own
 * employee, once per step (a replayed step finds its note and adds nothing).
 */
export async function rememberNote(
  tx: Tx,
  at: { customerId: string; employeeId: string; taskId: string; seq: number },
  text: string,
): Promise<EmployeeNote> {
  const body = cleanBody(text);
  const { rows: same } = await tx.query<Row>(
    `select ${COLUMNS} from public.employee_notes
      where employee_id = $1 and customer_id = $2 and lower(body) = lower($3)`,
    [at.employeeId, at.customerId, body],
  );
  if (same[0]) return fromRow(same[0]);
  const { rows } = await tx.query<Row>(
    `insert into public.employee_notes (customer_id, employee_id, body, task_id, written_by)
     values ($1, $2, $3, $4, 'knight') returning ${COLUMNS}`,
    [at.customerId, at.employeeId, body, at.taskId],
  );
  return fromRow(rows[0]!);
}

/** An employee's notes, newest first, as the caller may see them. */
export async function listNotes(
  data: Data,
  userId: string,
  employeeId: string,
): Promise<EmployeeNote[]> {
  return data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<Row>(
      `select ${COLUMNS} from public.employee_notes where employee_id = $1 order by created_at desc, id`,
      [employeeId],
    );
    return rows.map(fromRow);
  });
}

/** A person rewrites a note; a viewer or another customer's user finds nothing to change. */
export async function editNote(
  data: Data,
  userId: string,
  noteId: string,
  text: string,
): Promise<EmployeeNote> {
  const body = cleanBody(text);
  return data.asUser({ sub: userId }, async (tx) => {
    const { rows } = await tx.query<Row>(
      `update public.employee_notes set body = $2, updated_by = $3, updated_at = now()
        where id = $1 returning ${COLUMNS}`,
      [noteId, body, userId],
    );
    if (!rows[0]) throw new NoteError("not_found", "That note does not exist.");
    return fromRow(rows[0]);
  });
}

/** A person deletes a note; the next task's knight no longer sees it. */
export async function deleteNote(data: Data, userId: string, noteId: string): Promise<void> {
  await data.asUser({ sub: userId }, async (tx) => {
    const { rowCount } = await tx.query("delete from public.employee_notes where id = $1", [
      noteId,
    ]);
    if (!rowCount) throw new NoteError("not_found", "That note does not exist.");
  });
}

/**
 * The notes a knight starts a task with: the newest that fit `budget`
 * estimated tokens (about four characters each), oldest first so they read
 * as a history. Only this employee's, of this customer.
 */
export async function notesForBriefing(
  tx: Tx,
  at: { customerId: string; employeeId: string },
  budget = NOTES_TOKEN_BUDGET,
): Promise<string[]> {
  const { rows } = await tx.query<{ body: string }>(
    `select body from public.employee_notes
      where employee_id = $1 and customer_id = $2
      order by updated_at desc, id limit 200`,
    [at.employeeId, at.customerId],
  );
  const kept: string[] = [];
  let used = 0;
  for (const { body } of rows) {
    const cost = Math.ceil(body.length / 4) + 2;
    if (used + cost > budget) break;
    kept.push(body);
    used += cost;
  }
  return kept.reverse();
}
