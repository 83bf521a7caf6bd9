// ToneControl sends a tone from a party of the lab into its line: a fax
// machine's calling or answer tone, or a test tone.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { tonePresets, toneRequest, type TonePreset } from "./tones";

type Act = (path: string, body?: unknown) => Promise<boolean>;

// ToneControl posts the chosen tone to base/tone; id names its fields.
export function ToneControl({ id, base, disabled, act }: { id: string; base: string; disabled: boolean; act: Act }) {
  const { t } = useTranslation();
  const [preset, setPreset] = useState<TonePreset>("cng");
  const play = (ev: FormEvent) => {
    ev.preventDefault();
    void act(`${base}/tone`, toneRequest(preset));
  };
  return (
    <form className="inline tone" onSubmit={play} data-tone={id}>
      <label htmlFor={`tone-${id}`} className="visually-hidden">
        {t("lab.tone")}
      </label>
      <select id={`tone-${id}`} value={preset} onChange={(e) => setPreset(e.target.value as TonePreset)}>
        {tonePresets.map((p) => (
          <option key={p} value={p}>{t(`lab.tones.${p}`)}</option>
        ))}
      </select>
      <button type="submit" className="secondary" disabled={disabled}>
        {t("lab.play")}
      </button>
    </form>
  );
}
