/**
 * Identical fetches in flight share one: the first caller of a key runs the fetch, every caller
 * of the same key until it settles joins it, and all get its outcome. Each caller gets an answer
 * of its own (the gateway merges other fetches' data into what it receives): the last one to
 * take the answer gets it as is, every other one a copy made before anyone could change it. A
 * failure is the same error for all.
 */
export class InFlightFetches<T> {
  private readonly pending = new Map<string, { answer: Promise<T>; waiters: number }>();

  constructor(private readonly copy: (value: T) => T) {}

  /** `onJoin` is called when this caller joins a fetch already in flight instead of sending one. */
  async run(key: string, fetch: () => Promise<T>, onJoin?: () => void): Promise<T> {
    let entry = this.pending.get(key);
    if (entry) {
      entry.waiters += 1;
      onJoin?.();
    } else {
      // Removed as it settles, before any caller resumes: a later caller sends a fetch of its own.
      const answer = fetch().finally(() => this.pending.delete(key));
      entry = { answer, waiters: 1 };
      this.pending.set(key, entry);
    }
    const value = await entry.answer;
    entry.waiters -= 1;
    return entry.waiters === 0 ? value : this.copy(value);
  }

  /** Keys in flight now. */
  get size(): number {
    return this.pending.size;
  }
}
