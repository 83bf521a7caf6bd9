// CheckList is a list of checkboxes, one per item, that picks a subset:
// every box is reached with Tab and ticked with Space, and the list wraps
// into columns that fit a phone's width.
import "./checkList.css";

export interface CheckItem {
  value: string;
  label: string;
}

interface CheckListProps {
  id: string; // prefixes each box's ID: `${id}-${value}`
  items: CheckItem[];
  picked: readonly string[];
  onPick: (value: string, on: boolean) => void;
  describedBy?: string;
  disabled?: boolean;
}

export function CheckList({ id, items, picked, onPick, describedBy, disabled }: CheckListProps) {
  return (
    <ul className="check-list" id={id} aria-describedby={describedBy}>
      {items.map((it) => (
        <li key={it.value} className="field check">
          <input type="checkbox" id={`${id}-${it.value}`} data-value={it.value} checked={picked.includes(it.value)} disabled={disabled}
            onChange={(e) => onPick(it.value, e.currentTarget.checked)} />
          <label htmlFor={`${id}-${it.value}`}>{it.label}</label>
        </li>
      ))}
    </ul>
  );
}
