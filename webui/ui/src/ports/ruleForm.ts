// Reading the outbound rule form into the body of POST and PUT
// /api/outbound-rules. The lines a rule tries and the extensions that may
// use it have editors of their own.
import { int, text } from "../forms";

export interface RuleBody {
  name: string;
  prefix: string;
  level: string;
  strip: number;
  prepend: string;
  priority: number;
}

// ruleBody reads the form; spaces typed in a prefix or the digits to add
// are dropped, as a phone dials none.
export function ruleBody(f: FormData): RuleBody {
  return {
    name: text(f, "name"),
    prefix: text(f, "prefix").replace(/\s+/g, ""),
    level: text(f, "level"),
    strip: int(f, "strip"),
    prepend: text(f, "prepend").replace(/\s+/g, ""),
    priority: int(f, "priority"),
  };
}
