// What a softphone needs to register as a SIP device of the box, and the
// text of the QR code it scans.
import type { SIPAccount } from "./ports/types";

// softphoneURI is the account as one SIP URI with the password in its
// user part (RFC 3261 section 19.1.1 userinfo) and the first transport:
// sip:101:secret@192.0.2.1:5060;transport=udp. Softphones that read a SIP
// URI from a QR code take user, password, server and port from it. The
// user and password are percent-encoded where the URI syntax needs it.
// It is "" when the box does not know its own SIP host.
export function softphoneURI(acc: SIPAccount, password: string): string {
  if (!acc.server) return "";
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const host = acc.server.includes(":") && !acc.server.startsWith("[") ? `[${acc.server}]` : acc.server;
  const port = acc.port ? `:${acc.port}` : "";
  const transport = acc.transports[0] ? `;transport=${acc.transports[0]}` : "";
  return `sip:${enc(acc.username)}:${enc(password)}@${host}${port}${transport}`;
}

// newPassword returns a random password of n characters from letters and
// digits without look-alikes (no 0 O 1 l I), from the browser's CSPRNG.
export function newPassword(n = 16, random: (a: Uint8Array) => Uint8Array = (a) => crypto.getRandomValues(a)): string {
  const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  // Bytes at or above the largest multiple of the alphabet's size are
  // dropped, so every character is equally likely.
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < n) {
    for (const b of random(new Uint8Array(n * 2))) {
      if (b < limit && out.length < n) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}
