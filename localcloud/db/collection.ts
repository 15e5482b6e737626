/**
 * A collection as the store's parts see it: its documents table with its statements and indexes,
 * and the ids of its documents.
 */
import type Database from 'better-sqlite3';
import { randomBytes } from 'crypto';
import { StoreError } from './errors';
import type { IndexState } from './indexes';
import type { IndexView } from './planner';

export type Statement<P extends unknown[] = unknown[], R = unknown> = Database.Statement<P, R>;

/** The documents table seen as an index on `_id`. */
export interface PrimaryView extends IndexView {
  table: string;
}

export interface CollectionState {
  name: string;
  table: string;
  primary: PrimaryView;
  indexes: IndexState[];
  get: Statement<[string], string>;
  insert: Statement<[string, string]>;
  update: Statement<[string, string]>;
  remove: Statement<[string]>;
}

export function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** A document's `_id`: CloudBase's ids are strings, and this store keeps only string ids. */
export function docKey(id: unknown): string {
  if (typeof id === 'string' && id.length > 0) return id;
  throw new StoreError('INVALID_PARAM', `_id must be a non-empty string, got ${JSON.stringify(id)}`);
}

/** CloudBase-style 32-hex-digit id, for documents and transactions. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}
