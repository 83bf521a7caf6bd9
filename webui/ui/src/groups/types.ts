// The named ring groups and queues (GET /api/ring-groups, /api/queues)
// that scenarios' group and queue elements refer to by ID.

export const groupStrategies = ["all", "in_turn", "increasing"] as const;
export type GroupStrategy = (typeof groupStrategies)[number];

export const queueStrategies = ["ring_all", "round_robin", "least_recent", "fewest_calls"] as const;
export type QueueStrategy = (typeof queueStrategies)[number];

export interface RingGroup {
  id: number;
  name: string;
  members: string[];
  strategy: GroupStrategy;
  step: number;
  total: number;
}

export interface CallQueue {
  id: number;
  name: string;
  agents: string[];
  strategy: QueueStrategy;
  ring_time: number;
  max_wait: number;
  music_prompt_id: number | null;
  announce_position: boolean;
  position_text: string;
  language: string;
  announce_every: number;
  exit_key: string;
  early_media: boolean;
}
