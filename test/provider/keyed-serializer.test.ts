import { describe, expect, it } from "vitest";
import { KeyedSerializer } from "../../src/provider/keyed-serializer";

/** A task that records its start and end and finishes when released. */
function gate(log: string[], name: string) {
  let release!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    release = () => resolve(name);
    fail = reject;
  });
  const task = async (): Promise<string> => {
    log.push(`start ${name}`);
    try {
      return await done;
    } finally {
      log.push(`end ${name}`);
    }
  };
  return { task, release: () => release(), fail: (error: Error) => fail(error) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("KeyedSerializer", () => {
  it("runs tasks of one key one after another, in the order asked, each settling as its task does", async () => {
    const serial = new KeyedSerializer();
    const log: string[] = [];
    const [a, b, c] = ["a", "b", "c"].map((name) => gate(log, name));
    const results = [serial.run("vpc-1", a!.task), serial.run("vpc-1", b!.task), serial.run("vpc-1", c!.task)];
    await tick();
    expect(log).toEqual(["start a"]);
    a!.fail(new Error("a failed"));
    await expect(results[0]).rejects.toThrow("a failed");
    await tick();
    expect(log).toEqual(["start a", "end a", "start b"]); // a rejection does not stop the queue
    b!.release();
    c!.release();
    expect(await Promise.all(results.slice(1))).toEqual(["b", "c"]);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  it("runs tasks of different keys at once, and forgets a key once it is idle", async () => {
    const serial = new KeyedSerializer();
    const log: string[] = [];
    const a = gate(log, "a");
    const b = gate(log, "b");
    const results = [serial.run("vpc-1", a.task), serial.run("vpc-2", b.task)];
    await tick();
    expect(log).toEqual(["start a", "start b"]);
    expect(serial.busyKeys).toBe(2);
    b.release();
    a.release();
    expect(await Promise.all(results)).toEqual(["a", "b"]);
    await tick();
    expect(serial.busyKeys).toBe(0);
  });
});
