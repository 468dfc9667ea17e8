import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);

const alias = [
  { find: /^~db\//, replacement: `${path.join(root, "db")}/` },
  { find: /^~emails\//, replacement: `${path.join(root, "emails")}/` },
  { find: /^~\//, replacement: `${path.join(root, "app")}/` },
  { find: /^~tests\//, replacement: `${path.join(root, "tests")}/` },
  { find: /^~scripts\//, replacement: `${path.join(root, "scripts")}/` },
];

// CI sums the JSON reports of every run into one "N passed, N failed" line.
type Reporter = string | [string, Record<string, unknown>];
const reporters: Reporter[] = process.env.VITEST_JSON_DIR
  ? [
      "default",
      [
        "json",
        {
          outputFile: path.join(
            process.env.VITEST_JSON_DIR,
            `run-${process.pid}-${Date.now()}.json`,
          ),
        },
      ],
    ]
  : ["default"];

const integration = (name: string, database: "pglite" | "postgres") => ({
  extends: true as const,
  test: {
    name,
    include: ["tests/integration/**/*.test.ts"],
    // Files named pglite-* test the embedded database itself, and postgres-* need a
    // database server (several processes on one database): each runs on its own kind.
    exclude:
      database === "postgres"
        ? ["tests/integration/pglite-*.test.ts"]
        : ["tests/integration/postgres-*.test.ts"],
    env: { TEST_DB: database },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  resolve: { alias },
  test: {
    reporters,
    environment: "node",
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.{ts,tsx}"] },
      },
      integration("integration", "pglite"),
      ...(process.env.TEST_DATABASE_URL ? [integration("integration-postgres", "postgres")] : []),
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
