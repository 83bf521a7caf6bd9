// SignalBars draws 0 to 5 bars of a GSM signal, with the count for screen
// readers in label.
export function SignalBars({ bars, label }: { bars: number; label: string }) {
  return (
    <span className="bars" role="img" aria-label={label} data-bars={bars}>
      {[1, 2, 3, 4, 5].map((i) => (
        <span key={i} className={`bar bar-${i}${i <= bars ? " on" : ""}`} />
      ))}
    </span>
  );
}
