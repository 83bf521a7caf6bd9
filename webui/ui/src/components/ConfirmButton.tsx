// ConfirmButton is a delete that asks twice: a link-styled button that,
// once pressed, turns into a red one saying what goes; only that second
// press calls onConfirm.
import { useState } from "react";

interface ConfirmButtonProps {
  label: string; // the first button, e.g. "Delete"
  confirmLabel: string; // the second, e.g. "Delete Welcome for good"
  id?: string; // the second button's id
  busy: boolean;
  onConfirm: () => void;
}

export function ConfirmButton({ label, confirmLabel, id, busy, onConfirm }: ConfirmButtonProps) {
  const [asked, setAsked] = useState(false);
  return asked ? (
    <button type="button" className="danger" id={id} disabled={busy} onClick={onConfirm}>{confirmLabel}</button>
  ) : (
    <button type="button" className="link" onClick={() => setAsked(true)}>{label}</button>
  );
}
