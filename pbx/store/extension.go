package store

// Outbound permission levels of an extension, from least to most allowed.
// New extensions get OutboundInternal: calls out of the box are restricted
// until an admin allows them, because toll fraud is the costliest attack on
// a PBX.
const (
	OutboundInternal      = "internal"
	OutboundLocal         = "local"
	OutboundNational      = "national"
	OutboundInternational = "international"
)

// Extension is an internal number: a person or a place that phones ring for.
type Extension struct {
	ID        int64  `json:"id"`
	Number    string `json:"number"` // 2 to 6 digits
	Name      string `json:"name"`
	Email     string `json:"email"`
	Mobile    string `json:"mobile"` // for the mobile subscriber element and FMC
	DND       bool   `json:"dnd"`
	OnDuty    bool   `json:"on_duty"`
	Outbound  string `json:"outbound"` // one of the Outbound* levels
	Voicemail bool   `json:"voicemail"`
}

// Validate checks the fields a user enters.
func (e *Extension) Validate() error {
	return firstError(
		checkDigits("extensions", "number", e.Number, 2, 6),
		checkText("extensions", "name", e.Name, 1, 80),
		checkText("extensions", "email", e.Email, 0, 254),
		checkNumber("extensions", "mobile", e.Mobile, true),
		checkOneOf("extensions", "outbound", e.Outbound, OutboundInternal, OutboundLocal, OutboundNational, OutboundInternational),
	)
}

// SIPDevice is a SIP phone's account on an extension. The password is never
// stored: only the digest HA1 hashes for the box's realm.
type SIPDevice struct {
	ID          int64  `json:"id"`
	ExtensionID int64  `json:"extension_id"`
	Username    string `json:"username"`
	HA1MD5      string `json:"ha1_md5"`    // hex MD5(username:realm:password)
	HA1SHA256   string `json:"ha1_sha256"` // hex SHA-256(username:realm:password)
	Description string `json:"description"`
}

// Validate checks the fields a user enters.
func (d *SIPDevice) Validate() error {
	err := firstError(
		checkText("sip_devices", "username", d.Username, 1, 64),
		checkText("sip_devices", "description", d.Description, 0, 120),
	)
	if err == nil && (len(d.HA1MD5) != 32 || len(d.HA1SHA256) != 64) {
		err = Invalid("sip_devices", "ha1_md5", "digest hashes must be hex MD5 and SHA-256; set a password instead")
	}
	return err
}
