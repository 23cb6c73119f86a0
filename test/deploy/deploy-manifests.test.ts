import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config.ts';

// Static checks of the deploy examples (docker-compose.yml, .env.example, manifests/kubernetes):
// no Docker, no cluster. They hold the examples to what the app reads (the EnvSchema in
// src/config.ts), to each other (selectors, ports, Secret and ConfigMap keys) and to the shutdown
// budget (preStop + SHUTDOWN_GRACE_SECONDS inside the kill deadline). See docs/production.md.

const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

/** Every YAML document of a file, as plain data; a syntax error in any of them fails the test. */
function yamlDocuments(path: string): unknown[] {
  return parseAllDocuments(read(path)).flatMap((doc) => {
    assert.deepEqual(doc.errors.map((e) => e.message), [], `${path} is not valid YAML`);
    const value: unknown = doc.toJS();
    return value === null || value === undefined ? [] : [value];
  });
}

// ---- What the app knows: the keys of `const EnvSchema = z.object({ … })`, read as text. ----
function knownEnvNames(): Set<string> {
  const source = read('src/config.ts');
  const block = /const EnvSchema = z\.object\(\{\n([\s\S]*?)\n\}\);/.exec(source);
  assert.ok(block?.[1], 'src/config.ts no longer has `const EnvSchema = z.object({ … });`: update this test');
  const names = new Set([...block[1].matchAll(/^\s+([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!));
  for (const sure of ['OKTA_ORG_URL', 'REDIS_URL', 'PORT', 'SHUTDOWN_GRACE_SECONDS', 'HELPDESK_USERS']) {
    assert.ok(names.has(sure), `reading EnvSchema by text found no ${sure}: the regex in this test no longer fits src/config.ts`);
  }
  return names;
}
const KNOWN = knownEnvNames();
/** Set by the system, not by whoever deploys: .env.example need not list them. */
const NOT_DEPLOYMENT_SETTINGS = new Set(['HOME', 'XDG_STATE_HOME']);
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PRIVATE_KEY|REDIS_URL/;
const PLACEHOLDER = /replace/i;
const DEFAULT_SHUTDOWN_GRACE_SECONDS = 25;

// ---- .env.example ----
interface EnvLine {
  readonly name: string;
  readonly value: string;
  readonly active: boolean;
}
function envExample(): EnvLine[] {
  return read('.env.example').split('\n').flatMap((line) => {
    const m = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!m) return [];
    const value = m[3]!.trim().replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
    return [{ name: m[2]!, value, active: !m[1] }];
  });
}

// ---- docker-compose.yml ----
interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  env_file?: string | Array<string | { path: string }>;
  ports?: Array<string | number | { target?: number; published?: string | number }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  stop_grace_period?: string;
  volumes?: Array<string | { source?: string; target?: string }>;
}
interface Compose {
  services?: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}
const [compose] = yamlDocuments('docker-compose.yml') as [Compose];
const services = compose.services ?? {};

function composeEnv(service: ComposeService): Map<string, string> {
  const env = service.environment;
  if (!env) return new Map();
  if (Array.isArray(env)) return new Map(env.map((entry) => [entry.split('=')[0]!, entry.slice(entry.indexOf('=') + 1)]));
  return new Map(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}
const commandText = (command: ComposeService['command'] | ComposeService['healthcheck']): string =>
  Array.isArray(command) ? command.join(' ') : typeof command === 'string' ? command : JSON.stringify(command ?? '');
/** `${VAR}`, `${VAR:?message}`, `${VAR:-default}`… → the variable names. */
const interpolated = (text: string): string[] => [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);

/** Compose durations: 30s, 1m30s, 1m, 500ms. */
function composeSeconds(duration: string): number {
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  assert.ok(parts.length > 0 && parts.map((p) => p[0]).join('') === duration.trim(), `not a compose duration: "${duration}"`);
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600 } as const;
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2] as keyof typeof unit], 0);
}

/** The bot service: the one built from the Dockerfile. */
function botService(): [string, ComposeService] {
  const built = Object.entries(services).filter(([, s]) => s.build !== undefined);
  assert.equal(built.length, 1, `docker-compose.yml should build exactly one service (the bot) from the Dockerfile, found: ${built.map(([n]) => n).join(', ') || 'none'}`);
  return built[0]!;
}
function redisService(): [string, ComposeService] {
  const redis = Object.entries(services).filter(([, s]) => /^redis:7(\.|-|$)/.test(s.image ?? ''));
  assert.equal(redis.length, 1, 'docker-compose.yml should run one Redis from the official redis:7 image');
  return redis[0]!;
}

