import type { DatabaseConnection, Dialect, Driver } from 'kysely';

/** How busy a connection pool is now, counted at Kysely's driver (the same for every database). */
export class PoolUsage {
  /** Connections handed out and not yet released (queries or transactions running). */
  inUse = 0;
  /** Queries waiting for a connection: above zero, the pool is the bottleneck. */
  waiting = 0;
}

/**
 * `dialect` with its driver counting connections in use and acquisitions waiting into `usage`:
 * pg, mysql2 and better-sqlite3 each keep these numbers privately, or not at all.
 */
export function countingPoolUsage(dialect: Dialect, usage: PoolUsage): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => countingDriver(dialect.createDriver(), usage),
  };
}

function countingDriver(driver: Driver, usage: PoolUsage): Driver {
  return new Proxy(driver, {
    get(target, property) {
      if (property === 'acquireConnection') {
        return async (): Promise<DatabaseConnection> => {
          usage.waiting += 1;
          let connection: DatabaseConnection;
          try {
            connection = await target.acquireConnection();
          } finally {
            usage.waiting -= 1;
          }
          usage.inUse += 1;
          return connection;
        };
      }
      if (property === 'releaseConnection') {
        return async (connection: DatabaseConnection): Promise<void> => {
          usage.inUse -= 1;
          await target.releaseConnection(connection);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
