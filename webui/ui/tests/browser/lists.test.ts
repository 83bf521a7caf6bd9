// The black and white lists page in a real Chromium against a real pbxd:
// create a list, add an exact number and a prefix (a malformed number is
// refused on its field), see a dry run of a scenario match a caller by the
// prefix, remove an entry, see a list that a scenario checks kept, and
// rename a list and change its kind.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { api, openBox, screenshot } from "./page";
import { startPbxd, type Pbxd } from "./pbxd";

const password = "correct horse battery";

describe.sequential("black and white lists", () => {
  let pbxd: Pbxd;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    pbxd = await startPbxd();
    ({ browser, page } = await openBox(pbxd, password, problems));
  });

  afterAll(async () => {
    await browser?.close();
    await pbxd?.stop();
  });

  it("creates a list and fills it with a number and a prefix", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Lists", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Black and white lists" }).waitFor();
    await page.fill("#field-name", "Spam");
    await page.selectOption("#field-kind", "black");
    await page.click("#list-form button[type=submit]");
    await expect.poll(() => page.textContent("#lists-saved")).toBe("List Spam created.");
    expect(await page.textContent('#lists tr[data-list="Spam"] [data-key="kind"]')).toBe("Black list");

    await page.fill("#field-pattern", "+7 (495) 123");
    await page.click("#entry-form button[type=submit]");
    await expect.poll(() => page.getAttribute("#field-pattern", "aria-invalid")).toBe("true");
    await page.fill("#field-pattern", "+7 495 1234567");
    await page.fill("#field-comment", "robocaller");
    await page.click("#entry-form button[type=submit]");
    await expect.poll(() => page.locator('#entries tr[data-pattern="+74951234567"]').count()).toBe(1);
    await page.fill("#field-pattern", "7800");
    await page.check("#field-prefix");
    await page.click("#entry-form button[type=submit]");
    await expect.poll(() => page.textContent('#entries tr[data-pattern="7800"] [data-key="pattern"]')).toBe("7800…");
    await screenshot(page, "lists");
  });

  it("lets a scenario's list element match a caller by the prefix", async () => {
    const lists = (await api(page, "GET", "/api/number-lists")).body as { id: number; name: string }[];
    const spam = lists.find((l) => l.name === "Spam")!;
    const document = {
      schema: 1,
      elements: [
        { id: "in", type: "incoming", next: { next: "spam" } },
        { id: "spam", type: "list", params: { list_id: spam.id }, next: { match: "bye", no_match: "bye2" } },
        { id: "bye", type: "hangup" },
        { id: "bye2", type: "hangup" },
      ],
    };
    const run = async (caller: string) => {
      const res = await api(page, "POST", "/api/scenarios/dry-run", { document, caller, channel: "gsm/1", called: "100" });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body as { path: { element: string; outcome: string }[] }).path.find((s) => s.element === "spam")?.outcome;
    };
    expect(await run("+78001112233")).toBe("match");
    expect(await run("+74951234567")).toBe("match");
    expect(await run("+74957654321")).toBe("no_match");

    // Kept while a stored scenario checks it; the page says which.
    const sc = await api(page, "POST", "/api/scenarios", { name: "Front desk", document });
    expect(sc.status, JSON.stringify(sc.body)).toBe(201);
    await page.click("#delete-list");
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain('"Front desk"');
    expect(await page.locator('#lists tr[data-list="Spam"]').count()).toBe(1);
  });

  it("removes an entry", async () => {
    await page.click('button[data-remove="+74951234567"]');
    await expect.poll(() => page.locator("#entries tbody tr").count()).toBe(1);
    const lists = (await api(page, "GET", "/api/number-lists")).body as { id: number }[];
    const entries = (await api(page, "GET", `/api/number-lists/${lists[0].id}/entries`)).body as { pattern: string }[];
    expect(entries.map((e) => e.pattern)).toEqual(["7800"]);
  });

  it("renames a list and changes its kind, by keyboard", async () => {
    await page.fill("#field-list-name", "   ");
    await page.focus("#field-list-name");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getAttribute("#field-list-name", "aria-invalid")).toBe("true");

    await page.fill("#field-list-name", "Callers we trust");
    await page.selectOption("#field-list-kind", "white");
    await page.focus("#field-list-name");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.textContent("#lists-saved")).toBe("List Callers we trust saved: White list.");
    expect(await page.textContent('#lists tr[data-list="Callers we trust"] [data-key="kind"]')).toBe("White list");
    expect(await page.locator('#lists tr[data-list="Spam"]').count()).toBe(0);
    const lists = (await api(page, "GET", "/api/number-lists")).body as { name: string; kind: string }[];
    expect(lists.map((l) => [l.name, l.kind])).toEqual([["Callers we trust", "white"]]);
    // Its numbers stay with it.
    expect(await page.locator('#entries tr[data-pattern="7800"]').count()).toBe(1);
    await screenshot(page, "lists-settings");
    // The only console errors are the refusals provoked above.
    expect(problems.filter((p) => !p.includes("status of 409"))).toEqual([]);
  });
});
