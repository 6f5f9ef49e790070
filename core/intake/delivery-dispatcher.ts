/**
 * Which lane a delivery runs in. `interactive`: a person is waiting for the result (a test lead
 * from Slack or the API, a lead posted with `is_test`, a Retry pressed in Slack); it has worker
 * capacity of its own and never waits behind `bulk`, the live traffic.
 */
export type DeliveryLane = "interactive" | "bulk";

export interface DispatchOptions {
  /** Default `bulk`. */
  lane?: DeliveryLane;
}

/**
 * Hands freshly accepted deliveries to whatever runs them (BullMQ in jobs/). Fire-and-forget:
 * the deliveries are already committed, so a dispatch that fails is made good by the sweeper.
 */
export interface DeliveryDispatcher {
  dispatch(deliveryIds: string[], options?: DispatchOptions): void;
  /**
   * Runs deliveries that were waiting (on an unhealthy destination) now instead of at their next
   * check. With `lane: "interactive"` (a person pressed Retry) the first few also move ahead of bulk traffic.
   */
  resume(deliveryIds: string[], options?: DispatchOptions): Promise<void>;
}

/**
 * For code that only sets destinations up (seeding, demos, fixtures) where no delivery runs: a
 * new destination has nothing waiting to resume. Asked to run a delivery, it says so loudly.
 */
export const runsNoDeliveries: DeliveryDispatcher = {
  dispatch() {
    throw new Error("This process runs no deliveries");
  },
  async resume() {
    throw new Error("This process runs no deliveries");
  },
};
