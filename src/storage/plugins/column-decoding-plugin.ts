import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/** Turns a stored value of one column into its JavaScript value; NULL never reaches it. */
export type ColumnDecoder = (value: unknown) => unknown;

/**
 * Decodes result columns by name, for drivers that return some types in their storage form
 * (SQLite: timestamps as text, booleans as 0/1). Columns are matched by name, so the
 * decoded columns' names must mean one thing across the schema (see `schema.ts`).
 */
export class ColumnDecodingPlugin implements KyselyPlugin {
  readonly #decoders: ReadonlyMap<string, ColumnDecoder>;

  constructor(decoders: ReadonlyMap<string, ColumnDecoder>) {
    this.#decoders = decoders;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return { ...args.result, rows: args.result.rows.map((row) => this.#decodeRow(row)) };
  }

  #decodeRow(row: UnknownRow): UnknownRow {
    const decoded: UnknownRow = { ...row };
    for (const [column, value] of Object.entries(row)) {
      const decode = this.#decoders.get(column);
      if (decode && value !== null && value !== undefined) decoded[column] = decode(value);
    }
    return decoded;
  }
}
