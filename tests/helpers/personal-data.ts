import { sql } from "drizzle-orm";
import type { Db } from "~db/client.server";

export interface Hit {
  table: string;
  column: string;
  needle: string;
}

/** Rows of a raw query, whichever driver ran it (postgres.js: an array; PGlite: { rows }). */
export async function rawRows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}

/** Every column of every table in the schema that can hold words: text, varchar, json, arrays. */
export async function textColumns(db: Db): Promise<{ table: string; column: string }[]> {
  return rawRows<{ table: string; column: string }>(
    db,
    sql`select table_name as "table", column_name as "column"
          from information_schema.columns c
         where table_schema = 'public'
           and (data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY'))
           and exists (select 1 from information_schema.tables t
                        where t.table_schema = 'public' and t.table_name = c.table_name
                          and t.table_type = 'BASE TABLE')
         order by 1, 2`,
  );
}

/**
 * Where any of the needles (emails, names, answers) still appears, case
 * ignored, in any text-like column of any table: the generic check that
 * nothing personal is left, which no new table or column can slip past.
 */
export async function findText(db: Db, needles: readonly string[]): Promise<Hit[]> {
  const hits: Hit[] = [];
  for (const { table, column } of await textColumns(db)) {
    for (const needle of needles) {
      const [row] = await rawRows<{ n: number | string }>(
        db,
        sql`select count(*) as n from ${sql.identifier(table)}
             where strpos(lower(${sql.identifier(column)}::text), lower(${needle})) > 0`,
      );
      if (Number(row?.n ?? 0) > 0) hits.push({ table, column, needle });
    }
  }
  return hits;
}

/** Every column, in any table, that references the user table (a user id). */
export async function userIdColumns(db: Db): Promise<{ table: string; column: string }[]> {
  return rawRows<{ table: string; column: string }>(
    db,
    sql`select kcu.table_name as "table", kcu.column_name as "column"
          from information_schema.referential_constraints rc
          join information_schema.key_column_usage kcu
            on kcu.constraint_name = rc.constraint_name and kcu.constraint_schema = rc.constraint_schema
          join information_schema.constraint_column_usage ccu
            on ccu.constraint_name = rc.unique_constraint_name and ccu.constraint_schema = rc.unique_constraint_schema
         where ccu.table_name = 'user' and kcu.table_schema = 'public'
         order by 1, 2`,
  );
}

/** Where the id still appears in a column that references a user. */
export async function findUserId(db: Db, userId: string): Promise<Hit[]> {
  const hits: Hit[] = [];
  for (const { table, column } of await userIdColumns(db)) {
    const [row] = await rawRows<{ n: number | string }>(
      db,
      sql`select count(*) as n from ${sql.identifier(table)} where ${sql.identifier(column)} = ${userId}::uuid`,
    );
    if (Number(row?.n ?? 0) > 0) hits.push({ table, column, needle: userId });
  }
  return hits;
}
