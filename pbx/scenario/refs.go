package scenario

import (
	"context"
	"strconv"

	"github.com/hookflash/firmware/pbx/store"
)

// RefKind names what a scenario element can refer to.
type RefKind string

// The things elements refer to, and the key each is named by.
const (
	RefExtension RefKind = "extension"  // extension number
	RefList      RefKind = "list"       // number list ID
	RefPrompt    RefKind = "prompt"     // prompt ID
	RefSchedule  RefKind = "schedule"   // schedule ID
	RefMailbox   RefKind = "mailbox"    // voicemail mailbox name
	RefScenario  RefKind = "scenario"   // scenario ID
	RefTrunk     RefKind = "trunk"      // SIP trunk name
	RefGSM       RefKind = "gsm_module" // GSM module name
	RefBackend   RefKind = "backend"    // a Backend* name: whether it is configured
	RefGroup     RefKind = "ring_group" // stored ring group ID
	RefQueue     RefKind = "queue"      // stored queue ID
)

// Refs answers whether what an element refers to exists. Validate uses it.
type Refs interface {
	// Exists reports whether the thing of kind named key exists.
	Exists(ctx context.Context, kind RefKind, key string) (bool, error)
}

// ConfigRefs are the Refs of a configuration document: extensions, lists,
// prompts, schedules, scenarios, trunks and GSM modules as cfg has them. A
// mailbox exists when it has a row, or an extension of that number has
// voicemail, unless Mailboxes is set; a backend exists when Backends says
// so. It is safe for
// concurrent use once built.
type ConfigRefs struct {
	Config *store.Config
	// Mailboxes, when set, answers for RefMailbox.
	Mailboxes func(ctx context.Context, name string) (bool, error)
	// Backends, when set, holds the backends that are configured;
	// otherwise a backend is configured when its setting (the Backend* key)
	// holds a valid configuration (DecodeBackend).
	Backends map[string]bool
}

// Exists implements Refs.
func (r *ConfigRefs) Exists(ctx context.Context, kind RefKind, key string) (bool, error) {
	cfg := r.Config
	id, _ := strconv.ParseInt(key, 10, 64)
	switch kind {
	case RefExtension:
		for _, e := range cfg.Extensions {
			if e.Number == key {
				return true, nil
			}
		}
	case RefMailbox:
		if r.Mailboxes != nil {
			return r.Mailboxes(ctx, key)
		}
		for _, b := range cfg.Mailboxes {
			if b.Number == key {
				return true, nil
			}
		}
		for _, e := range cfg.Extensions {
			if e.Number == key && e.Voicemail {
				return true, nil
			}
		}
	case RefList:
		for _, l := range cfg.NumberLists {
			if l.ID == id {
				return true, nil
			}
		}
	case RefPrompt:
		for _, p := range cfg.Prompts {
			if p.ID == id {
				return true, nil
			}
		}
	case RefSchedule:
		for _, s := range cfg.Schedules {
			if s.ID == id {
				return true, nil
			}
		}
	case RefScenario:
		for _, s := range cfg.Scenarios {
			if s.ID == id {
				return true, nil
			}
		}
	case RefTrunk:
		for _, t := range cfg.SIPTrunks {
			if t.Name == key {
				return true, nil
			}
		}
	case RefGSM:
		for _, g := range cfg.GSMModules {
			if g.Name == key {
				return true, nil
			}
		}
	case RefGroup:
		for _, g := range cfg.RingGroups {
			if g.ID == id {
				return true, nil
			}
		}
	case RefQueue:
		for _, q := range cfg.CallQueues {
			if q.ID == id {
				return true, nil
			}
		}
	case RefBackend:
		if r.Backends != nil {
			return r.Backends[key], nil
		}
		return backendConfigured(cfg, key), nil
	}
	return false, nil
}
