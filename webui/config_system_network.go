package webui

import (
	"net"
	"net/http"
	"slices"
)

// netInterface is one network interface of the box as GET
// /api/system/network shows it.
type netInterface struct {
	Name     string   `json:"name"`
	MAC      string   `json:"mac,omitempty"`
	Up       bool     `json:"up"`
	Loopback bool     `json:"loopback"`
	MTU      int      `json:"mtu"`
	Addrs    []string `json:"addrs"` // CIDR: 192.0.2.10/24, fe80::1/64
}

// network serves GET /api/system/network: the box's interfaces and
// addresses, the address phones register to, and the fallback address
// the image keeps in every mode. The admin chooses DHCP or a static
// address with the network setting (config_system_network_setting.go).
func (s *Server) network(w http.ResponseWriter, r *http.Request) {
	ifs, err := net.Interfaces()
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	out := make([]netInterface, 0, len(ifs))
	for _, i := range ifs {
		n := netInterface{Name: i.Name, MAC: i.HardwareAddr.String(), Up: i.Flags&net.FlagUp != 0,
			Loopback: i.Flags&net.FlagLoopback != 0, MTU: i.MTU, Addrs: []string{}}
		addrs, err := i.Addrs()
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		for _, a := range addrs {
			n.Addrs = append(n.Addrs, a.String())
		}
		out = append(out, n)
	}
	// Loopback last: the LAN interfaces are what an installer looks for.
	slices.SortStableFunc(out, func(a, b netInterface) int {
		switch {
		case a.Loopback == b.Loopback:
			return 0
		case a.Loopback:
			return 1
		}
		return -1
	})
	writeJSON(w, http.StatusOK, map[string]any{"interfaces": out, "sip_addr": s.advertisedSIPAddr(), "fallback_addr": networkFallbackAddr})
}
