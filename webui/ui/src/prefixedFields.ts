// Fields of a second form on a page: the box names its fields "name",
// "kind" and so on, which another form on the page may already use as
// field names (and so as element IDs); the second form prefixes its own.
import { ApiError } from "./api";

// renameField returns error as the form whose fields carry prefix sees
// it: an ApiError naming field f then names prefix + f, so that the
// right field is marked; any other error is returned as it is.
export function renameField(error: unknown, prefix: string): unknown {
  if (!(error instanceof ApiError) || error.field === "") return error;
  return new ApiError(error.status, error.message, prefix + error.field, error.problems, error.key);
}
