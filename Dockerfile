# Ketaclinic in a container: built once, run as a non-root user, data and configuration from outside.
#   docker build -t ketaclinic .
#   docker compose up            (compose.yaml: Ketaclinic + PostgreSQL 15 with health checks and volumes)
# See docs/deployment.md for TLS, secure cookies, backups and running two or more instances.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    KETACLINIC_SEED=none \
    KETACLINIC_DATA_DIR=/var/lib/ketaclinic/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
# The embedded database's folder, used only when DATABASE_URL is not set; owned by the unprivileged user.
RUN mkdir -p /var/lib/ketaclinic/data && chown -R node:node /var/lib/ketaclinic
VOLUME ["/var/lib/ketaclinic"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/server/main.js"]
