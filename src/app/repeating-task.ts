/** A task run again and again until stopped. */
export interface RepeatingTask {
  /** Stops the repetition and resolves once a run in progress has ended. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `everyMs` milliseconds, each run starting `everyMs` after the previous one
 * ended, so slow runs never overlap or pile up. The first run comes after one period. A run
 * that throws is passed to `onError` and the repetition goes on. The timers never keep the
 * process alive by themselves.
 */
export function repeat(task: () => Promise<void>, everyMs: number, onError: (error: unknown) => void): RepeatingTask {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inProgress: Promise<void> | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      inProgress = task()
        .catch(onError)
        .finally(() => {
          inProgress = undefined;
          schedule();
        });
    }, everyMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inProgress;
    },
  };
}
