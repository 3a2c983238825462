import { integer, text } from 'drizzle-orm/sqlite-core';

/** Epoch milliseconds. */
export const epochMs = (name?: string) => (name ? integer(name) : integer());
export const bool = (name?: string) => (name ? integer(name, { mode: 'boolean' }) : integer({ mode: 'boolean' }));
/** Rows mirrored from 1C keep the 1C reference (GUID) and when a pull last saw them. */
export const mirrorColumns = () => ({
  ref1c: text('ref_1c'),
  seenAt: epochMs(),
});
