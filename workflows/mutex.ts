/**
 * A first-in, first-out lock for workflow code. Message handlers apply their change to the state
 * at once and then queue the activities that follow under this lock, so records and notices go
 * out one at a time, in the order the changes were applied. It is built on promise chaining only,
 * which keeps it deterministic inside the workflow sandbox.
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
