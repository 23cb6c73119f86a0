import type { AuditSink } from '../core/audit.ts';
import { createRolePolicy, type AccessPolicy, type RoleLists } from '../core/authorization.ts';
import { ResendService, type ResendSettings } from '../core/resend-service.ts';
import type { KeyValueStore } from '../core/store.ts';
import { createOktaConnection } from '../okta/okta-client.ts';
import { OktaDirectory } from '../okta/okta-directory.ts';
import type { RateLimitPacer } from '../okta/rate-limit-pacer.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { OktaSettings } from '../config.ts';

export interface RuntimeOptions {
  readonly okta: OktaSettings;
  readonly roles: RoleLists;
  readonly settings?: Partial<ResendSettings>;
  readonly store?: KeyValueStore;
  readonly access?: AccessPolicy;
  readonly audit?: AuditSink;
  readonly now?: () => number;
}

/** Everything a surface needs, wired once: the service over the Okta gateway and the store. */
export interface ResendRuntime {
  readonly service: ResendService;
  readonly directory: OktaDirectory;
  readonly pacer: RateLimitPacer;
}

export function createRuntime(options: RuntimeOptions): ResendRuntime {
  const { client, pacer } = createOktaConnection({
    orgUrl: options.okta.orgUrl,
    auth: options.okta.auth,
    rateLimitReserve: options.okta.rateLimitReserve,
    timeoutSeconds: options.okta.timeoutSeconds,
    maxWaitSeconds: options.okta.maxWaitSeconds,
  });
  const directory = new OktaDirectory(client);
  const service = new ResendService({
    directory,
    store: options.store ?? createMemoryStore(),
    access: options.access ?? createRolePolicy(options.roles),
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.audit ? { audit: options.audit } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return { service, directory, pacer };
}