test('compose: a bot built from the Dockerfile and a Redis 7, both with healthchecks; the bot waits for a healthy Redis', () => {
  const [botName, bot] = botService();
  const [redisName, redis] = redisService();
  assert.match(commandText(bot.healthcheck?.test), /\/healthz\b/, `${botName} needs a healthcheck on /healthz`);
  assert.notEqual(bot.healthcheck?.disable, true);
  assert.match(commandText(redis.healthcheck?.test), /redis-cli\b.*\bping\b/, `${redisName} needs a healthcheck (redis-cli ping)`);
  const dependsOn = bot.depends_on;
  assert.ok(dependsOn && !Array.isArray(dependsOn), `${botName}.depends_on must be the long form, with a condition`);
  assert.equal(dependsOn[redisName]?.condition, 'service_healthy', `${botName} must wait for ${redisName} to be healthy`);
  const envFiles = [bot.env_file ?? []].flat().map((f) => (typeof f === 'string' ? f : f.path));
  assert.ok(envFiles.some((f) => posix.normalize(f) === '.env'), `${botName} must read its settings from .env (env_file)`);
  const ports = (bot.ports ?? []).map((p) => (typeof p === 'object' ? String(p.target) : String(p)));
  assert.ok(ports.some((p) => /(^|:)3000(\/tcp)?$/.test(p)), `${botName} must expose container port 3000`);
});

test('compose: Redis requires a password from the environment and persists (append-only) on a named volume', () => {
  const [redisName, redis] = redisService();
  const args = [redis.command ?? []].flat().join(' ');
  const password = /--requirepass\s+(\S+)/.exec(args)?.[1] ?? '';
  assert.ok(interpolated(password).length === 1, `${redisName} must run with --requirepass \${SOME_VAR} (not a literal password): got "${password}"`);
  assert.match(args, /--appendonly\s+"?yes/, `${redisName} must run with --appendonly yes`);
  assert.doesNotMatch(args, /--maxmemory-policy\s+(?!noeviction)\S+/, 'the eviction policy must be noeviction: an evicted claim could email someone twice');
  const data = (redis.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':') : [v.source ?? '', v.target ?? '']));
  const dataVolume = data.find(([, target]) => target === '/data')?.[0] ?? '';
  assert.ok(dataVolume && compose.volumes && dataVolume in compose.volumes, `${redisName} must keep /data on a named volume declared under volumes:`);
});

test('compose: the bot\'s REDIS_URL points at the Redis service with the password Redis requires', () => {
  const [botName, bot] = botService();
  const [redisName, redis] = redisService();
  const redisUrl = composeEnv(bot).get('REDIS_URL');
  assert.ok(redisUrl, `${botName} must set REDIS_URL (else each container keeps its state in memory, lost on restart)`);
  const url = new URL(redisUrl.replace(/\$\{[^}]*\}/g, 'x'));
  assert.ok(url.protocol === 'redis:' || url.protocol === 'rediss:', `REDIS_URL must be redis:// or rediss://, got ${url.protocol}`);
  assert.equal(url.hostname, redisName, `REDIS_URL must name the compose service "${redisName}"`);
  const requirePass = interpolated(/--requirepass\s+(\S+)/.exec([redis.command ?? []].flat().join(' '))?.[1] ?? '');
  const passwordPart = redisUrl.slice(redisUrl.indexOf('://') + 3, redisUrl.lastIndexOf('@'));
  assert.deepEqual(interpolated(passwordPart), requirePass, 'REDIS_URL must carry the same ${VAR} as --requirepass, not a literal password');
});

test('compose: the stop grace period leaves the bot SHUTDOWN_GRACE_SECONDS to exit on its own', () => {
  const [botName, bot] = botService();
  assert.ok(bot.stop_grace_period, `${botName} needs a stop_grace_period (Docker's default is 10 s)`);
  const envExampleGrace = envExample().find((l) => l.active && l.name === 'SHUTDOWN_GRACE_SECONDS')?.value;
  const grace = Number(composeEnv(bot).get('SHUTDOWN_GRACE_SECONDS') || envExampleGrace || DEFAULT_SHUTDOWN_GRACE_SECONDS);
  const stop = composeSeconds(bot.stop_grace_period);
  assert.ok(stop > grace, `stop_grace_period (${stop} s) must exceed SHUTDOWN_GRACE_SECONDS (${grace} s), or Docker kills the bot mid-shutdown`);
});

