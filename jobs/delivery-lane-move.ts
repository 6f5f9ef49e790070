import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { DeliveryJobData } from "./delivery-queue.ts";

/**
 * Moves a delivery's queued job from the bulk lane to the interactive lane in ONE Redis script,
 * so nobody (a worker, the sweeper looking in both lanes, a second Retry) can ever see the job in
 * neither lane (and add it again: a duplicate) or in both (two workers sending it at once). The
 * job keeps its id, data, options and attempts made: its hash is renamed into the interactive
 * queue's key space and its id pushed where interactive workers take the next job from.
 *
 * Only a job waiting or delayed in bulk moves; a job a worker holds (its lock exists) or that
 * has finished stays where it is. The script speaks BullMQ's key layout (`<prefix>:<queue>:…`,
 * FIFO `wait` list taken from the right, `delayed` and `prioritized` sets, the `marker` that wakes
 * blocked workers), pinned by test/deliveries/delivery-lane-move.test.ts against the real workers.
 */
const MOVE_TO_INTERACTIVE = `
local id = ARGV[1]
local bulkJob = KEYS[1]
local interactiveJob = KEYS[6]
if redis.call("EXISTS", interactiveJob) == 1 then return "interactive" end
if redis.call("EXISTS", bulkJob) == 0 then return "missing" end
if redis.call("EXISTS", bulkJob .. ":lock") == 1 then return "active" end
local removed = redis.call("LREM", KEYS[2], 0, id)
if removed == 0 then removed = redis.call("ZREM", KEYS[3], id) end
if removed == 0 then removed = redis.call("ZREM", KEYS[4], id) end
if removed == 0 then return "finished" end
redis.call("RENAME", bulkJob, interactiveJob)
if redis.call("EXISTS", bulkJob .. ":logs") == 1 then redis.call("RENAME", bulkJob .. ":logs", interactiveJob .. ":logs") end
redis.call("HSET", interactiveJob, "delay", 0, "priority", 0)
redis.call("RPUSH", KEYS[7], id)
if not redis.call("HGET", KEYS[8], "paused") then redis.call("ZADD", KEYS[9], 0, "0") end
redis.call("XADD", KEYS[10], "MAXLEN", "~", 10000, "*", "event", "waiting", "jobId", id, "prev", "moved")
redis.call("XADD", KEYS[5], "MAXLEN", "~", 10000, "*", "event", "removed", "jobId", id, "prev", "moved")
return "moved"`;

/**
 * `moved`: it is now next in the interactive lane. `interactive`: it already was there.
 * `missing`: neither lane holds it (add it). `active`: a worker runs it now. `finished`: it
 * completed or failed in bulk (retry it there).
 */
export type LaneMoveResult = "moved" | "interactive" | "missing" | "active" | "finished";

type MovingRedis = Redis & { moveDeliveryToInteractive(...args: string[]): Promise<LaneMoveResult> };

export async function moveDeliveryToInteractive(
  connection: Redis,
  queues: { bulk: Queue<DeliveryJobData>; interactive: Queue<DeliveryJobData> },
  deliveryId: string,
): Promise<LaneMoveResult> {
  const redis = connection as MovingRedis;
  if (typeof redis.moveDeliveryToInteractive !== "function") {
    redis.defineCommand("moveDeliveryToInteractive", { numberOfKeys: 10, lua: MOVE_TO_INTERACTIVE });
  }
  const bulk = (suffix: string) => queues.bulk.toKey(suffix);
  const interactive = (suffix: string) => queues.interactive.toKey(suffix);
  return redis.moveDeliveryToInteractive(
    bulk(deliveryId),
    bulk("wait"),
    bulk("delayed"),
    bulk("prioritized"),
    bulk("events"),
    interactive(deliveryId),
    interactive("wait"),
    interactive("meta"),
    interactive("marker"),
    interactive("events"),
    deliveryId,
  );
}
