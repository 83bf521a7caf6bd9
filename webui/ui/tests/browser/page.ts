// What every browser test does with its pages: watch them for errors a
// person would not want, screenshot them at desktop and phone widths, and
// set a fresh box up.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";

import { launchChromium } from "./chromium";

export const shots = fileURLToPath(new URL("../../test-results/", import.meta.url));
export const desktop = { width: 1280, height: 800 };
export const phone = { width: 390, height: 844 };

// watch notes into problems what a page reports that a person would not
// want: script errors, CSP violations, console errors other than the
// API's refusals (4xx) that the tests provoke on purpose.
export function watch(p: Page, problems: string[]) {
  p.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  p.on("console", (m) => {
    if (m.type() !== "error") return;
    if (/Failed to load resource: the server responded with a status of (400|401|403|404)/.test(m.text())) return;
    problems.push(`console error: ${m.text()}`);
  });
}

// screenshot writes the page at desktop and phone widths, and checks that
// the phone width needs no sideways scrolling.
export async function screenshot(page: Page, name: string) {
  for (const [size, vp] of [["desktop", desktop], ["phone", phone]] as const) {
    await page.setViewportSize(vp);
    await page.screenshot({ path: `${shots}${name}-${size}.png`, fullPage: true });
    if (size === "phone") {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
    }
  }
  await page.setViewportSize(desktop);
}

// api sends a request from the page with its session and CSRF token, and
// returns the status and the decoded answer.
export async function api(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ([method, path, body]) => {
      const csrf = (await (await fetch("/api/csrf")).json()).csrf_token;
      const res = await fetch(path as string, {
        method: method as string,
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    [method, path, body] as const,
  );
}

// labPost acts in the simulated world with POST /api/lab/path, as the lab page
// would, and fails the test when the box refuses.
export async function labPost(page: Page, path: string, body?: unknown) {
  const res = await api(page, "POST", `/api/lab/${path}`, body);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
}

// openBox starts Chromium on a fresh pbxd's first-run page, sets the admin
// password with the setup code, and returns the browser and the page on
// the dashboard; problems collects the page's errors (see watch).
export async function openBox(box: { url: string; setupCode: string }, password: string, problems: string[]): Promise<{ browser: Browser; page: Page }> {
  mkdirSync(shots, { recursive: true });
  const browser = await launchChromium();
  const context = await browser.newContext({ locale: "en-US", viewport: desktop });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  watch(page, problems);
  await page.goto(box.url);
  await page.getByRole("heading", { level: 1, name: "First-time setup" }).waitFor();
  await page.fill("#field-code", box.setupCode);
  await page.fill("#field-password", password);
  await page.click("#setup-form button[type=submit]");
  await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
  return { browser, page };
}
