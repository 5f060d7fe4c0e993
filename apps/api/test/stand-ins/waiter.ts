/** A list that a test can wait on until it holds `count` entries, or fail after `timeoutMs`. */
export class WaitableList<T> {
  readonly items: T[] = [];
  readonly #waiters: (() => void)[] = [];

  push(item: T): void {
    this.items.push(item);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  async waitFor(count: number, timeoutMs = 10_000): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.items.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`Expected ${count} entries, have ${this.items.length}`);
      }
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }

    return this.items;
  }
}
