import path from "node:path";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "../app/lib/env.server";
import { acquireDirectoryLock } from "./pglite-lock.server";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The common face of both drivers: models are written against this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent, embedded PGlite is used. */
  url?: string;
  /** PGlite data directory, or "memory://" for a throwaway database. */
  pgliteDir?: string;
  /** postgres.js pool size. */
  maxConnections?: number;
}

const migrationsFolder = path.resolve(process.cwd(), "db/migrations");

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.maxConnections ?? 10);
  return openPglite(options.pgliteDir ?? "./.data/pglite");
}

// Each driver is loaded only when chosen: a PostgreSQL deployment never loads
// PGlite's WebAssembly build, and the embedded demo never loads postgres.js.
async function openPostgres(url: string, max: number): Promise<Database> {
  const [{ default: postgres }, { drizzle: drizzlePostgres }, { migrate: migratePostgres }] =
    await Promise.all([
      import("postgres"),
      import("drizzle-orm/postgres-js"),
      import("drizzle-orm/postgres-js/migrator"),
    ]);
  const client = postgres(url, {
    max,
    onnotice: () => {},
    // Fail fast when the server is down instead of queueing requests forever.
    connect_timeout: 5,
    // Seconds before a closed connection tries again. postgres.js's default grows
    // to 20 s after a few failures, and every query waiting for that connection
    // waits with it: during a PostgreSQL restart pages hung for up to 20 s
    // (scripts/failures/postgres-restart.ts). At most a second here, so a request
    // during an outage fails fast (503) and the first one after it succeeds.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
  });
  const db = drizzlePostgres({ client, schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    migrate: () => migratePostgres(drizzlePostgres({ client, schema }), { migrationsFolder }),
    ping: async () => {
      await client`select 1`;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dir: string): Promise<Database> {
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  const inMemory = dir.startsWith("memory://");
  const release = inMemory ? () => {} : acquireDirectoryLock(dir);
  let client: InstanceType<typeof PGlite>;
  try {
    client = await PGlite.create(inMemory ? undefined : path.resolve(dir));
  } catch (error) {
    release();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    migrate: () => migratePglite(drizzlePglite({ client, schema }), { migrationsFolder }),
    ping: async () => {
      await client.query("select 1");
    },
    close: async () => {
      await client.close();
      release();
    },
  };
}

/*
 * One database per process. Kept on globalThis so that the Remix bundle, the
 * server entry and dev-mode rebuilds all share the same connection (two PGlite
 * instances on one directory would corrupt it).
 */
type Holder = { promise?: Promise<Database> };
const holder: Holder = ((globalThis as { __meridianDb?: Holder }).__meridianDb ??= {});

export function installDatabase(database: Database): void {
  holder.promise = Promise.resolve(database);
}

export function database(): Promise<Database> {
  holder.promise ??= (async () => {
    const config = env();
    return openDatabase({
      url: config.DATABASE_URL,
      pgliteDir: config.PGLITE_DIR,
      maxConnections: config.DATABASE_POOL_MAX,
    });
  })();
  // A failed open is not remembered: the next caller tries again.
  holder.promise.catch(() => {
    holder.promise = undefined;
  });
  return holder.promise;
}

export async function db(): Promise<Db> {
  return (await database()).db;
}

export async function closeDatabase(): Promise<void> {
  const current = holder.promise;
  holder.promise = undefined;
  if (current) await (await current).close();
}

export async function isDatabaseReachable(): Promise<boolean> {
  try {
    await (await database()).ping();
    return true;
  } catch {
    return false;
  }
}

export { sql };
