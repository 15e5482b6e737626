import { DomainError, type ErrorCode, type FieldError } from '../../src/domain/errors';

/** Thrown by use cases for validation failures that carry every field error at once. */
export class ValidationFailed extends DomainError {
  readonly errors: FieldError[];
  constructor(errors: FieldError[]) {
    const first = errors[0];
    super(first.code, first.message, first.field);
    this.errors = errors;
  }
}

export function fail(code: ErrorCode, message?: string, field?: string): never {
  throw new DomainError(code, message, field);
}

/** CloudBase and the local store report a duplicate key in slightly different words. */
export function isDuplicateKeyError(e: unknown): boolean {
  const text = e instanceof Error ? `${e.message} ${(e as { code?: unknown }).code ?? ''}` : String(e);
  return /duplicate|E11000|DATABASE_DUPLICATE_WRITE|already exists/i.test(text);
}
