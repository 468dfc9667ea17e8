import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

/**
 * postgres.js 3.4.9 keeps its connection and query queues in an array that
 * was only reset when shift() took the very last element. Under sustained
 * load that rarely happens, so the array grew without bound and throughput
 * halved within minutes (reproduced by `npm run bench`'s soak; see README).
 * patches/postgres+3.4.9.patch, applied by `npm install`, fixes it; these
 * tests fail on the unpatched module.
 */
interface Queue<T> {
  readonly length: number;
  push(x: T): T;
  shift(): T | undefined;
  remove(x: T): T | null;
}

const require = createRequire(import.meta.url);
const queuePath = require.resolve("postgres").replace(/cjs\/src\/index\.js$/, "cjs/src/queue.js");
const Queue = require(queuePath) as <T>(initial?: T[]) => Queue<T>;

describe("the patched postgres.js queue", () => {
  it("is the patched file in every build of the module", () => {
    for (const build of ["src", "cjs/src", "cf/src"]) {
      const file = queuePath.replace(/cjs\/src\/queue\.js$/, `${build}/queue.js`);
      expect(fs.readFileSync(file, "utf8"), file).toContain("Patched by Meridian");
    }
  });

  it("keeps first-in, first-out order with removals in between", () => {
    const q = Queue<string>();
    for (const x of ["a", "b", "c", "d"]) q.push(x);
    expect(q.shift()).toBe("a");
    expect(q.remove("c")).toBe("c");
    expect(q.remove("zzz")).toBeNull();
    expect(q.length).toBe(2);
    expect([q.shift(), q.shift(), q.shift()]).toEqual(["b", "d", undefined]);
  });

  it("still works after a shift on an empty queue", () => {
    const q = Queue<string>();
    expect(q.shift()).toBeUndefined();
    q.push("x");
    expect(q.length).toBe(1);
    expect(q.shift()).toBe("x");
  });

  it("does not grow when it is never empty at the moment of a shift", () => {
    const q = Queue<object>();
    const items = Array.from({ length: 4 }, () => ({}));
    q.push(items[0]!);
    q.push(items[1]!);
    // remove() searches the queue's array with indexOf: watch how long that array gets.
    let longest = 0;
    const indexOf = Array.prototype.indexOf;
    Array.prototype.indexOf = function (this: unknown[], ...args: [unknown, number?]) {
      longest = Math.max(longest, this.length);
      return indexOf.apply(this, args);
    };
    try {
      // The load pattern of a busy pool: one element always waits while others come and go.
      for (let i = 0; i < 20_000; i++) {
        q.push(items[(i + 2) % 4]!);
        q.shift();
        q.push(items[(i + 3) % 4]!);
        q.remove(items[(i + 3) % 4]!);
      }
    } finally {
      Array.prototype.indexOf = indexOf;
    }
    expect(q.length).toBe(2);
    // Unpatched, the array ends 20,000 slots long, nearly all of them consumed.
    expect(longest).toBeLessThan(2_100);
  });
});
