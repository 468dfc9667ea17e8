import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "~/lib/database-unavailable.server";

/*
 * PostgreSQL cutting a connection (a restart, a failover, an administrator's
 * pg_terminate_backend) must reach the code that asked as an error it can
 * answer with a 503, never as an exception thrown from one of postgres.js's
 * timers, which took the whole web process down during
 * scripts/failures/postgres-restart.ts. patches/postgres+3.4.9.patch guards
 * the write; unpatched, the second query below throws "Cannot read properties
 * of null (reading 'write')" outside any promise and vitest reports it as an
 * unhandled error.
 */
const url = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const sql = postgres(url, { max: 2, onnotice: () => {} });
afterAll(() => sql.end({ timeout: 5 }));

describe("a connection PostgreSQL cuts", () => {
  it("fails the queries on it with an error that says the database is unavailable", async () => {
    const reserved = await sql.reserve();
    const [row] = await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`;
    await sql`select pg_terminate_backend(${row!.pid})`;
    const errors: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      await reserved`select 1`.catch((error: unknown) => errors.push(error));
      await new Promise((r) => setTimeout(r, 50));
    }
    reserved.release();
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("leaves the pool working for the next query", async () => {
    const [row] = await sql<{ one: number }[]>`select 1 as one`;
    expect(row!.one).toBe(1);
  });
});
