package webui

import (
	"encoding/json"
	"net/netip"
	"slices"
	"strings"
)

// networkSettingKey is the setting of how the box's LAN interface gets its
// address: networkSetting, read by pbxd, which writes it for the image's
// network start script.
const networkSettingKey = "network"

// networkFallbackAddr is the address the image keeps on the LAN interface
// in every mode (NET_FALLBACK of the image's hookflash.conf), so an
// installer with a cable can reach a box whose static address is wrong.
const networkFallbackAddr = "169.254.100.1"

// maxNetworkDNS bounds the DNS servers of a static network.
const maxNetworkDNS = 3

// Network modes.
const (
	networkDHCP   = "dhcp"
	networkStatic = "static"
)

// networkSetting is the network setting, as the API takes, stores and
// shows it. In static mode Address is the box's IPv4 address with its
// prefix (192.168.1.10/24), Gateway the default router and DNS 1 to
// maxNetworkDNS name servers; in DHCP mode they are empty.
type networkSetting struct {
	Mode    string   `json:"mode"`
	Address string   `json:"address,omitempty"`
	Gateway string   `json:"gateway,omitempty"`
	DNS     []string `json:"dns,omitempty"`
}

// putNetwork checks the network setting and returns it in its canonical
// form; each problem names its field (value.address, value.dns, ...).
func putNetwork(raw, _ json.RawMessage) (any, error) {
	var n networkSetting
	if err := decodeSetting(raw, &n, `an object such as {"mode": "static", "address": "192.168.1.10/24", "gateway": "192.168.1.1", "dns": ["192.168.1.1"]} or {"mode": "dhcp"}`); err != nil {
		return nil, err
	}
	switch n.Mode {
	case networkDHCP:
		if n.Address != "" || n.Gateway != "" || len(n.DNS) > 0 {
			return nil, badSetting("value.mode", "with DHCP the box takes its address, gateway and DNS servers from the DHCP server: send only {\"mode\": \"dhcp\"}, or choose static")
		}
		return networkSetting{Mode: networkDHCP}, nil
	case networkStatic:
	default:
		return nil, badSetting("value.mode", "mode %q: want dhcp or static", n.Mode)
	}
	prefix, err := netip.ParsePrefix(strings.TrimSpace(n.Address))
	if err != nil || !prefix.Addr().Is4() {
		return nil, badSetting("value.address", "address %q: want the box's IPv4 address with its prefix length, such as 192.168.1.10/24", n.Address)
	}
	addr, bits := prefix.Addr(), prefix.Bits()
	subnet := prefix.Masked()
	switch {
	case bits < 8 || bits > 30:
		return nil, badSetting("value.address", "prefix length /%d: want /8 to /30, such as /24 for the mask 255.255.255.0", bits)
	case !unicastHost(addr):
		return nil, badSetting("value.address", "%s is not an address a host can have: use one of the LAN's addresses, such as 192.168.1.10", addr)
	case addr.IsLinkLocalUnicast():
		return nil, badSetting("value.address", "%s is link-local (169.254.0.0/16), where the box's fallback address %s lives: use one of the LAN's addresses", addr, networkFallbackAddr)
	case addr == subnet.Addr():
		return nil, badSetting("value.address", "%s is the network address of %s: choose an address inside it", addr, subnet)
	case addr == broadcast(subnet):
		return nil, badSetting("value.address", "%s is the broadcast address of %s: choose an address inside it", addr, subnet)
	}
	gw, err := netip.ParseAddr(strings.TrimSpace(n.Gateway))
	switch {
	case err != nil || !gw.Is4():
		return nil, badSetting("value.gateway", "gateway %q: want the router's IPv4 address, such as 192.168.1.1", n.Gateway)
	case !subnet.Contains(gw):
		return nil, badSetting("value.gateway", "gateway %s is outside the box's network %s: the box reaches only a router on its own network; check the gateway or the prefix length", gw, subnet)
	case gw == subnet.Addr() || gw == broadcast(subnet):
		return nil, badSetting("value.gateway", "gateway %s is the network or broadcast address of %s: use the router's own address", gw, subnet)
	case gw == addr:
		return nil, badSetting("value.gateway", "gateway %s is the box's own address: use the router's address", gw)
	}
	if len(n.DNS) == 0 || len(n.DNS) > maxNetworkDNS {
		return nil, badSetting("value.dns", "name 1 to %d DNS servers, such as 192.168.1.1 or 1.1.1.1", maxNetworkDNS)
	}
	out := networkSetting{Mode: networkStatic, Address: prefix.String(), Gateway: gw.String()}
	for _, s := range n.DNS {
		d, err := netip.ParseAddr(strings.TrimSpace(s))
		if err != nil || !d.Is4() || !unicastHost(d) {
			return nil, badSetting("value.dns", "DNS server %q: want an IPv4 address such as 192.168.1.1, not a name", s)
		}
		if slices.Contains(out.DNS, d.String()) {
			return nil, badSetting("value.dns", "DNS server %s is named twice: name each once", d)
		}
		out.DNS = append(out.DNS, d.String())
	}
	return out, nil
}

// unicastHost reports whether a is an IPv4 address a host may carry: not
// in 0.0.0.0/8, loopback, multicast (224.0.0.0/4) or 240.0.0.0/4 (reserved
// and the limited broadcast address).
func unicastHost(a netip.Addr) bool {
	return a.Is4() && a.As4()[0] != 0 && a.As4()[0] < 224 && !a.IsLoopback()
}

// broadcast returns the last address of the IPv4 prefix p.
func broadcast(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().As4()
	host := uint32(1)<<(32-p.Bits()) - 1
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]) | host
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}
