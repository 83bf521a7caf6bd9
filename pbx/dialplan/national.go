package dialplan

import "strings"

// numbering is how a country's exchanges take numbers dialled on an
// analog line: the country code (ITU-T E.164), the prefix of a national
// number (the trunk prefix) and the prefix of an international one
// (ITU-T E.164 Annex, national numbering plans as notified to the ITU).
type numbering struct {
	code, trunk, international string
}

// numberings are the countries whose tone plans the box has (pbx/dsp).
var numberings = map[string]numbering{
	"DE": {"49", "0", "00"},
	"GB": {"44", "0", "00"},
	"PL": {"48", "", "00"}, // a closed numbering plan: no trunk prefix
	"RU": {"7", "8", "810"},
	"UA": {"380", "0", "00"},
	"US": {"1", "1", "011"},
}

// dialForm returns number, an E.164 number ("+" and digits) or anything
// else, in the form an exchange of country takes on an analog line: a
// number of the country with its trunk prefix, another one with the
// international prefix. A number without "+", or a country the box has no
// numbering for, is returned as it is.
func dialForm(country, number string) string {
	digits, ok := strings.CutPrefix(number, "+")
	n, known := numberings[country]
	if !ok || !known {
		return number
	}
	if national, ok := strings.CutPrefix(digits, n.code); ok {
		return n.trunk + national
	}
	return n.international + digits
}
