package scenario

import (
	"slices"
	"testing"
)

func TestReferences(t *testing.T) {
	t.Parallel()
	d, err := Decode([]byte(example))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range References(d) {
		got = append(got, r.Element+"."+r.Field+"="+string(r.Kind)+":"+r.Key)
	}
	want := []string{"vip.list_id=list:1", "boss.extension=extension:101", "hours.schedule_id=schedule:1",
		"closed.sound.prompt_id=prompt:2", "menu.prompt.prompt_id=prompt:1", "support.extension=extension:105",
		"sales.members=extension:102", "sales.members=extension:103", "vm.mailbox=mailbox:102"}
	if !slices.Equal(got, want) {
		t.Errorf("References(example) = %q; want %q", got, want)
	}
	if got := ReferencesTo(d, RefExtension, "102"); len(got) != 1 || got[0].Element != "sales" || got[0].Label != "Sales" {
		t.Errorf("ReferencesTo(extension 102) = %+v; want the sales group", got)
	}
	if got := ReferencesTo(d, RefExtension, "104"); len(got) != 0 {
		t.Errorf("ReferencesTo(extension 104) = %+v; want none", got)
	}
}
