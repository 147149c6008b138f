# One image for every service; docker-compose.yml picks the service with the command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY gateway/package.json gateway/
COPY subgraphs/customers/package.json subgraphs/customers/
COPY subgraphs/partners/package.json subgraphs/partners/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json supergraph.graphql ./
COPY shared shared
COPY gateway gateway
COPY subgraphs subgraphs
COPY scripts scripts
# The benchmark scripts start a graph with the test harness.
COPY test/support test/support
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production APOLLO_TELEMETRY_DISABLED=1
WORKDIR /app
COPY --from=build /app /app
USER node
CMD ["node", "dist/scripts/serve.js", "gateway"]
