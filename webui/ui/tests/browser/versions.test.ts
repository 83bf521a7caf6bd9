// A scenario's versions in a real Chromium against a real pbxd: create a
// scenario, save it twice in the editor, see the versions with who saved
// them, compare the first with the current one element by element, and
// roll back to it: the graph shows the old element again and the box
// serves the old document as the scenario.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { api, openBox, screenshot } from "./page";
import { startPbxd, type Pbxd } from "./pbxd";

const password = "correct horse battery";

interface Doc {
  elements: { id: string; type: string; label?: string; next?: Record<string, string> }[];
}

describe.sequential("scenario versions", () => {
  let pbxd: Pbxd;
  let browser: Browser;
  let page: Page;
  let path = "";
  const problems: string[] = [];

  const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const select = async (id: string) => {
    await node(id).locator(".element-id").click();
    await page.locator("#panel-title").filter({ hasText: id }).waitFor();
  };
  const save = async () => {
    await page.click("#save");
    await expect.poll(() => page.textContent("#dirty")).toBe("saved");
    expect(await page.textContent("#editor-status")).toBe("Saved: new calls follow this scenario.");
  };
  const rows = () => page.locator("#versions-list tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-version")));

  beforeAll(async () => {
    pbxd = await startPbxd();
    ({ browser, page } = await openBox(pbxd, password, problems));
  });

  afterAll(async () => {
    await browser?.close();
    await pbxd?.stop();
  });

  it("keeps a version for the creation and each of two saves", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Scenarios" }).click();
    await page.fill("#field-name", "Night");
    await page.click("#scenario-form button[type=submit]");
    await page.getByRole("heading", { level: 1, name: "Night" }).waitFor();
    path = new URL(page.url()).pathname.replace(/^\/scenarios\//, "/api/scenarios/");
    await expect.poll(rows).toEqual(["1"]);

    // First save: the starter's hang-up is replaced by a labelled one.
    await select("end");
    await page.click("#delete-element");
    await page.locator('#palette [data-kind="hangup"] button').focus();
    await page.keyboard.press("Enter");
    await node("hangup1").waitFor();
    await select("hangup1");
    await page.fill("#element-label", "Goodbye");
    await select("in");
    await page.selectOption("#arrow-next", "hangup1");
    await save();
    await expect.poll(rows).toEqual(["2", "1"]);

    // Second save: a new label.
    await select("hangup1");
    await page.fill("#element-label", "Good night");
    await save();
    await expect.poll(rows).toEqual(["3", "2", "1"]);

    const session = (await api(page, "GET", "/api/session")).body as { username: string };
    const by = await page.locator("#versions-list tbody tr td:nth-child(3)").allTextContents();
    expect(by).toEqual([session.username, session.username, session.username]);
    expect(await page.locator('#versions-list tr[data-version="3"] .badge').textContent()).toBe("current");
    expect(await page.locator('#versions-list tr[data-version="3"] button').count()).toBe(0);
  });

  it("compares the first version with the current one by element", async () => {
    await page.getByRole("button", { name: "Compare version 1 with the current one" }).click();
    await page.locator("#version-diff").waitFor();
    expect(await page.textContent("#version-diff h3")).toBe("From version 1 to the current one");
    expect(await page.locator("#diff-added li").allTextContents()).toEqual(["Good night (hangup1)"]);
    expect(await page.locator("#diff-removed li").allTextContents()).toEqual(["Hang up (end)"]);
    expect(await page.locator("#diff-arrows-added li").allTextContents()).toEqual(["Incoming call (in) — next → Good night (hangup1)"]);
    expect(await page.locator("#diff-arrows-removed li").allTextContents()).toEqual(["Incoming call (in) — next → Hang up (end)"]);

    await page.getByRole("button", { name: "Compare version 2 with the current one" }).click();
    await expect.poll(() => page.textContent("#version-diff h3")).toBe("From version 2 to the current one");
    expect(await page.locator("#diff-changed li").allTextContents()).toEqual(["Good night (hangup1): label: Goodbye → Good night"]);
    expect(await page.locator("#diff-added").count()).toBe(0);
    await screenshot(page, "scenario-versions-diff");
  });

  it("rolls back to the first version after a confirmation and reopens its graph", async () => {
    await page.getByRole("button", { name: "Roll back to version 1" }).click();
    await page.locator("#rollback-confirm").waitFor();
    expect(await node("hangup1").count()).toBe(1); // nothing happens before the confirmation
    await page.click("#rollback-yes");
    await expect.poll(() => page.textContent("#versions-status")).toBe("Rolled back to version 1: new calls follow it.");
    await node("end").waitFor();
    expect(await node("hangup1").count()).toBe(0);
    await expect.poll(() => page.locator('.react-flow__edge[data-id="in:next"]').count()).toBe(1);
    await expect.poll(rows).toEqual(["4", "3", "2", "1"]);
    expect(await page.textContent('#versions-list tr[data-version="4"] td:nth-child(4)')).toBe("rollback to version 1");

    const now = (await api(page, "GET", path)).body as { document: Doc };
    const v1 = (await api(page, "GET", `${path}/versions/1`)).body as { document: Doc };
    expect(now.document).toEqual(v1.document);
    expect(now.document.elements.map((e) => e.id)).toEqual(["in", "end"]);
    expect(now.document.elements[0].next).toEqual({ next: "end" });

    // The reopened graph is the saved one: nothing to save.
    expect(await page.textContent("#dirty")).toBe("saved");
    await screenshot(page, "scenario-versions-rollback");
    expect(problems).toEqual([]);
  });
});
