import type { DatabaseConnection, Dialect as KyselyDialect, Driver, TransactionSettings } from 'kysely';

/** A wait for the database that ran out of time: the database is unavailable, not the request wrong. */
export class DatabaseTimeoutError extends Error {
  override readonly name = 'DatabaseTimeoutError';
}

/**
 * `dialect` with a bound on the wait for a connection, the one wait Kysely's drivers leave
 * unbounded (SQLite's single connection waits for any transaction; the MySQL dialect's own
 * queue and pg-pool drop a waiter themselves, see the dialects). A connection that arrives
 * after the deadline goes straight back to the pool.
 */
export function withAcquireTimeout(dialect: KyselyDialect, acquireMs: number): KyselyDialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => new BoundedDriver(dialect.createDriver(), acquireMs),
  };
}

class BoundedDriver implements Driver {
  readonly savepoint;
  readonly rollbackToSavepoint;
  readonly releaseSavepoint;

  constructor(
    private readonly inner: Driver,
    private readonly acquireMs: number,
  ) {
    this.savepoint = inner.savepoint?.bind(inner);
    this.rollbackToSavepoint = inner.rollbackToSavepoint?.bind(inner);
    this.releaseSavepoint = inner.releaseSavepoint?.bind(inner);
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const acquiring = this.inner.acquireConnection();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new DatabaseTimeoutError(`no database connection within ${this.acquireMs} ms`)), this.acquireMs);
    });
    try {
      return await Promise.race([acquiring, deadline]);
    } catch (error) {
      if (error instanceof DatabaseTimeoutError) void acquiring.then((late) => this.inner.releaseConnection(late), () => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
