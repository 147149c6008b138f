import { ApolloGateway } from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';

/**
 * What ApolloGateway builds from a supergraph document before it plans anything: the parsed
 * supergraph (validated outside production), its API schema and the graphql-js forms of both.
 * About 250 ms of CPU per gateway that loads the document; a test run starts about a hundred
 * gateways in two processes, all over the committed document.
 */
interface BuiltSupergraph {
  supergraph: {
    schema: GraphQLJsForm;
    apiSchema(): GraphQLJsForm;
    subgraphsMetadata(): unknown;
  };
  supergraphSdl: string;
}

/** A federation-internals schema: its graphql-js form is built on every call. */
interface GraphQLJsForm {
  toGraphQLJSSchema(config?: unknown): GraphQLSchema;
}

/**
 * ApolloGateway's own step that builds the supergraph and the gateway's services from it
 * (private in @apollo/gateway 2.14, which package.json pins exactly): the one place this module
 * reaches inside it. `supergraph-once.test.ts` fails if that step is renamed or stops being used.
 */
interface SchemaStep {
  createSchemaFromSupergraphSdl(supergraphSdl: string): BuiltSupergraph;
  createServices(subgraphs: unknown): void;
}

const apolloStep = (ApolloGateway.prototype as unknown as Partial<SchemaStep>).createSchemaFromSupergraphSdl;
if (typeof apolloStep !== 'function') {
  throw new Error('@apollo/gateway no longer builds its schema in createSchemaFromSupergraphSdl');
}

/** Each supergraph document this process has built, by its text. */
const built = new Map<string, BuiltSupergraph>();

/** `schema.toGraphQLJSSchema()` without arguments answers the same object every time. */
function keepGraphQLJsForm(schema: GraphQLJsForm): void {
  const build = schema.toGraphQLJSSchema.bind(schema);
  let kept: GraphQLSchema | undefined;
  schema.toGraphQLJSSchema = (config?: unknown) =>
    config === undefined ? (kept ??= build()) : build(config);
}

/**
 * An ApolloGateway that builds each supergraph document once per process: a second gateway over
 * the same document (a test's graph, a gateway restarted in the process) takes the supergraph,
 * API schema and graphql-js schemas of the first. They are read-only once built (Apollo plans and
 * executes against them, and its one write, the schema's `extensions.apollo.gateway.version`,
 * writes the same value again). A document that fails to build or validate is not kept, so it
 * fails again for the next gateway. Each gateway still has its own services, query planner and
 * plan cache.
 */
export class OnceBuiltGateway extends ApolloGateway {}

(OnceBuiltGateway.prototype as unknown as SchemaStep).createSchemaFromSupergraphSdl = function (
  this: SchemaStep,
  supergraphSdl: string,
): BuiltSupergraph {
  const known = built.get(supergraphSdl);
  if (known) {
    this.createServices(known.supergraph.subgraphsMetadata());
    return known;
  }
  const result = apolloStep.call(this, supergraphSdl);
  keepGraphQLJsForm(result.supergraph.schema);
  keepGraphQLJsForm(result.supergraph.apiSchema());
  built.set(supergraphSdl, result);
  return result;
};