test('compose: the bot\'s environment names only variables the app knows, and no literal secret', () => {
  const [botName, bot] = botService();
  for (const [name, value] of composeEnv(bot)) {
    assert.ok(KNOWN.has(name), `${botName} sets ${name}, which src/config.ts (EnvSchema) does not read`);
    if (SECRET_NAME.test(name)) {
      const literal = name === 'REDIS_URL' ? value.slice(value.indexOf('://') + 3, value.lastIndexOf('@')) : value;
      assert.ok(interpolated(literal).length > 0 && !/:[^$]/.test(literal.replace(/\$\{[^}]*\}/g, '')), `${botName}: ${name} must take its secret from \${…} (the .env file), not a literal`);
    }
  }
});

test('.env.example lists every setting, only settings the app knows (or compose uses), placeholders only', () => {
  const lines = envExample();
  const names = new Set(lines.map((l) => l.name));
  const composeVars = new Set(interpolated(read('docker-compose.yml')));
  for (const { name } of lines) {
    assert.ok(KNOWN.has(name) || composeVars.has(name), `.env.example names ${name}, which neither src/config.ts (EnvSchema) nor docker-compose.yml reads`);
  }
  for (const name of KNOWN) {
    if (!NOT_DEPLOYMENT_SETTINGS.has(name)) assert.ok(names.has(name), `.env.example does not list ${name} (add it, commented out if optional)`);
  }
  for (const name of composeVars) assert.ok(names.has(name), `docker-compose.yml interpolates \${${name}}: .env.example must list it`);
  for (const { name, value } of lines) {
    if (SECRET_NAME.test(name) && value !== '') assert.match(value, PLACEHOLDER, `.env.example: ${name} must be empty or an obvious placeholder (containing "replace"), never a real secret`);
  }
  assert.equal(new Set(lines.filter((l) => l.active).map((l) => l.name)).size, lines.filter((l) => l.active).length, '.env.example sets a variable twice');
});

test('.env.example, as compose passes it, is a configuration the app accepts', () => {
  const env: Record<string, string> = Object.fromEntries(envExample().filter((l) => l.active).map((l) => [l.name, l.value]));
  for (const [name, value] of composeEnv(botService()[1])) env[name] = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}/g, (_m, v: string) => env[v] ?? 'x');
  const config = loadConfig(env);
  assert.ok(config.store.redisUrl, 'with compose the bot uses Redis');
});

// ---- manifests/kubernetes ----
interface EnvVar {
  name: string;
  value?: unknown;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
  };
}
interface HttpProbe {
  httpGet?: { path?: string; port?: number | string };
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilities?: { drop?: string[] };
}
interface Container {
  name: string;
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  readinessProbe?: HttpProbe;
  livenessProbe?: HttpProbe;
  startupProbe?: HttpProbe;
  lifecycle?: { preStop?: { exec?: { command?: string[] }; sleep?: { seconds?: number } } };
  securityContext?: SecurityContext;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  terminationGracePeriodSeconds?: number;
  securityContext?: SecurityContext;
  volumes?: Array<{ name: string }>;
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> } & Record<string, string>;
    strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
    template?: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
    minAvailable?: number | string;
    ports?: Array<{ port: number; targetPort?: number | string }>;
  };
  data?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
  resources?: string[];
}

const K8S_DIR = 'manifests/kubernetes/';
const k8sFiles = readdirSync(new URL(K8S_DIR, root)).filter((f) => /\.ya?ml$/.test(f)).sort();
const k8s = k8sFiles.flatMap((file) => (yamlDocuments(K8S_DIR + file) as K8sObject[]).map((object) => ({ file, object })));
const ofKind = (kind: string) => k8s.filter((entry) => entry.object.kind === kind);
const configMaps = new Map(ofKind('ConfigMap').map(({ object }) => [object.metadata.name, object.data ?? {}]));
const secrets = new Map(ofKind('Secret').map(({ object }) => [object.metadata.name, { ...object.data, ...object.stringData }]));
const BOT = 'resend-activation';

