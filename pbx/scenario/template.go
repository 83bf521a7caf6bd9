package scenario

import "strings"

// expand replaces each {{name}} in s by the call variable name, passed
// through escape when it is not nil; an unknown variable is empty.
func (x *execution) expand(s string, escape func(string) string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(s[i+2:], "}}")
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		v := x.vars[strings.TrimSpace(s[i+2:i+2+j])]
		if escape != nil {
			v = escape(v)
		}
		b.WriteString(v)
		s = s[i+2+j+2:]
	}
	b.WriteString(s)
	return b.String()
}
