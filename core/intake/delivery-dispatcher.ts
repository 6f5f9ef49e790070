/**
 * Hands freshly accepted deliveries to whatever runs them (BullMQ in jobs/). Fire-and-forget:
 * the deliveries are already committed, so a dispatch that fails is made good by the sweeper.
 */
export interface DeliveryDispatcher {
  dispatch(deliveryIds: string[]): void;
  /** Runs deliveries that were waiting (on an unhealthy destination) now instead of at their next check. */
  resume(deliveryIds: string[]): Promise<void>;
}
