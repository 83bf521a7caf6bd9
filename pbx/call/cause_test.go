package call

import (
	"errors"
	"strings"
	"testing"
)

// TestCauseNames: every cause has its own name in call records, and reads
// back as itself through errors.As.
func TestCauseNames(t *testing.T) {
	seen := map[string]Cause{}
	for c := CauseNormal; c <= CauseNotFound; c++ {
		name := c.String()
		if strings.HasPrefix(name, "cause(") {
			t.Errorf("Cause(%d).String() = %q; want a name", int(c), name)
		}
		if o, dup := seen[name]; dup {
			t.Errorf("Cause(%d) and Cause(%d) are both %q", int(o), int(c), name)
		}
		seen[name] = c
		var got Cause
		if err := error(c); !errors.As(err, &got) || got != c || err.Error() != "call: "+name {
			t.Errorf("Cause(%d) as an error: %v, As %v; want call: %s", int(c), err, got, name)
		}
	}
	if got := CauseNotFound.String(); got != "not_found" {
		t.Errorf("CauseNotFound.String() = %q; want not_found", got)
	}
	if got := Cause(99).String(); got != "cause(99)" {
		t.Errorf("Cause(99).String() = %q; want cause(99)", got)
	}
}
