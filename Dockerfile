# One image for both roles: the web process (`npm start`, the default) and queue workers (`npm run worker`).
# Queue mode needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); see compose.yaml and docs/many-machines.md.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
COPY scripts/db/generate.mjs scripts/db/generate.mjs
COPY prisma prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000
# tsx runs the start and worker scripts; it is a production dependency, so the pruned tree keeps it.
COPY --from=build /app /app
USER node
EXPOSE 3000
CMD ["npm", "start"]
