import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { closeDatabase, installDatabase, openDatabase, type Database } from "~db/client.server";

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default,
 * or a throwaway database on the PostgreSQL server named by
 * TEST_DATABASE_URL when the file runs in the postgres project.
 */
export interface TestDatabase {
  readonly handle: Database;
  readonly url: string | undefined;
}

async function createPostgresDatabase(baseUrl: string): Promise<string> {
  const name = `meridian_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropPostgresDatabase(baseUrl: string, url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

export function testDatabaseKind(): "pglite" | "postgres" {
  return process.env.TEST_DB === "postgres" ? "postgres" : "pglite";
}

export async function openTestDatabase(): Promise<{
  handle: Database;
  url?: string;
  drop(): Promise<void>;
}> {
  if (testDatabaseKind() === "postgres") {
    const baseUrl = process.env.TEST_DATABASE_URL;
    if (!baseUrl) throw new Error("TEST_DATABASE_URL must be set for the postgres test project");
    const url = await createPostgresDatabase(baseUrl);
    const handle = await openDatabase({ url, maxConnections: 20 });
    await handle.migrate();
    return {
      handle,
      url,
      drop: async () => {
        await handle.close();
        await dropPostgresDatabase(baseUrl, url);
      },
    };
  }
  const handle = await openDatabase({ pgliteDir: "memory://" });
  await handle.migrate();
  return { handle, drop: () => handle.close() };
}

/** Registers hooks that give the file its own database, installed as the app's database. */
export function withTestDatabase(): TestDatabase {
  const state: { handle?: Database; url?: string; drop?: () => Promise<void> } = {};
  beforeAll(async () => {
    const opened = await openTestDatabase();
    Object.assign(state, opened);
    installDatabase(opened.handle);
  });
  afterAll(async () => {
    await closeDatabase().catch(() => {});
    await state.drop?.().catch(() => {});
  });
  return {
    get handle() {
      if (!state.handle)
        throw new Error("The test database is not open yet (use it inside a test)");
      return state.handle;
    },
    get url() {
      return state.url;
    },
  };
}
