/**
 * An employee's notes on its page: what its knight remembers between tasks,
 * read by everyone in the account, edited and deleted by those who may
 * change its work (owners, admins, members).
 */

import type { CustomerAccess } from "../../api/data/access.ts";
import type { EmployeeNote } from "../../memory/index.ts";
import { Csrf, type PageCtx } from "./layout.tsx";

/** An employee's notes, for its page: read by everyone, edited and deleted by those who may. */
export function EmployeeNotes({
  ctx,
  customer,
  employeeId,
  notes,
}: {
  ctx: PageCtx;
  customer: CustomerAccess;
  employeeId: string;
  notes: EmployeeNote[];
}) {
  const path = `/c/${customer.id}/employees/${employeeId}/notes`;
  return (
    <section data-notes>
      <h2>What it remembers</h2>
      {notes.length === 0 ? (
        <p class="muted">
          No notes yet. Knights note what they learn about your business (where a setting is, your
          brand's tone) and read it at the start of their next task.
        </p>
      ) : (
        <ul>
          {notes.map((note) => (
            <li data-note={note.id}>
              {customer.canWrite ? (
                <>
                  <form method="post" action={`${path}/${note.id}`} class="inline">
                    <Csrf value={ctx.csrf} />
                    <input aria-label="Note" name="body" value={note.body} maxlength={500} />
                    <button type="submit">Save</button>
                  </form>{" "}
                  <form method="post" action={`${path}/${note.id}/delete`} class="inline">
                    <Csrf value={ctx.csrf} />
                    <button type="submit">Delete</button>
                  </form>
                </>
              ) : (
                note.body
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
