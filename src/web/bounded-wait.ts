/**
 * `work`'s outcome, or `fallback` once `ms` have passed: a page that needs another service
 * answers in bounded time however that service behaves. The work carries on; a late outcome
 * is dropped (and a late failure ignored).
 */
export async function withinMs<T, F>(work: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  work.catch(() => undefined);
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
