import type { types, webApi } from '@slack/bolt';

/** Bolt re-exports @slack/types and @slack/web-api as namespaces; these are the names we use. */
export type KnownBlock = types.KnownBlock;
export type WebClient = webApi.WebClient;
export type ModalView = types.ModalView;
