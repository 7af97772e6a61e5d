/**
 * The project's few error classes. A bare `Error` means a bug; these mean the user can do something.
 * The CLI turns them into exit codes in one place (cli/main.ts).
 */

/** Base of every expected failure: `hint` says what to do next. */
export class ClienteleError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Wrong command-line or config input. */
export class UsageError extends ClienteleError {}

/** A file that cannot be imported at all (as opposed to single bad rows, which go to quarantine). */
export class ImportError extends ClienteleError {
  constructor(
    message: string,
    readonly file: string,
    hint?: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(message, hint);
  }
}

/** A statement the engine refused. Carries the SQL and the number of parameters, never their values (they may be PII). */
export class QueryError extends ClienteleError {
  constructor(
    message: string,
    readonly sql: string,
    readonly paramCount: number,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** Asked for something the store does not have (an import id, a customer). */
export class NotFoundError extends ClienteleError {}

/** The store is held by another process or is not a Clientele store. */
export class StoreError extends ClienteleError {}
