/**
 * Runs tasks that share a key one after another, in the order they were asked; tasks of different keys run at once.
 * create.ts keys its note-then-CreateFlowLog step by region and resource: a create's note (issue 5) must list the flow
 * log of an earlier create of this process on the same resource, or a lost CreateFlowLog answer could take that one
 * for its own, or find two new ones and give up leaving its own orphaned (test/provider/same-resource.emulator.test.ts).
 */
export class KeyedSerializer {
  /** Per key, the settling of its last task (never rejects); removed once the key is idle. */
  private readonly tails = new Map<string, Promise<void>>();

  /** Number of keys with a task running or queued. */
  get busyKeys(): number {
    return this.tails.size;
  }

  /** Runs `task` once every earlier task of `key` has settled (resolved or rejected); settles as `task` does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
