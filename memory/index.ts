/**
 * Employees that remember: the notes a knight keeps about the customer's
 * world across tasks (`notes.ts`), written by its `remember` tool, read at
 * the start of its next task, and shown, edited and deleted on the dashboard.
 */
export {
  deleteNote,
  type EmployeeNote,
  editNote,
  listNotes,
  looksSecret,
  NOTE_MAX_CHARS,
  NOTES_TOKEN_BUDGET,
  NoteError,
  type NoteErrorCode,
  notesForBriefing,
  rememberNote,
} from "./notes.ts";
