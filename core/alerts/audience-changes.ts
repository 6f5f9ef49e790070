/**
 * Told after every write to an account's alert subscriptions (subscribe, level change, pause,
 * unsubscribe), so every process's cached audience (jobs/notify/alert-audience-cache.ts) is
 * re-read. A port: core does not know it is a Redis version key.
 */
export interface AudienceChanges {
  changed(accountId: string): Promise<void>;
}
