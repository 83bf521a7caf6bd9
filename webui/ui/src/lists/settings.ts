// Fields of a second form on a page: the box names a list's fields "name"
// and "kind", which the page's new-list form already uses as field names.
import { ApiError } from "../api";

// renameField returns error as the form whose fields carry prefix sees
// it: an ApiError naming field f then names prefix + f, so that the
// right field is marked; any other error is returned as it is.
export function renameField(error: unknown, prefix: string): unknown {
  if (!(error instanceof ApiError) || error.field === "") return error;
  return new ApiError(error.status, error.message, prefix + error.field, error.problems, error.key);
}
