/**
 * Every column of the platform that names a person's account, and what happens to its rows when
 * the person asks for their data (all are exported) or for their account's erasure:
 *
 * - `delete`: the rows go (what only served the person: sessions, tokens, memberships, waitlists);
 * - `keep`: the rows stay, pointing to the account, which erasure turns into a pseudonym ("Compte
 *   supprimé", an address that reaches no one) — a jury's decision, an article's author, the
 *   audit log (a hash chain that cannot be rewritten) keep their meaning without naming anyone;
 * - `anonymise`: the rows stay, their own copies of a name or address blanked, and their link to
 *   the account cut (an event registration keeps its count, no longer its person).
 *
 * `privacy.integration.test.ts` compares this list with the database's foreign keys to `users`:
 * a new table naming accounts fails it until it is listed here.
 */
export type Erasure =
  | { do: 'delete' }
  | { do: 'keep' }
  | { do: 'anonymise'; set: Readonly<Record<string, string | null>>; unlink: boolean };

export type PersonalColumn = {
  table: string;
  column: string;
  erasure: Erasure;
  why: string;
  /** columns of its rows an export leaves out (an earlier export's own content) */
  omit?: readonly string[];
};

const del: Erasure = { do: 'delete' };
const keep: Erasure = { do: 'keep' };

export const PERSONAL_COLUMNS: readonly PersonalColumn[] = [
  { table: 'sessions', column: 'user_id', erasure: del, why: 'signed-in browsers' },
  { table: 'password_tokens', column: 'user_id', erasure: del, why: 'one-time links' },
  { table: 'api_tokens', column: 'user_id', erasure: del, why: 'personal API tokens' },
  { table: 'mail_opt_outs', column: 'user_id', erasure: del, why: 'mails turned off' },
  {
    table: 'mail_opt_ins',
    column: 'user_id',
    erasure: del,
    why: 'mails asked for (the news digest)',
  },
  {
    table: 'privacy_exports',
    column: 'user_id',
    erasure: del,
    why: 'exports of these data asked for',
    omit: ['data'],
  },
  { table: 'user_changes', column: 'user_id', erasure: keep, why: 'the account’s history' },
  { table: 'user_changes', column: 'actor_id', erasure: keep, why: 'changes made as an admin' },
  {
    table: 'organisation_members',
    column: 'user_id',
    erasure: del,
    why: 'acting for organisations',
  },
  { table: 'organisation_claims', column: 'user_id', erasure: del, why: 'requests to act for one' },
  { table: 'organisation_claims', column: 'decided_by', erasure: keep, why: 'staff decisions' },
  { table: 'organisation_claims', column: 'revoked_by', erasure: keep, why: 'staff decisions' },
  { table: 'organisation_relations', column: 'created_by', erasure: keep, why: 'profile edits' },
  { table: 'organisation_relations', column: 'updated_by', erasure: keep, why: 'profile edits' },
  { table: 'funding_rounds', column: 'created_by', erasure: keep, why: 'profile edits' },
  { table: 'funding_rounds', column: 'updated_by', erasure: keep, why: 'profile edits' },
  { table: 'imports', column: 'created_by', erasure: keep, why: 'register imports run' },
  { table: 'news_articles', column: 'author_id', erasure: keep, why: 'articles written' },
  { table: 'news_files', column: 'created_by', erasure: keep, why: 'files uploaded' },
  { table: 'news_revisions', column: 'saved_by', erasure: keep, why: 'article revisions' },
  { table: 'programmes', column: 'created_by', erasure: keep, why: 'programmes set up' },
  { table: 'programme_form_versions', column: 'created_by', erasure: keep, why: 'forms edited' },
  {
    table: 'programme_applications',
    column: 'applicant_id',
    erasure: keep,
    why: 'a jury decides on it',
  },
  {
    table: 'programme_application_history',
    column: 'actor_id',
    erasure: keep,
    why: 'an application’s history',
  },
  {
    table: 'programme_attachments',
    column: 'uploaded_by',
    erasure: keep,
    why: 'files of an application',
  },
  {
    table: 'programme_jury_members',
    column: 'user_id',
    erasure: keep,
    why: 'a jury’s composition',
  },
  { table: 'programme_jury_members', column: 'added_by', erasure: keep, why: 'staff decisions' },
  {
    table: 'conflict_declarations',
    column: 'user_id',
    erasure: keep,
    why: 'a jury’s decision rests on it',
  },
  { table: 'programme_assignments', column: 'reviewer_id', erasure: keep, why: 'reviews given' },
  { table: 'programme_assignments', column: 'assigned_by', erasure: keep, why: 'staff decisions' },
  {
    table: 'programme_assignments',
    column: 'overridden_by',
    erasure: keep,
    why: 'staff decisions',
  },
  { table: 'programme_assignments', column: 'removed_by', erasure: keep, why: 'staff decisions' },
  {
    table: 'programme_discussion_posts',
    column: 'author_id',
    erasure: keep,
    why: 'a jury’s discussion',
  },
  { table: 'programme_decisions', column: 'decided_by', erasure: keep, why: 'decisions' },
  { table: 'labels', column: 'withdrawn_by', erasure: keep, why: 'staff decisions' },
  {
    table: 'accompaniment_milestones',
    column: 'created_by',
    erasure: keep,
    why: 'follow-up notes',
  },
  {
    table: 'venue_organisation_plans',
    column: 'created_by',
    erasure: keep,
    why: 'staff decisions',
  },
  {
    table: 'venue_booking_series',
    column: 'user_id',
    erasure: keep,
    why: 'the building’s calendar',
  },
  {
    table: 'venue_bookings',
    column: 'user_id',
    erasure: { do: 'anonymise', set: { requester_email: null }, unlink: false },
    why: 'the building’s calendar',
  },
  {
    table: 'venue_bookings',
    column: 'allowance_override_by',
    erasure: keep,
    why: 'staff decisions',
  },
  {
    table: 'venue_bookings',
    column: 'cancelled_by',
    erasure: keep,
    why: 'the building’s calendar',
  },
  { table: 'venue_waitlist', column: 'user_id', erasure: del, why: 'waiting for a slot' },
  {
    table: 'venue_calendar_feeds',
    column: 'user_id',
    erasure: del,
    why: 'a personal calendar feed',
  },
  { table: 'events', column: 'created_by', erasure: keep, why: 'events scheduled' },
  { table: 'events', column: 'requested_by', erasure: keep, why: 'events proposed' },
  {
    table: 'event_registrations',
    column: 'user_id',
    erasure: { do: 'anonymise', set: { name: '—', email: 'erased@invalid' }, unlink: true },
    why: 'registrations',
  },
  { table: 'exhibitions', column: 'created_by', erasure: keep, why: 'exhibitions scheduled' },
  // not a foreign key: the audit log outlives accounts and its chain cannot be rewritten
  { table: 'audit_log', column: 'actor_id', erasure: keep, why: 'the audit log' },
];

/** columns never exported, whatever the table: secrets and their hashes */
export const SECRET_COLUMN = /hash|secret|^key$|unsubscribe_key|token$/;
