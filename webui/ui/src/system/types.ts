// The shapes of the system and voicemail API's JSON (webui/openapi.json).

// UpdateRecord is how an update ended, or one waiting for its first good
// boot.
export interface UpdateRecord {
  result?: "installed" | "rolled-back";
  version: string;
  slot: string;
  from_version?: string;
  reason?: string;
  at: string;
}

// UpdateSlot is one root file system slot.
export interface UpdateSlot {
  name: string;
  bootname: string;
  state: string;
  boot_status: string;
  version?: string;
  installed?: string;
}

// UpdateState is GET /api/update.
export interface UpdateState {
  available: boolean;
  version: string;
  slot: string;
  next_boot: string;
  slots: UpdateSlot[] | null;
  operation: string;
  progress: number;
  message?: string;
  received_bytes: number;
  size_bytes: number;
  error?: string;
  pending?: UpdateRecord;
  last?: UpdateRecord;
}

// BoxTime is GET /api/system/time.
export interface BoxTime {
  now: string;
  time_zone: string;
  zone_set: boolean;
  local: string;
  offset_s: number;
}

// NetInterface is one interface of GET /api/system/network.
export interface NetInterface {
  name: string;
  mac?: string;
  up: boolean;
  loopback: boolean;
  mtu: number;
  addrs: string[];
}

// Admin is a row of GET /api/admins.
export interface Admin {
  id: number;
  username: string;
  created_at: string;
  password_changed_at: string;
  you: boolean;
}

// Setting is GET /api/settings/{key}.
export interface Setting<T> {
  key: string;
  value: T | null;
  default: boolean;
}

// VoicemailBox is a row of GET /api/voicemail.
export interface VoicemailBox {
  number: string;
  owner: string;
  mailbox_id: number | null;
  new: number;
  saved: number;
}

// VoicemailMessage is a row of GET /api/voicemail/{box}/messages.
export interface VoicemailMessage {
  id: string;
  caller_number: string;
  caller_name: string;
  called: string;
  received: string;
  duration_ms: number;
  state: "new" | "saved";
  notify: string;
}

// NumberList is a row of GET /api/number-lists.
export interface NumberList {
  id: number;
  name: string;
  kind: "black" | "white";
}

// NumberListEntry is a row of GET /api/number-lists/{id}/entries.
export interface NumberListEntry {
  id: number;
  list_id: number;
  pattern: string;
  prefix: boolean;
  comment: string;
}
