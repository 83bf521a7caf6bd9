// Reading the form that resets another admin's password: the new password
// typed twice, so a slip of the finger does not lock the other admin out,
// and the acting admin's own password, which the box asks as a stolen
// session cannot give it.

export interface ResetBody {
  your_password: string;
  new_password: string;
}

// resetBody returns the body of PUT /api/admins/{id}/password, or null
// when the two new passwords differ.
export function resetBody(f: FormData): ResetBody | null {
  const fresh = String(f.get("new_password") ?? "");
  if (fresh !== String(f.get("new_password_again") ?? "")) return null;
  return { your_password: String(f.get("your_password") ?? ""), new_password: fresh };
}
