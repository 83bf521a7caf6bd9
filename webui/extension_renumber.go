package webui

import (
	"context"
	"fmt"
	"slices"

	"github.com/hookflash/firmware/pbx/scenario"
	"github.com/hookflash/firmware/pbx/store"
)

// An extension's new number takes effect only when nothing dials the old
// one: what refers to the extension by its record id (FXS ports that ring
// it, outbound rules, its SIP devices, its forwarding, mailbox rows it
// owns) follows it, but scenario elements, ring groups, queues, hotlines,
// other extensions' forwards and after-hours mailboxes name the number,
// and its own voicemail box is filed under it. renumberBlockers names
// those, so the admin changes them first rather than finding calls that
// go nowhere.

// renumberBlockers returns what still names ext by its number, and the
// voicemail messages filed under it when the box goes with the number.
func (s *Server) renumberBlockers(ctx context.Context, ext store.Extension) ([]string, error) {
	cfg, err := s.st.Export(ctx)
	if err != nil {
		return nil, err
	}
	kinds := []scenario.RefKind{scenario.RefExtension}
	ownBox := ext.Voicemail && !hasMailboxRow(cfg, ext.Number)
	if ownBox {
		kinds = append(kinds, scenario.RefMailbox)
	}
	who := scenarioReferrers(cfg, kinds, ext.Number, 0)
	who = append(who, groupReferrers(cfg, ext.Number)...)
	who = append(who, extensionNumberUsers(cfg, ext.Number, ext.ID)...)
	who = append(who, routeReferrers(cfg, scenario.RefExtension, ext.Number, ext.ID, ownBox)...)
	if ownBox {
		if n := s.voicemailCount(ext.Number); n > 0 {
			who = append(who, fmt.Sprintf("%d voicemail messages in mailbox %s", n, ext.Number))
		}
	}
	return slices.Compact(who), nil
}

// voicemailCount returns how many messages the mailbox holds; 0 while
// voicemail is not running.
func (s *Server) voicemailCount(box string) int {
	v := s.voicemailNow()
	if v == nil {
		return 0
	}
	msgs, err := v.Messages(box)
	if err != nil {
		s.log.Warn("webui: voicemail", "mailbox", box, "err", err)
		return 0
	}
	return len(msgs)
}
