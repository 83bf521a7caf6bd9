// Reading the ring group and queue forms into the API's JSON, and the
// ordered member lists they edit.
import { checked, int, optionalID, text } from "../forms";
import type { CallQueue, GroupStrategy, QueueStrategy, RingGroup } from "./types";

// groupBody is a ring group form's request body with its ordered members.
// Ringing everyone at once takes no step, so the step is sent as 0 then.
export function groupBody(f: FormData, members: readonly string[]): Omit<RingGroup, "id"> {
  const strategy = text(f, "strategy") as GroupStrategy;
  return { name: text(f, "name"), members: [...members], strategy, step: strategy === "all" ? 0 : int(f, "step"), total: int(f, "total") };
}

// queueBody is a queue form's request body with its ordered agents; the
// form's fields are named prefix + the API's field. The position text
// only goes with the position announcement; early media is a checkbox.
export function queueBody(f: FormData, agents: readonly string[], prefix = ""): Omit<CallQueue, "id"> {
  const announce = checked(f, prefix + "announce_position");
  return {
    name: text(f, prefix + "name"),
    agents: [...agents],
    strategy: text(f, prefix + "strategy") as QueueStrategy,
    ring_time: int(f, prefix + "ring_time"),
    max_wait: int(f, prefix + "max_wait"),
    music_prompt_id: optionalID(f, prefix + "music_prompt_id"),
    announce_position: announce,
    position_text: announce ? text(f, prefix + "position_text") : "",
    language: text(f, prefix + "language"),
    announce_every: int(f, prefix + "announce_every"),
    exit_key: text(f, prefix + "exit_key"),
    early_media: checked(f, prefix + "early_media"),
  };
}

// addMember returns members with number at the end, unless it is there.
export function addMember(members: readonly string[], number: string): string[] {
  return number === "" || members.includes(number) ? [...members] : [...members, number];
}

// memberName is how the pages show an extension number: with its name
// when the box has one for it.
export function memberName(number: string, names: ReadonlyMap<string, string>): string {
  const n = names.get(number);
  return n ? `${number} ${n}` : number;
}
