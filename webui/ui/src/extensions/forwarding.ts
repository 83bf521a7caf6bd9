// An extension's call forwarding (GET/PUT /api/extensions/{id}/forward):
// always, on busy or do-not-disturb, on no answer after a ring time, when
// no phone can ring. An empty number leaves that condition off.
import { checked, int, text } from "../forms";

export interface Forward {
  number: string;
  enabled: boolean;
  busy: string;
  no_answer: string;
  no_answer_secs: number;
  unreachable: string;
}

export const noForward: Forward = { number: "", enabled: false, busy: "", no_answer: "", no_answer_secs: 0, unreachable: "" };

// forwardBody reads the forwarding form, whose fields are named prefix +
// the API's field. Spaces in numbers are dropped; a ring time goes only
// with a number to forward to on no answer.
export function forwardBody(f: FormData, prefix = ""): Forward {
  const number = (name: string) => text(f, prefix + name).replace(/\s+/g, "");
  const noAnswer = number("no_answer");
  return {
    number: number("number"),
    enabled: checked(f, prefix + "enabled"),
    busy: number("busy"),
    no_answer: noAnswer,
    no_answer_secs: noAnswer === "" ? 0 : int(f, prefix + "no_answer_secs"),
    unreachable: number("unreachable"),
  };
}

export type Condition = "always" | "busy" | "no_answer" | "unreachable";

// activeForwards lists the conditions that forward calls, with their
// numbers: always alone when it is on, since it takes every call.
export function activeForwards(fwd: Forward): { when: Condition; number: string }[] {
  if (fwd.enabled && fwd.number !== "") return [{ when: "always", number: fwd.number }];
  const out: { when: Condition; number: string }[] = [];
  if (fwd.busy) out.push({ when: "busy", number: fwd.busy });
  if (fwd.no_answer) out.push({ when: "no_answer", number: fwd.no_answer });
  if (fwd.unreachable) out.push({ when: "unreachable", number: fwd.unreachable });
  return out;
}
