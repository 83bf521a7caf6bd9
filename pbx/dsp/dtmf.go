package dsp

// DTMF signalling frequencies (ITU-T Q.23): a digit is the sum of one tone of
// the low group (rows of the keypad) and one of the high group (columns).
var (
	dtmfLowHz  = [4]float64{697, 770, 852, 941}
	dtmfHighHz = [4]float64{1209, 1336, 1477, 1633}
)

// dtmfKeys is the keypad, row by row: dtmfKeys[4*row+col].
const dtmfKeys = "123A456B789C*0#D"

// DTMFFreqs returns the low-group and high-group frequencies in Hz of digit
// (0-9, *, #, A-D; a-d too), and false for any other byte.
func DTMFFreqs(digit byte) (low, high float64, ok bool) {
	if digit >= 'a' && digit <= 'd' {
		digit -= 'a' - 'A'
	}
	for i := 0; i < len(dtmfKeys); i++ {
		if dtmfKeys[i] == digit {
			return dtmfLowHz[i/4], dtmfHighHz[i%4], true
		}
	}
	return 0, 0, false
}
