package store

// FXS port modes.
const (
	FXSVoice = "voice"
	FXSFax   = "fax" // no echo canceller, no DTMF listening, no tones during the call
)

// Caller ID signalling on an FXS port.
const (
	CallerIDOff            = "off"
	CallerIDETSIBeforeRing = "etsi_fsk_before_ring"
	CallerIDETSIAfterRing  = "etsi_fsk_after_ring"
	CallerIDBell202        = "bell202"
	CallerIDDTMF           = "dtmf"
)

// FXSPort is an analog port where a phone or fax machine plugs in.
type FXSPort struct {
	ID          int64  `json:"id"`
	Port        int    `json:"port"`         // 1-based, as printed on the box
	ExtensionID *int64 `json:"extension_id"` // nil: the port is not assigned
	Mode        string `json:"mode"`
	CallerID    string `json:"caller_id"`
	Country     string `json:"country"` // ISO 3166 alpha-2, picks tones and ring cadence
	Hotline     string `json:"hotline"` // number dialled on off-hook, or empty
	EchoCancel  bool   `json:"echo_cancel"`
}

// Validate checks the fields a user enters.
func (p *FXSPort) Validate() error {
	return firstError(
		checkRange("fxs_ports", "port", p.Port, 1, 64),
		checkOneOf("fxs_ports", "mode", p.Mode, FXSVoice, FXSFax),
		checkOneOf("fxs_ports", "caller_id", p.CallerID, CallerIDOff, CallerIDETSIBeforeRing, CallerIDETSIAfterRing, CallerIDBell202, CallerIDDTMF),
		checkCountry("fxs_ports", p.Country),
		checkNumber("fxs_ports", "hotline", p.Hotline, true),
	)
}

// FXOLine is a PSTN line plugged into an FXO port.
type FXOLine struct {
	ID      int64  `json:"id"`
	Port    int    `json:"port"`
	Name    string `json:"name"`
	Number  string `json:"number"` // the line's own number, if known
	Country string `json:"country"`
	Enabled bool   `json:"enabled"`
}

// Validate checks the fields a user enters.
func (l *FXOLine) Validate() error {
	return firstError(
		checkRange("fxo_lines", "port", l.Port, 1, 64),
		checkText("fxo_lines", "name", l.Name, 1, 40),
		checkNumber("fxo_lines", "number", l.Number, true),
		checkCountry("fxo_lines", l.Country),
	)
}

// GSMModule is a GSM modem slot and the SIM card in it.
type GSMModule struct {
	ID        int64  `json:"id"`
	Slot      int    `json:"slot"`
	Name      string `json:"name"`
	SIMNumber string `json:"sim_number"`
	SIMPIN    string `json:"sim_pin"` // entered when the SIM asks for it; empty if none
	Enabled   bool   `json:"enabled"`
}

// Validate checks the fields a user enters.
func (g *GSMModule) Validate() error {
	err := firstError(
		checkRange("gsm_modules", "slot", g.Slot, 1, 32),
		checkText("gsm_modules", "name", g.Name, 1, 40),
		checkNumber("gsm_modules", "sim_number", g.SIMNumber, true),
	)
	if err == nil && g.SIMPIN != "" {
		err = checkDigits("gsm_modules", "sim_pin", g.SIMPIN, 4, 8)
	}
	return err
}

func checkCountry(table, country string) error {
	if len(country) != 2 || country[0] < 'A' || country[0] > 'Z' || country[1] < 'A' || country[1] > 'Z' {
		return Invalid(table, "country", "must be a two-letter upper-case country code such as RU or US")
	}
	return nil
}
