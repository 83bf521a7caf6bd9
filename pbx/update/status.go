package update

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// System is RAUC's view of the box: its compatible string, the slot it
// booted from and its slots.
type System struct {
	// Compatible is the board's compatible string; a bundle must carry it.
	Compatible string `json:"compatible"`
	// Booted is the bootname of the running slot ("A" or "B").
	Booted string `json:"booted"`
	// Primary is the bootname of the slot U-Boot tries first next boot.
	Primary string `json:"primary"`
	Slots   []Slot `json:"slots"`
}

// Slot is one root file system slot.
type Slot struct {
	Name     string `json:"name"`     // RAUC's name, "rootfs.0"
	Bootname string `json:"bootname"` // U-Boot's name, "A"
	Device   string `json:"device"`
	// State is "booted", "active" or "inactive".
	State string `json:"state"`
	// BootStatus is "good" or "bad" as U-Boot's boot count says.
	BootStatus string `json:"boot_status"`
	// Version is the firmware version RAUC last installed into the slot;
	// empty for a slot written at the factory.
	Version string `json:"version,omitempty"`
	// Installed is when RAUC last installed into the slot (zero if never).
	Installed time.Time `json:"installed,omitzero"`
}

// Bundle is what a bundle says about itself once RAUC checked its
// signature.
type Bundle struct {
	Compatible  string `json:"compatible"`
	Version     string `json:"version"`
	Description string `json:"description,omitempty"`
	Build       string `json:"build,omitempty"`
}

// raucStatus is the JSON of "rauc status --detailed --output-format=json".
type raucStatus struct {
	Compatible  string                       `json:"compatible"`
	Booted      string                       `json:"booted"`
	BootPrimary string                       `json:"boot_primary"`
	Slots       []map[string]raucSlotDetails `json:"slots"`
}

type raucSlotDetails struct {
	Class      string `json:"class"`
	Device     string `json:"device"`
	Bootname   string `json:"bootname"`
	State      string `json:"state"`
	BootStatus string `json:"boot_status"`
	SlotStatus *struct {
		Bundle struct {
			Version *string `json:"version"`
		} `json:"bundle"`
		Installed *struct {
			Timestamp string `json:"timestamp"`
		} `json:"installed"`
	} `json:"slot_status"`
}

// parseStatus reads the output of "rauc status --detailed
// --output-format=json".
func parseStatus(data []byte) (System, error) {
	var rs raucStatus
	if err := json.Unmarshal(data, &rs); err != nil {
		return System{}, fmt.Errorf("update: rauc status: %w", err)
	}
	sys := System{Compatible: rs.Compatible, Booted: rs.Booted}
	for _, m := range rs.Slots {
		for name, d := range m {
			s := Slot{Name: name, Bootname: d.Bootname, Device: d.Device, State: d.State, BootStatus: d.BootStatus}
			if d.SlotStatus != nil {
				if v := d.SlotStatus.Bundle.Version; v != nil {
					s.Version = *v
				}
				if in := d.SlotStatus.Installed; in != nil {
					if t, err := time.Parse(time.RFC3339, in.Timestamp); err == nil {
						s.Installed = t
					}
				}
			}
			if name == rs.BootPrimary {
				sys.Primary = d.Bootname
			}
			sys.Slots = append(sys.Slots, s)
		}
	}
	// RAUC lists the slots in no particular order; show A before B.
	slices.SortFunc(sys.Slots, func(a, b Slot) int { return strings.Compare(a.Name, b.Name) })
	return sys, nil
}

// parseInfo reads the output of "rauc info --output-format=json".
func parseInfo(data []byte) (Bundle, error) {
	var b Bundle
	if err := json.Unmarshal(data, &b); err != nil {
		return Bundle{}, fmt.Errorf("update: rauc info: %w", err)
	}
	if b.Compatible == "" {
		return Bundle{}, fmt.Errorf("update: rauc info: the bundle names no compatible board")
	}
	return b, nil
}
