// The FXS port's country is chosen from those the box has tones and
// ringing for (GET /api/fxs-ports/countries), named in the page's language
// by Intl.DisplayNames and sorted as that language sorts.

export interface CountryOption {
  value: string;
  label: string;
}

// countryName returns the name of the country code in lang, or the code
// where Intl knows none.
export function countryName(code: string, lang: string): string {
  try {
    return new Intl.DisplayNames([lang], { type: "region", fallback: "code" }).of(code) ?? code;
  } catch {
    return code; // not a region code Intl accepts
  }
}

// countryOptions returns the choices of a port now set to current: the
// countries of codes by name in lang, and current too, labelled by
// unsupported, when the box has no tones for it (a configuration from
// elsewhere), so that saving the port does not change it unasked.
export function countryOptions(codes: string[], current: string, lang: string, unsupported: (name: string) => string): CountryOption[] {
  const collator = new Intl.Collator(lang);
  const out = codes
    .map((c) => ({ value: c, label: `${countryName(c, lang)} (${c})` }))
    .sort((a, b) => collator.compare(a.label, b.label));
  if (current && !codes.includes(current)) out.push({ value: current, label: unsupported(`${countryName(current, lang)} (${current})`) });
  return out;
}
