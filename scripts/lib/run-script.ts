import { ConfigError } from "~/lib/env.server";
import { DataDirectoryInUseError } from "~db/pglite-lock.server";

/** Runs a script's body; known failures print one clear message and exit 1, without a stack trace. */
export async function runScript(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirectoryInUseError) {
      console.error(`\n${error.message}\n`);
    } else {
      console.error(error);
    }
    process.exit(1);
  }
}
