/** A route as data: the app registers it, auth enforces its access, and the OpenAPI document describes it. */
import type { ClusterStore } from '../engine/clickhouse/cluster-store.js';
import type { Context } from 'hono';
import type { QualifyConfig } from '../act/index.js';
import type { Engine } from '../engine/engine.js';
import type { CompanyProfile } from '../target/index.js';
import type { ValueConfig, ValueReport } from '../value/index.js';
import type { Role } from './accounts.js';
import type { TokenCache } from './auth.js';
import type { AnswerCache, ListBlock } from './cache.js';
import type { LoginLimiter } from './rate-limit.js';

/** Who may call a route: anyone, or a role and those above it (viewer < analyst < admin). */
export type Access = 'public' | Role;

/** A JSON Schema fragment (OpenAPI 3.1 schemas are JSON Schema 2020-12). */
export type Schema = Readonly<Record<string, unknown>>;

export interface ParamDoc {
  readonly name: string;
  readonly in: 'query' | 'path';
  readonly schema: Schema;
  readonly description?: string;
  readonly required?: boolean;
}

export interface AuthUser {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
  readonly expiresAt: string;
  readonly token: string;
}

export type AppEnv = { Variables: { user: AuthUser | null; failure: unknown } };
export type AppContext = Context<AppEnv>;

export interface RouteSpec {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI form: `/api/customers/{id}`. */
  readonly path: string;
  readonly access: Access;
  readonly summary: string;
  readonly tag: string;
  readonly params?: readonly ParamDoc[];
  readonly body?: { readonly contentType: string; readonly schema: Schema; readonly description?: string };
  readonly response: { readonly contentType?: string; readonly schema: Schema; readonly description: string };
  /** Extra failure statuses worth documenting beyond 400/401/403/500. */
  readonly errors?: readonly number[];
  readonly handler: (c: AppContext, s: ServerState) => Promise<Response>;
}

export interface ServerOptions {
  readonly engine: Engine;
  /** A ClickHouse store (docs/clickhouse.md): `engine` is its companion; imports and undos go through the cluster. */
  readonly cluster?: ClusterStore;
  /** The value config every analysis uses (loaded by the CLI at the edge). */
  readonly valueConfig: ValueConfig;
  readonly company: CompanyProfile;
  /** MAN rules for lead qualification; default DEFAULT_QUALIFY (act/qualify-config.ts). */
  readonly qualify?: QualifyConfig;
  /** Memory for kept answers (list pages, overviews, customers' figures), bytes; default 256 MB. */
  readonly cacheBytes?: number;
  /** Largest upload, in bytes; default 200 MB. */
  readonly maxUploadBytes?: number;
  /** Lifetime of a login token, seconds; default 12 hours. */
  readonly loginTtlSeconds?: number;
  /** A login token unused this long (seconds) ends; default 1 hour. API tokens have their lifetime only. */
  readonly idleTimeoutSeconds?: number;
  /** Failed logins per account and address before the back-off starts (rate-limit.ts); default 5. */
  readonly loginAttempts?: number;
  /** Quiet time after which failed logins are forgotten, ms; default 15 minutes. */
  readonly loginWindowMs?: number;
  /** The first back-off after `loginAttempts` failures, ms; it doubles with each further one. Default 1 s. */
  readonly loginBackoffMs?: number;
  /** The token the local CLI signs in with (local.ts); none: no local access. */
  readonly localToken?: string;
  /** Where request lines go: method, path without query, status, ms, user id. Default: nothing. */
  readonly log?: (line: string) => void;
  /** Also log the message and stack of internal errors (they may quote data values). */
  readonly debug?: boolean;
}

/**
 * What handlers share. Reads go through `read` (parallel, on the engine's read views); anything that writes goes
 * through `write` on `engine` itself, alone: no read runs meanwhile, so a transaction never meets another request.
 */
export interface ServerState {
  /** The engine: use it only inside `write`; reads use the view `read` gives. */
  readonly engine: Engine;
  readonly options: Required<Omit<ServerOptions, 'log' | 'debug' | 'localToken'>> & Pick<ServerOptions, 'log' | 'debug' | 'localToken'>;
  readonly limiter: LoginLimiter;
  readonly tokens: TokenCache;
  /**
   * Runs `fn` on a read view, alongside other reads, never during a write. Pass the request's signal to drop the
   * read (499) if its client leaves while it waits; not inside a memo, whose work other requests share.
   */
  read<T>(fn: (view: Engine) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Runs `fn` with the store to itself (writes use `engine`). Call `changed` inside it when the data changed. */
  write<T>(fn: () => Promise<T>): Promise<T>;
  /** The default value run (and its customer list), computed once per change of the data (the server holds the store alone). */
  value(): Promise<ValueReport>;
  /** A read against the current value run: `fn` never sees data newer or older than `v`. */
  withValue<T>(fn: (view: Engine, v: ValueReport) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Call inside a write that may change the data or the stored run: drops the run and every cached figure. */
  changed(): void;
  /** Drops cached figures only (a saved segment changed, not the data). */
  forget(): void;
  /** Blocks of list pages, kept until the next change (cache.ts). */
  readonly lists: AnswerCache<ListBlock>;
  /** Whole answers as JSON text (the overview of a run, a customer's figures), kept until the next change. */
  readonly answers: AnswerCache<string>;
  /** Counts changes of the data and of saved segments: with the run id, an answer's ETag. */
  generation(): number;
  /** A figure cached until the next change (e.g. a list's total, a rule's count). */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
  user(c: AppContext): AuthUser;
}
