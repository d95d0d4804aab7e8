/** Runs tasks with at most `limit` in flight, like `pulumi up --parallel <limit>`. */

/** Outcome of one task. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** Runs `task(0) ... task(count - 1)`, `limit` at a time; never rejects. Results are in index order. */
export async function runPool<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<Settled<T>[]> {
  const results = new Array<Settled<T>>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await task(index) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}
