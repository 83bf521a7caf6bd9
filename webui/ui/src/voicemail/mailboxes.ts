// A voicemail box as GET /api/mailboxes shows it, and the mailbox form
// read into the body of POST and PUT /api/mailboxes.
import { checked, optionalID, text } from "../forms";

export interface Mailbox {
  id: number;
  number: string;
  extension_id: number | null;
  greeting_prompt_id: number | null;
  pin_set: boolean; // the box never shows the PIN itself
  email: string;
}

export interface MailboxBody {
  number: string;
  extension_id: number | null;
  greeting_prompt_id: number | null;
  email: string;
  pin?: string;
  clear_pin?: boolean;
}

// mailboxBody reads the form. An empty PIN field keeps the stored PIN, so
// the body carries a PIN only when one is typed, and clear_pin only when
// ticked (the box refuses both at once, naming clear_pin).
export function mailboxBody(f: FormData): MailboxBody {
  const body: MailboxBody = {
    number: text(f, "number"),
    extension_id: optionalID(f, "extension_id"),
    greeting_prompt_id: optionalID(f, "greeting_prompt_id"),
    email: text(f, "email"),
  };
  const pin = text(f, "pin").replace(/\s+/g, "");
  if (pin !== "") body.pin = pin;
  if (checked(f, "clear_pin")) body.clear_pin = true;
  return body;
}
