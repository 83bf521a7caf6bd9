package webui

import (
	"encoding/json"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"
)

// ntpSettingKey is the setting of the NTP servers the box keeps its clock
// with: a list of host names or addresses.
const ntpSettingKey = "ntp_servers"

// maxNTPServers bounds the ntp_servers setting.
const maxNTPServers = 5

// boxTime is the body of GET /api/system/time.
type boxTime struct {
	// Now is the box's clock, in UTC (RFC 3339).
	Now time.Time `json:"now"`
	// TimeZone is the IANA zone the box works in: the time_zone setting,
	// or UTC while it is not set (ZoneSet false).
	TimeZone string `json:"time_zone"`
	ZoneSet  bool   `json:"zone_set"`
	// Local is Now in TimeZone (RFC 3339 with the zone's offset), and
	// OffsetSec that offset east of UTC (s).
	Local     string `json:"local"`
	OffsetSec int    `json:"offset_s"`
}

// boxTime serves GET /api/system/time: the box's clock and time zone.
func (s *Server) boxTime(w http.ResponseWriter, r *http.Request) {
	raw, err := s.storedSetting(r.Context(), timeZoneSettingKey)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	out := boxTime{Now: s.now().UTC().Truncate(time.Second), TimeZone: "UTC"}
	if raw != nil {
		var tz string
		if json.Unmarshal(raw, &tz) == nil {
			out.TimeZone, out.ZoneSet = tz, true
		}
	}
	loc, err := time.LoadLocation(out.TimeZone)
	if err != nil {
		loc, out.TimeZone, out.ZoneSet = time.UTC, "UTC", false
	}
	local := out.Now.In(loc)
	out.Local = local.Format(time.RFC3339)
	_, out.OffsetSec = local.Zone()
	writeJSON(w, http.StatusOK, out)
}

// putNTPServers checks the ntp_servers setting: 1 to maxNTPServers host
// names or IP addresses, each once.
func putNTPServers(raw, _ json.RawMessage) (any, error) {
	var servers []string
	if err := decodeSetting(raw, &servers, `a JSON list such as ["pool.ntp.org"]`); err != nil {
		return nil, err
	}
	if len(servers) == 0 || len(servers) > maxNTPServers {
		return nil, badSetting("value", "name 1 to %d NTP servers, such as pool.ntp.org; to use those of DHCP, reset the setting to its default", maxNTPServers)
	}
	out := make([]string, 0, len(servers))
	for _, h := range servers {
		h = strings.ToLower(strings.TrimSpace(h))
		if !validHost(h) {
			return nil, badSetting("value", "%q is not a server name or address: use a name such as pool.ntp.org or an address such as 192.0.2.1, without a port", h)
		}
		if slices.Contains(out, h) {
			return nil, badSetting("value", "%s is named twice: name each server once", h)
		}
		out = append(out, h)
	}
	return out, nil
}

// validHost reports whether h is an IP address or a DNS host name (RFC 1123
// labels: letters, digits and inner hyphens, at most 63 each, 253 in all).
func validHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	if h == "" || len(h) > 253 {
		return false
	}
	for label := range strings.SplitSeq(strings.TrimSuffix(h, "."), ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}