function botDeployment(): { deployment: K8sObject; pod: PodSpec; container: Container; podLabels: Record<string, string> } {
  const deployments = ofKind('Deployment').filter(({ object }) => object.metadata.name === BOT);
  assert.equal(deployments.length, 1, `manifests/kubernetes needs exactly one Deployment named ${BOT}`);
  const deployment = deployments[0]!.object;
  const pod = deployment.spec?.template?.spec;
  assert.ok(pod, 'the Deployment has no pod template');
  const container = pod.containers.find((c) => c.name === BOT) ?? pod.containers[0];
  assert.ok(container, 'the Deployment has no container');
  return { deployment, pod, container, podLabels: deployment.spec?.template?.metadata?.labels ?? {} };
}
const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>): boolean =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The settings the bot's container gets from ConfigMaps through envFrom (what the app reads as env). */
function botConfigMapEnv(container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const ref of container.envFrom ?? []) {
    if (ref.configMapRef) Object.assign(env, Object.fromEntries(Object.entries(configMaps.get(ref.configMapRef.name) ?? {}).map(([k, v]) => [k, String(v)])));
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = String(e.value);
    const ref = e.valueFrom?.configMapKeyRef;
    if (ref) env[e.name] = String(configMaps.get(ref.name)?.[ref.key] ?? '');
  }
  return env;
}
function portNumber(container: Container, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((p) => p.name === port)?.containerPort ?? (port !== undefined && /^\d+$/.test(port) ? Number(port) : undefined);
}
/** preStop seconds: `sleep N` (exec, possibly through sh -c) or the native sleep action. */
function preStopSeconds(container: Container): number {
  const preStop = container.lifecycle?.preStop;
  if (preStop?.sleep?.seconds !== undefined) return preStop.sleep.seconds;
  const sleep = /\bsleep\s+(\d+(?:\.\d+)?)/.exec((preStop?.exec?.command ?? []).join(' '));
  assert.ok(sleep, 'the bot container needs a preStop sleep, so the pod leaves the endpoints before SIGTERM');
  return Number(sleep[1]);
}

test('kubernetes: every file parses, kustomization lists the workload and never the example Secret or the try-out Redis', () => {
  for (const { file, object } of k8s) {
    assert.ok(object.kind && object.apiVersion && (object.kind === 'Kustomization' || object.metadata?.name), `${file}: a document without apiVersion, kind or metadata.name`);
  }
  const kustomizations = ofKind('Kustomization').filter(({ file }) => file === 'kustomization.yaml');
  assert.equal(kustomizations.length, 1, 'manifests/kubernetes/kustomization.yaml is missing');
  const resources = kustomizations[0]!.object.resources ?? [];
  for (const resource of resources) assert.ok(existsSync(new URL(K8S_DIR + resource, root)), `kustomization.yaml lists ${resource}, which does not exist`);
  for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget', 'ConfigMap']) {
    const files = ofKind(kind).filter(({ object }) => object.metadata.name === BOT).map(({ file }) => file);
    assert.ok(files.some((f) => resources.includes(f)), `kustomization.yaml must list the ${kind} ${BOT} (${files.join(', ') || 'not found'})`);
  }
  for (const { file } of ofKind('Secret')) assert.ok(!resources.includes(file), `kustomization.yaml lists ${file}: applying placeholder Secrets would overwrite the real ones`);
});

test('kubernetes: two replicas, rolled one at a time without losing capacity', () => {
  const { deployment, podLabels } = botDeployment();
  assert.equal(deployment.spec?.replicas, 2);
  assert.equal(deployment.spec?.strategy?.type ?? 'RollingUpdate', 'RollingUpdate');
  assert.equal(deployment.spec?.strategy?.rollingUpdate?.maxUnavailable, 0, 'maxUnavailable must be 0: a new pod is ready before an old one goes');
  assert.equal(deployment.spec?.strategy?.rollingUpdate?.maxSurge, 1);
  assert.ok(selects(deployment.spec?.selector?.matchLabels, podLabels), 'the Deployment selector does not match its own pod labels');
});

