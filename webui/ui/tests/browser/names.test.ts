// Every control on every page has a name a screen reader can say and can
// be reached with the keyboard, in a real Chromium against a real pbxd
// with the lab's demo office.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { api, openBox } from "./page";
import { startPbxd, type Pbxd } from "./pbxd";

const password = "correct horse battery";

const paths = ["/", "/extensions", "/scenarios", "/routes", "/schedules", "/prompts", "/outbound-rules", "/trunks", "/fxs-ports", "/fxo-lines", "/gsm", "/calls", "/voicemail", "/lists", "/system", "/lab"];

// unnamed lists the controls of an ARIA snapshot that have no name: a
// line such as "- button" or "- textbox" with nothing quoted after it.
function unnamed(snapshot: string): string[] {
  const controls = /^\s*- (button|textbox|combobox|checkbox|radio|slider|spinbutton|link|searchbox|switch)(\s*\[[^\]]*\])?:?\s*$/;
  return snapshot.split("\n").filter((l) => controls.test(l)).map((l) => l.trim());
}

describe.sequential("names and keyboard on every page", () => {
  let pbxd: Pbxd;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    pbxd = await startPbxd(30_000);
    ({ browser, page } = await openBox(pbxd, password, problems));
    const demo = await api(page, "POST", "/api/lab/demo");
    expect(demo.status, JSON.stringify(demo.body)).toBeLessThan(300);
  });

  afterAll(async () => {
    await browser?.close();
    await pbxd?.stop();
  });

  // check opens path and looks at its controls.
  const check = async (path: string) => {
    await page.goto(`${pbxd.url}${path}`);
    await page.locator("h1").waitFor();
    await page.waitForLoadState("networkidle");
    const snap = await page.locator("body").ariaSnapshot();
    expect(unnamed(snap), snap).toEqual([]);
    // No control is left out of the Tab order.
    const untabbable = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("button, a[href], input:not([type=hidden]), select, textarea, audio[controls]")]
        .filter((e) => e.tabIndex < 0 && !(e as HTMLButtonElement).disabled)
        .map((e) => e.outerHTML.slice(0, 120)),
    );
    expect(untabbable, path).toEqual([]);
  };

  it.each(paths)("%s: every control has a name and a place in the Tab order", check);

  it("the scenario editor: every control has a name and a place in the Tab order", async () => {
    const list = (await api(page, "GET", "/api/scenarios")).body as { id: number }[];
    expect(list.length).toBeGreaterThan(0);
    await check(`/scenarios/${list[0].id}`);
    await page.locator(".react-flow__node").first().waitFor();
  });

  it("sees a control without a name", async () => {
    await page.evaluate(() => {
      const main = document.querySelector("main")!;
      main.append(document.createElement("input"), document.createElement("button"));
    });
    expect(unnamed(await page.locator("body").ariaSnapshot())).toEqual(["- textbox", "- button"]);
  });

  it("reported no script errors or CSP violations", () => {
    expect(problems).toEqual([]);
  });
});
