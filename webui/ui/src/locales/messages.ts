// Messages is the shape of a language's texts: nested objects of strings.
// Plural keys end in _one, _few, _many or _other, as i18next reads them with
// Intl.PluralRules, so languages differ in their plural keys.
export interface Messages {
  [key: string]: string | Messages;
}
