/**
 * A first-in, first-out lock for workflow code. Message handlers that await activities run one at
 * a time under it, so each one reads the state the previous one left and checks its rules again.
 * It is built on promise chaining only, which keeps it deterministic inside the workflow sandbox.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `task` after every task queued before it has settled, and returns its result. */
  runExclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
