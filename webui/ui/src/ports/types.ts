// The shapes of the configuration of ports, lines, trunks and routes as
// the API gives them (webui/openapi.json).

export const callerIDTypes = ["off", "etsi_fsk_before_ring", "etsi_fsk_after_ring", "bell202", "dtmf"] as const;

// FXSPort is a row of GET /api/fxs-ports.
export interface FXSPort {
  id: number;
  port: number;
  extension_id: number | null;
  extension: string;
  mode: "voice" | "fax";
  caller_id: (typeof callerIDTypes)[number];
  country: string;
  hotline: string;
  echo_cancel: boolean;
}

// FXOLine is a row of GET /api/fxo-lines.
export interface FXOLine {
  id: number;
  port: number;
  name: string;
  number: string;
  country: string;
  enabled: boolean;
}

// GSMModule is a row of GET /api/gsm-modules; the PIN itself is never
// shown, only whether one is set.
export interface GSMModule {
  id: number;
  slot: number;
  name: string;
  sim_number: string;
  sim_pin_set: boolean;
  enabled: boolean;
}

// GSMOptions is GET /api/gsm-modules/{id}/options: limits (0: none) and FMC.
export interface GSMOptions {
  gsm_module_id: number;
  minutes_per_day: number;
  minutes_per_month: number;
  sms_per_day: number;
  fmc: boolean;
  fmc_pin_set: boolean;
}

// SMS is a message of the inbox or outbox.
export interface SMS {
  id: number;
  direction: "in" | "out";
  module: string;
  peer: string;
  text: string;
  parts: number;
  status: string;
  attempts: number;
  last_error: string;
  created_at: string;
  sent_at?: string;
  delivered_at?: string;
}

// USSD is a USSD request and the network's reply.
export interface USSD {
  id: number;
  module: string;
  code: string;
  reply: string;
  error: string;
  created_at: string;
}

export const transports = ["udp", "tcp", "tls"] as const;

// Trunk is a row of GET /api/trunks.
export interface Trunk {
  id: number;
  name: string;
  host: string;
  port: number;
  transport: (typeof transports)[number];
  username: string;
  password_set: boolean;
  register: boolean;
  max_channels: number;
  enabled: boolean;
}

export const ruleLevels = ["local", "national", "international"] as const;

// OutboundRule is a row of GET /api/outbound-rules.
export interface OutboundRule {
  id: number;
  name: string;
  prefix: string;
  sip_trunk_id: number | null;
  strip: number;
  prepend: string;
  level: (typeof ruleLevels)[number];
  priority: number;
}

export const routeSources = ["any", "did", "fxo", "gsm"] as const;

// InboundRoute is a row of GET /api/routes.
export interface InboundRoute {
  id: number;
  name: string;
  source: (typeof routeSources)[number];
  did: string;
  sip_trunk_id: number | null;
  fxo_line_id: number | null;
  gsm_module_id: number | null;
  scenario_id: number;
  schedule_id: number | null;
  greeting_prompt_id: number | null;
  record_calls: boolean;
}

// SIPAccount is what a softphone needs besides the password.
export interface SIPAccount {
  username: string;
  realm: string;
  server?: string;
  port?: number; // absent when unknown
  transports: string[];
  extension: string;
  uri: string;
}

// Device is a SIP device of an extension.
export interface Device {
  id: number;
  extension_id: number;
  username: string;
  description: string;
  sip: SIPAccount;
}
