// Reading the extension form into the body of POST /api/extensions and
// PUT /api/extensions/{id}.
import { checked, text } from "../forms";
import type { Extension, Outbound } from "../types";

export type ExtensionBody = Partial<Omit<Extension, "id" | "dnd">>;

// extensionBody reads the form; a change sends on duty, which a new
// extension takes as the box's default.
export function extensionBody(f: FormData, change: boolean): ExtensionBody {
  const body: ExtensionBody = {
    name: text(f, "name"),
    email: text(f, "email"),
    mobile: text(f, "mobile").replace(/\s+/g, ""),
    outbound: (text(f, "outbound") || "internal") as Outbound,
    voicemail: checked(f, "voicemail"),
  };
  body.number = text(f, "number");
  if (change) body.on_duty = checked(f, "on_duty");
  return body;
}

// renumbering returns the new number that body gives the extension
// numbered from, or null when it keeps its number: a new number asks to be
// confirmed, listing what moves with it (the box's dry run), since the
// extension's phones must register again.
export function renumbering(from: string, body: ExtensionBody): string | null {
  return body.number && body.number !== from ? body.number : null;
}

// Renumbered is what PUT /api/extensions/{id} answers moved (or, with
// ?dry_run=1, would move) when the number changes.
export interface Renumbered {
  from: string;
  moved: string[];
  mailbox_moved: boolean;
  voicemail_error?: string;
  dry_run?: boolean;
}

// ExtensionSaved is the answer of PUT /api/extensions/{id}.
export type ExtensionSaved = Extension & { renumbered?: Renumbered };