test('kubernetes: readiness on /readyz, liveness on /healthz, both on the container port (= PORT), liveness patient', () => {
  const { container } = botDeployment();
  const port = Number(botConfigMapEnv(container).PORT ?? 3000);
  assert.ok(container.ports?.some((p) => p.containerPort === port), `the container must expose PORT (${port})`);
  const readiness = container.readinessProbe?.httpGet;
  const liveness = container.livenessProbe?.httpGet;
  assert.equal(readiness?.path, '/readyz', 'readinessProbe must be GET /readyz');
  assert.equal(liveness?.path, '/healthz', 'livenessProbe must be GET /healthz (never /readyz: Redis down would restart every pod)');
  assert.equal(portNumber(container, readiness.port), port, 'readinessProbe is not on the container port');
  assert.equal(portNumber(container, liveness.port), port, 'livenessProbe is not on the container port');
  if (container.startupProbe?.httpGet) {
    assert.equal(container.startupProbe.httpGet.path, '/healthz', 'startupProbe must use /healthz');
    assert.equal(portNumber(container, container.startupProbe.httpGet.port), port);
  }
  const live = container.livenessProbe!;
  const window = (live.periodSeconds ?? 10) * (live.failureThreshold ?? 3);
  assert.ok(window >= 30, `liveness gives up after ${window} s: allow at least 30 s, so a busy moment never restarts the pod`);
  assert.ok((live.timeoutSeconds ?? 1) >= 2, 'livenessProbe timeoutSeconds below 2 s fails on a busy event loop');
});

test('kubernetes: preStop sleep + SHUTDOWN_GRACE_SECONDS stays below terminationGracePeriodSeconds', () => {
  const { pod, container } = botDeployment();
  const grace = Number(botConfigMapEnv(container).SHUTDOWN_GRACE_SECONDS ?? DEFAULT_SHUTDOWN_GRACE_SECONDS);
  const preStop = preStopSeconds(container);
  const termination = pod.terminationGracePeriodSeconds ?? 30;
  assert.ok(preStop >= 1, 'the preStop sleep should last a few seconds');
  assert.ok(
    termination > preStop + grace,
    `terminationGracePeriodSeconds (${termination}) must exceed preStop sleep (${preStop}) + SHUTDOWN_GRACE_SECONDS (${grace}): the kubelet counts preStop in the grace period and kills the process at its end`,
  );
});

test('kubernetes: the Service and the PodDisruptionBudget select the bot\'s pods; the PDB keeps one', () => {
  const { container, podLabels } = botDeployment();
  const services = ofKind('Service').filter(({ object }) => object.metadata.name === BOT);
  assert.equal(services.length, 1, `a Service named ${BOT} is missing`);
  const service = services[0]!.object;
  assert.ok(selects(service.spec?.selector as Record<string, string> | undefined, podLabels), 'the Service selector does not match the Deployment\'s pod labels');
  for (const p of service.spec?.ports ?? []) {
    assert.ok(container.ports?.some((cp) => cp.containerPort === portNumber(container, p.targetPort ?? p.port)), `Service port ${p.port} targets ${p.targetPort}, which is no port of the container`);
  }
  const pdbs = ofKind('PodDisruptionBudget');
  assert.equal(pdbs.length, 1, 'a PodDisruptionBudget is missing');
  const pdb = pdbs[0]!.object;
  assert.equal(pdb.spec?.minAvailable, 1);
  assert.ok(selects(pdb.spec?.selector?.matchLabels, podLabels), 'the PodDisruptionBudget selector does not match the Deployment\'s pod labels');
});

test('kubernetes: every Secret/ConfigMap reference names one defined in the folder, with that key', () => {
  const workloads = k8s.filter(({ object }) => object.spec?.template?.spec);
  assert.ok(workloads.length > 0);
  for (const { file, object } of workloads) {
    const pod = object.spec!.template!.spec;
    for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
      const where = `${file}: ${object.kind} ${object.metadata.name}, container ${container.name}`;
      for (const e of container.env ?? []) {
        const s = e.valueFrom?.secretKeyRef;
        if (s) assert.ok(secrets.get(s.name) && s.key in secrets.get(s.name)!, `${where}: ${e.name} reads key ${s.key} of Secret ${s.name}, which no manifest here (secret.example.yaml included) defines`);
        const c = e.valueFrom?.configMapKeyRef;
        if (c) assert.ok(configMaps.get(c.name) && c.key in configMaps.get(c.name)!, `${where}: ${e.name} reads key ${c.key} of ConfigMap ${c.name}, which is not defined here`);
      }
      for (const ref of container.envFrom ?? []) {
        if (ref.configMapRef) assert.ok(configMaps.has(ref.configMapRef.name), `${where}: envFrom ConfigMap ${ref.configMapRef.name} is not defined here`);
        if (ref.secretRef) assert.ok(secrets.has(ref.secretRef.name), `${where}: envFrom Secret ${ref.secretRef.name} is not defined here`);
      }
    }
  }
});

