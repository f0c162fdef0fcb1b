import {
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from 'kysely';

/** Turns one query parameter into what the driver can bind correctly; others pass as they are. */
export type ParameterEncoder = (value: unknown) => unknown;

class ParameterTransformer extends OperationNodeTransformer {
  readonly #encode: ParameterEncoder;

  constructor(encode: ParameterEncoder) {
    super();
    this.#encode = encode;
  }

  protected override transformValue(node: ValueNode): ValueNode {
    return { ...node, value: this.#encode(node.value) };
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return { ...node, values: node.values.map(this.#encode) };
  }
}

/**
 * Rewrites every parameter of every query with `encode`, before the driver sees it: for
 * drivers that cannot bind some JavaScript values (better-sqlite3 and `Date`/`boolean`) or
 * bind them wrongly (node-postgres sends `Date`s in local time).
 */
export class ParameterEncodingPlugin implements KyselyPlugin {
  readonly #transformer: ParameterTransformer;

  constructor(encode: ParameterEncoder) {
    this.#transformer = new ParameterTransformer(encode);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
