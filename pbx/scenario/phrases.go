package scenario

import (
	"encoding/json"
	"strings"

	"github.com/hookflash/firmware/pbx/store"
)

// What the box itself says to callers, by language (store.Languages): the
// rating question and the recording warning, spoken by speech synthesis.
type phrases struct {
	rating           string
	recordingWarning string
}

var phrasebook = map[string]phrases{
	"en": {"Please rate the call from 1 to 5", "This call is recorded"},
	"ru": {"Пожалуйста, оцените разговор от 1 до 5", "Разговор записывается"},
	"uk": {"Будь ласка, оцініть розмову від 1 до 5", "Розмова записується"},
	"pl": {"Prosimy ocenić rozmowę w skali od 1 do 5", "Rozmowa jest nagrywana"},
}

// countrySetting is the settings key of the box's country, a JSON ISO
// 3166 alpha-2 string.
const countrySetting = "country"

// defaultLanguage is spoken when neither the route, the line nor the box
// says otherwise.
const defaultLanguage = "en"

// countryLanguages maps ISO 3166 countries to the language of
// phrasebook their callers are spoken to in.
var countryLanguages = map[string]string{
	"RU": "ru", "BY": "ru", "KZ": "ru", "KG": "ru",
	"UA": "uk",
	"PL": "pl",
}

// phrasesIn returns the phrases of lang, or English ones.
func phrasesIn(lang string) phrases {
	if p, ok := phrasebook[lang]; ok {
		return p
	}
	return phrasebook[defaultLanguage]
}

// language returns the language of what the box says to a caller on
// channel by route rt (ok false: no route): the route's option, else
// the country of the FXO line the call came in on, else the box's country
// setting, else English.
func (s *snapshot) language(rt store.InboundRoute, ok bool, channel string) string {
	if ok {
		if l := s.options[rt.ID].Language; l != "" {
			return l
		}
	}
	kind, port, _ := strings.Cut(channel, "/")
	if kind == "fxo" {
		if l, ok := countryLanguages[s.fxoCountry[port]]; ok {
			return l
		}
	}
	if l, ok := countryLanguages[s.country]; ok {
		return l
	}
	return defaultLanguage
}

// settingString returns the string value of setting key in cfg, or "".
func settingString(cfg *store.Config, key string) string {
	for _, st := range cfg.Settings {
		if st.Key == key {
			var v string
			if json.Unmarshal(st.Value, &v) == nil {
				return v
			}
		}
	}
	return ""
}
