// The tones the lab's parties can send into a line (pbx/lab ToneRequest),
// and the keys a phone's keypad takes from the keyboard.

// ToneRequest is one sine of hz at dbm0 for ms in all; with on_ms and
// off_ms it is cadenced.
export interface ToneRequest {
  hz: number;
  dbm0: number;
  ms: number;
  on_ms?: number;
  off_ms?: number;
}

export const tonePresets = ["cng", "ced", "test"] as const;
export type TonePreset = (typeof tonePresets)[number];

// toneRequest is what a preset sends: a calling fax's CNG (ITU-T T.30:
// 1100 Hz, 0.5 s on, 3 s off; four bursts), a called fax's CED (2100 Hz,
// 3.3 s within T.30's 2.6-4 s) and a 1004 Hz test tone for 2 s, each at
// -10 dBm0.
export function toneRequest(p: TonePreset): ToneRequest {
  switch (p) {
    case "cng":
      return { hz: 1100, dbm0: -10, ms: 14_000, on_ms: 500, off_ms: 3000 };
    case "ced":
      return { hz: 2100, dbm0: -10, ms: 3300 };
    case "test":
      return { hz: 1004, dbm0: -10, ms: 2000 };
  }
}

// KeyAction is what a key pressed on a phone's keypad does.
export type KeyAction = { kind: "dial"; digit: string } | { kind: "flash" } | null;

// keyAction maps a keyboard key to the keypad: digits, * and # dial, R
// (either case) flashes; anything else, or a key with a modifier, is left
// to the browser.
export function keyAction(ev: { key: string; ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean }): KeyAction {
  if (ev.ctrlKey || ev.altKey || ev.metaKey) return null;
  if (/^[0-9*#]$/.test(ev.key)) return { kind: "dial", digit: ev.key };
  if (ev.key === "r" || ev.key === "R") return { kind: "flash" };
  return null;
}