test('kubernetes: non-root (numeric uid), no privilege escalation, no capabilities, read-only root with /tmp writable', () => {
  const { pod, container } = botDeployment();
  const sc = { ...pod.securityContext, ...container.securityContext };
  assert.equal(sc.runAsNonRoot, true, 'runAsNonRoot must be true');
  // The image says USER node: a name, which the kubelet cannot check against runAsNonRoot.
  assert.ok(typeof sc.runAsUser === 'number' && sc.runAsUser > 0, 'runAsUser must be a non-zero uid (node is 1000): with a named USER the kubelet refuses runAsNonRoot');
  assert.equal(container.securityContext?.allowPrivilegeEscalation, false);
  assert.ok(container.securityContext?.capabilities?.drop?.includes('ALL'), 'capabilities must drop ALL');
  assert.equal(container.securityContext?.readOnlyRootFilesystem, true);
  const mounts = container.volumeMounts ?? [];
  const volumes = new Set((pod.volumes ?? []).map((v) => v.name));
  for (const m of mounts) assert.ok(volumes.has(m.name), `volumeMount ${m.name} names no volume of the pod`);
  assert.ok(mounts.some((m) => m.mountPath === '/tmp'), 'with a read-only root, /tmp must be a volume (tsx writes its compile cache there)');
  const audit = botConfigMapEnv(container).AUDIT_LOG_PATH;
  if (audit) assert.ok(mounts.some((m) => audit.startsWith(m.mountPath.replace(/\/?$/, '/'))), `AUDIT_LOG_PATH ${audit} is on the read-only root filesystem: mount a volume for it`);
});

test('kubernetes: no secret inline; secrets come from the Secret, REDIS_URL included (required with two replicas)', () => {
  const { container } = botDeployment();
  for (const e of container.env ?? []) {
    if (SECRET_NAME.test(e.name)) {
      assert.equal(e.value, undefined, `${e.name} has a literal value in the Deployment: take it from the Secret (secretKeyRef)`);
      assert.ok(e.valueFrom?.secretKeyRef, `${e.name} must come from a Secret (secretKeyRef), not a ConfigMap`);
    }
  }
  for (const [name, data] of configMaps) {
    for (const key of Object.keys(data)) assert.doesNotMatch(key, SECRET_NAME, `ConfigMap ${name} holds ${key}: secrets belong in the Secret`);
  }
  const redis = container.env?.find((e) => e.name === 'REDIS_URL');
  assert.ok(redis?.valueFrom?.secretKeyRef, 'REDIS_URL must be set from the Secret: without it each replica keeps its own state in memory');
  assert.notEqual(redis.valueFrom.secretKeyRef.optional, true, 'REDIS_URL must not be optional: a replica without it would silently run on memory');
});

test('kubernetes: Secrets in the folder hold placeholders only, as stringData', () => {
  for (const { file, object } of ofKind('Secret')) {
    assert.equal(object.data, undefined, `${file}: use stringData with visible placeholders, not base64 data`);
    for (const [key, value] of Object.entries(object.stringData ?? {})) {
      assert.ok(value === '' || PLACEHOLDER.test(String(value)), `${file}: ${object.metadata.name}.${key} must be empty or a placeholder containing REPLACE_ME`);
    }
    assert.match(read(K8S_DIR + file), /EXAMPLE ONLY|FOR TRYING IT OUT/, `${file} must say clearly that it is an example`);
  }
});

test('kubernetes: every variable the bot gets is one the app knows', () => {
  const { container } = botDeployment();
  const names = new Set<string>((container.env ?? []).map((e) => e.name));
  for (const ref of container.envFrom ?? []) {
    const data = ref.configMapRef ? configMaps.get(ref.configMapRef.name) : ref.secretRef ? secrets.get(ref.secretRef.name) : undefined;
    for (const key of Object.keys(data ?? {})) names.add(key);
  }
  for (const e of container.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    if (ref) for (const key of Object.keys(secrets.get(ref.name) ?? {})) names.add(key);
  }
  for (const name of names) assert.ok(KNOWN.has(name), `the bot is given ${name}, which src/config.ts (EnvSchema) does not read`);
});

test('kubernetes: the ConfigMap with the example Secret is a configuration the app accepts, with Redis', () => {
  const { container } = botDeployment();
  const env: Record<string, string> = { ...botConfigMapEnv(container) };
  for (const e of container.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    const value = ref ? secrets.get(ref.name)?.[ref.key] : undefined;
    if (value !== undefined) env[e.name] = String(value);
  }
  const config = loadConfig(env);
  assert.ok(config.store.redisUrl, 'the Deployment must run on Redis');
  assert.ok(config.shutdownGraceSeconds > 0);
});
