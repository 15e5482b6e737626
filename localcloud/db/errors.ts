/**
 * The store's errors, shared by the store, its index maintenance and its transactions.
 */

/** Error codes, named like CloudBase's so the transport can pass them through to the SDK. */
export type StoreErrorCode =
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'INVALID_PARAM';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** MongoDB's message, from whichever layer finds the duplicate: the documents table, a unique index or a transaction's buffer. */
export function duplicateError(collection: string, index: string, key: string): StoreError {
  return new StoreError(
    'DATABASE_REQUEST_FAILED',
    `E11000 duplicate key error collection: ${collection} index: ${index} dup key: { ${key} }`,
  );
}
