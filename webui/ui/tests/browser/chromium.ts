// launchChromium starts Debian's Chromium (not a browser that Playwright
// downloads) headless, with what this machine's closed network needs.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  for (const p of candidates) if (p && existsSync(p)) return p;
  throw new Error("chromium not found: install it (Debian: apt-get install -y chromium) or set CHROMIUM");
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
