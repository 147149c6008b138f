// The gateway and the subgraphs' router contract apply the same rule: `shared/src/auth/anonymous.ts`.
export { ANONYMOUS_MUTATIONS, isAnonymousOperation } from '@sales-graph/shared/auth/anonymous';
