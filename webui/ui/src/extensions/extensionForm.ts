// Reading the extension form into the body of POST /api/extensions and
// PUT /api/extensions/{id}.
import { checked, text } from "../forms";
import type { Extension, Outbound } from "../types";

export type ExtensionBody = Partial<Omit<Extension, "id" | "dnd">>;

// extensionBody reads the form; a change leaves the number out (the box
// keeps it: scenarios and groups dial it) and sends on duty, which a new
// extension takes as the box's default.
export function extensionBody(f: FormData, change: boolean): ExtensionBody {
  const body: ExtensionBody = {
    name: text(f, "name"),
    email: text(f, "email"),
    mobile: text(f, "mobile").replace(/\s+/g, ""),
    outbound: (text(f, "outbound") || "internal") as Outbound,
    voicemail: checked(f, "voicemail"),
  };
  if (change) body.on_duty = checked(f, "on_duty");
  else body.number = text(f, "number");
  return body;
}
