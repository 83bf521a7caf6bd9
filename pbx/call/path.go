package call

import "time"

// PathStep is one entry of a call's path: what the handler did and how it
// ended. A step of a scenario element also keeps the element's kind and
// label as they were when the call passed it, so that the call record
// still names it right after the scenario is edited.
type PathStep struct {
	At      time.Time `json:"at"`
	Step    string    `json:"step"`
	Type    string    `json:"type,omitempty"`  // the element's kind: "menu", "group"; "" for a step of the box
	Label   string    `json:"label,omitempty"` // the element's label, if it had one
	Outcome string    `json:"outcome,omitempty"`
}

// Step implements Control.
func (c *Call) Step(step, outcome string) {
	c.addStep(PathStep{Step: step, Outcome: outcome}, false)
}

// StepElement is Step for a scenario element: s names the element (Step,
// Type, Label) and how it ended (Outcome); At is set here. It ends the
// element Running set. It is safe for concurrent use.
func (c *Call) StepElement(s PathStep) {
	c.addStep(s, true)
}

// Running marks the element the handler has entered (s.Step, s.Type,
// s.Label; At is set here) until its StepElement, so the dashboard shows
// where a call is now: in a voice menu, ringing a group. It is safe for
// concurrent use.
func (c *Call) Running(s PathStep) {
	s.At, s.Outcome = c.sw.now(), ""
	c.mu.Lock()
	defer c.mu.Unlock()
	c.running = s
}

func (c *Call) addStep(s PathStep, element bool) {
	s.At = c.sw.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if element {
		c.running = PathStep{}
	}
	if len(c.path) >= maxPath {
		c.pathLost++
		return
	}
	c.path = append(c.path, s)
}

// livePath returns the path so far, at most its last n steps, how many
// steps came before those, and the element running. c.mu must be held.
func (c *Call) livePath(n int) (path []PathStep, earlier int, running PathStep) {
	from := max(0, len(c.path)-n)
	return append([]PathStep(nil), c.path[from:]...), from + c.pathLost, c.running
}
