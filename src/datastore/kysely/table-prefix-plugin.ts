/**
 * Prefixes Barbican's table and index names (`users` → `auth_users`) so its tables sit beside an
 * app's own `users` or `sessions`. Applied to the query tree, so every builder query, precompiled
 * hot-path statement and migration is covered, whatever table a future migration adds; only raw
 * SQL text (`sql\`...\``) naming a table would escape it, and Barbican's queries write none.
 * Every table name in a tree is prefixed, which is right as long as queries use no table aliases;
 * so are explicit index and constraint names (PostgreSQL makes an index of a named primary key).
 */
import {
  type CheckConstraintNode,
  type CreateIndexNode,
  type DropConstraintNode,
  type DropIndexNode,
  type ForeignKeyConstraintNode,
  IdentifierNode,
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimaryKeyConstraintNode,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  SchemableIdentifierNode,
  type TableNode,
  type UniqueConstraintNode,
  type UnknownRow,
} from 'kysely';

const VALID_PREFIX = /^[a-z][a-z0-9_]*$/;

/** Throws for a prefix that is not a plain lower-case SQL identifier start (it is spliced into names). */
export function checkTablePrefix(prefix: string): string {
  if (prefix !== '' && !VALID_PREFIX.test(prefix)) {
    throw new TypeError(
      `tablePrefix must be lower-case letters, digits and underscores, starting with a letter; got ${JSON.stringify(prefix)}`,
    );
  }
  return prefix;
}

class TablePrefixTransformer extends OperationNodeTransformer {
  readonly #prefix: string;

  constructor(prefix: string) {
    super();
    this.#prefix = prefix;
  }

  // Always prefixed, even a name that already begins with the prefix: with prefix "u", "users"
  // must still become "uusers", or it would be the app's own table.
  #name(name: string): string {
    return `${this.#prefix}${name}`;
  }

  /** A constraint's explicit name: on PostgreSQL it names an index too, unique in the schema. */
  #constraint<T extends { readonly name?: IdentifierNode }>(transformed: T, original: T): T {
    return original.name
      ? { ...transformed, name: IdentifierNode.create(this.#name(original.name.name)) }
      : transformed;
  }

  #schemable(node: SchemableIdentifierNode): SchemableIdentifierNode {
    const name = this.#name(node.identifier.name);
    return node.schema
      ? SchemableIdentifierNode.createWithSchema(node.schema.name, name)
      : SchemableIdentifierNode.create(name);
  }

  protected override transformTable(node: TableNode): TableNode {
    return { ...node, table: this.#schemable(node.table) };
  }

  protected override transformCreateIndex(node: CreateIndexNode, queryId?: QueryId): CreateIndexNode {
    const transformed = super.transformCreateIndex(node, queryId);
    return { ...transformed, name: IdentifierNode.create(this.#name(node.name.name)) };
  }

  protected override transformDropIndex(node: DropIndexNode, queryId?: QueryId): DropIndexNode {
    const transformed = super.transformDropIndex(node, queryId);
    return { ...transformed, name: this.#schemable(node.name) };
  }

  protected override transformUniqueConstraint(
    node: UniqueConstraintNode,
    queryId?: QueryId,
  ): UniqueConstraintNode {
    return this.#constraint(super.transformUniqueConstraint(node, queryId), node);
  }

  protected override transformPrimaryKeyConstraint(
    node: PrimaryKeyConstraintNode,
    queryId?: QueryId,
  ): PrimaryKeyConstraintNode {
    return this.#constraint(super.transformPrimaryKeyConstraint(node, queryId), node);
  }

  protected override transformForeignKeyConstraint(
    node: ForeignKeyConstraintNode,
    queryId?: QueryId,
  ): ForeignKeyConstraintNode {
    return this.#constraint(super.transformForeignKeyConstraint(node, queryId), node);
  }

  protected override transformCheckConstraint(
    node: CheckConstraintNode,
    queryId?: QueryId,
  ): CheckConstraintNode {
    return this.#constraint(super.transformCheckConstraint(node, queryId), node);
  }

  protected override transformDropConstraint(
    node: DropConstraintNode,
    queryId?: QueryId,
  ): DropConstraintNode {
    const transformed = super.transformDropConstraint(node, queryId);
    return { ...transformed, constraintName: IdentifierNode.create(this.#name(node.constraintName.name)) };
  }
}

/**
 * A Kysely plugin giving every table and index name a prefix.
 *
 * @example const db = new Kysely<Database>({ dialect, plugins: [new TablePrefixPlugin('auth_')] });
 */
export class TablePrefixPlugin implements KyselyPlugin {
  readonly #transformer: TablePrefixTransformer;

  constructor(prefix: string) {
    this.#transformer = new TablePrefixTransformer(checkTablePrefix(prefix));
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node, args.queryId);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
