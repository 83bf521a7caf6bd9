// A second form on a page names its fields with a prefix: the box's field
// names mapped onto the form's own.
import { describe, expect, it } from "vitest";

import { ApiError } from "../../src/api";
import { renameField } from "../../src/prefixedFields";

describe("renameField", () => {
  it("names the form's own field", () => {
    const e = renameField(new ApiError(422, "name: too long", "name"), "list-");
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).field).toBe("list-name");
    expect((e as ApiError).message).toBe("name: too long");
    expect((e as ApiError).status).toBe(422);
  });
  it("leaves an error without a field as it is", () => {
    const plain = new ApiError(500, "broken");
    expect(renameField(plain, "list-")).toBe(plain);
    const other = new Error("offline");
    expect(renameField(other, "list-")).toBe(other);
    expect(renameField(null, "list-")).toBeNull();
  });
});
