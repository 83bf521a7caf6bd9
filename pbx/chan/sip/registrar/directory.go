package registrar

// Device is a SIP account as the registrar needs it: the credentials of a
// store.SIPDevice and the extension it belongs to.
type Device struct {
	Username  string
	Extension string // the extension's number
	Name      string // the extension's name, shown as caller ID
	HA1MD5    string // hex MD5(username:realm:password)
	HA1SHA256 string // hex SHA-256(username:realm:password)
}

// Directory is an immutable snapshot of the devices that may register,
// with the realm their hashes were made for. The SIP channel builds a new
// one from the store after every configuration change and hands it to
// Registrar.SetDirectory.
type Directory struct {
	Realm string
	// Algorithms are the digest algorithms offered and accepted, in order
	// ("MD5", "SHA-256"); empty means the registrar's default.
	Algorithms []string
	devices    map[string]Device
}

// NewDirectory returns a directory of devices for realm.
func NewDirectory(realm string, devices []Device) *Directory {
	d := &Directory{Realm: realm, devices: make(map[string]Device, len(devices))}
	for _, dev := range devices {
		d.devices[dev.Username] = dev
	}
	return d
}

// Device returns the device with username.
func (d *Directory) Device(username string) (Device, bool) {
	dev, ok := d.devices[username]
	return dev, ok
}

// ha1 returns the device's HA1 for algorithm alg ("MD5" or "SHA-256").
func (dev Device) ha1(alg string) string {
	if alg == "SHA-256" {
		return dev.HA1SHA256
	}
	return dev.HA1MD5
}
