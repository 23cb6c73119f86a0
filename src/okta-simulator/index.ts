// Public entry point of the Okta simulator (a fake of the Users API subset the bot uses).
export { startOktaSimulator } from './server.ts';
export { loadSeedFile } from './seed.ts';
export { demoUsers } from './demo-users.ts';
export { DEFAULT_RATE_LIMITS } from './rate-limit.ts';
export { BUCKETS, OKTA_STATUSES } from './types.ts';
export type {
  Bucket,
  CallRecord,
  DeliveryFailure,
  EmailKind,
  FaultMatch,
  FaultRequest,
  FaultRule,
  HungRequest,
  LogActor,
  LogTarget,
  OktaSimulator,
  OktaStatus,
  OutboxEmail,
  RateLimitRule,
  SetStatusOptions,
  SimLogEvent,
  SimulatorOptions,
  SimulatorSeedUser,
  SimulatorUserSnapshot,
  TransitioningStatus,
} from './types.ts';
