# Production image: the service only. It needs a real MongoDB (6+); set
# MONGODB_URI. The embedded FerretDB is for development and tests, not images.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY src ./src
COPY tools/build-if-stale.js ./tools/
RUN npm run build

FROM node:20-slim AS runtime
ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY tools/build-if-stale.js ./tools/
COPY rules ./rules
# The moderator console's static files, served at /console.
COPY console ./console
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Refuse to start without a database: the image carries no embedded one.
# The V8 heap flags of `npm start`, which keep the resident memory under load below 150 MB (README):
# --max-semi-space-size=8 caps the young generation; --max-old-space-size=512 keeps the old
# generation's growth between full collections at 1.4x what survives, not up to 4x.
CMD ["sh", "-c", "if [ -z \"$MONGODB_URI\" ]; then echo 'MONGODB_URI is required' >&2; exit 64; fi; exec node --max-semi-space-size=8 --max-old-space-size=512 dist/main.js"]
