package store

// SIPTrunk is an account at a SIP provider that carries outside calls.
type SIPTrunk struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Host        string `json:"host"`
	Port        int    `json:"port"`
	Transport   string `json:"transport"` // udp, tcp or tls
	Username    string `json:"username"`
	Password    string `json:"password"` // needed in clear to answer the provider's challenge
	Register    bool   `json:"register"`
	MaxChannels int    `json:"max_channels"` // 0: no limit
	Enabled     bool   `json:"enabled"`
}

// Validate checks the fields a user enters.
func (t *SIPTrunk) Validate() error {
	return firstError(
		checkText("sip_trunks", "name", t.Name, 1, 40),
		checkText("sip_trunks", "host", t.Host, 1, 253),
		checkRange("sip_trunks", "port", t.Port, 1, 65535),
		checkOneOf("sip_trunks", "transport", t.Transport, "udp", "tcp", "tls"),
		checkText("sip_trunks", "username", t.Username, 0, 128),
		checkText("sip_trunks", "password", t.Password, 0, 128),
		checkRange("sip_trunks", "max_channels", t.MaxChannels, 0, 1000),
	)
}
