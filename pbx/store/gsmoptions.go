package store

// GSMModuleOptions holds the options of one GSM module that came after the
// module itself: usage limits and fixed-mobile convergence. A module has at
// most one row; a module without one has no limits and no convergence.
type GSMModuleOptions struct {
	ID              int64 `json:"id"`
	GSMModuleID     int64 `json:"gsm_module_id"`
	MinutesPerDay   int   `json:"minutes_per_day"`   // outgoing call minutes a day; 0: no limit
	MinutesPerMonth int   `json:"minutes_per_month"` // outgoing call minutes a calendar month; 0: no limit
	SMSPerDay       int   `json:"sms_per_day"`       // SMS sent a day; 0: no limit
	// FMC turns on fixed-mobile convergence: an employee whose mobile
	// number is on an extension calls the SIM and gets an internal dial tone.
	FMC    bool   `json:"fmc"`
	FMCPIN string `json:"fmc_pin"` // digits asked for before the dial tone; empty: none
}

// Validate checks the fields a user enters.
func (o *GSMModuleOptions) Validate() error {
	const table = "gsm_module_options"
	err := firstError(
		checkRange(table, "minutes_per_day", o.MinutesPerDay, 0, 24*60),
		checkRange(table, "minutes_per_month", o.MinutesPerMonth, 0, 31*24*60),
		checkRange(table, "sms_per_day", o.SMSPerDay, 0, 100000),
	)
	if err == nil && o.FMCPIN != "" {
		err = checkDigits(table, "fmc_pin", o.FMCPIN, 4, 8)
	}
	return err
}
