# Multi-stage: TypeScript is compiled in a builder; the runtime image holds the compiled dist/ and
# production dependencies only (no tsx, esbuild or typescript), on a supported Node LTS.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# All dependencies: the compiler is a dev dependency.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# `node bin/resend-activation.js` (the command line) finds dist/ here, since tsx is not installed.
COPY bin ./bin
COPY manifests ./manifests
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# The server is PID 1 itself, so SIGTERM reaches it: npm as PID 1 exits on SIGTERM at once and the
# container dies mid-run instead of shutting down gracefully.
CMD ["node", "dist/main.js"]
