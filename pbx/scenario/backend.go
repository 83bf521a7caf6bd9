package scenario

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"
)

// The elements below need a backend (speech recognition, a language model,
// a dialler, a CRM; backendconfig.go). Validate refuses a scenario that
// uses one while its backend is not configured (RefBackend). The box asks
// Bitrix24, amoCRM and CRMs with a generic HTTP API itself (crm.go,
// crmrest.go); recognition, language models and diallers come through
// Opts, and without one an element takes its fallback outcome.

// OutcomeNotUnderstood is a question's outcome when no answer matched.
const OutcomeNotUnderstood = "not_understood"

// QuestionAnswer asks a question and goes by the answer the caller says:
// one outcome per answer name, not_understood otherwise.
type QuestionAnswer struct {
	Question Sound    `json:"question"`
	Answers  []Answer `json:"answers"`
}

// Answer is an expected answer: its outcome's name and the phrases that
// mean it.
type Answer struct {
	Name     string   `json:"name"`
	Synonyms []string `json:"synonyms"`
}

func (p *QuestionAnswer) Outcomes() []string {
	out := make([]string, 0, len(p.Answers)+1)
	for _, a := range p.Answers {
		out = append(out, a.Name)
	}
	return append(out, OutcomeNotUnderstood)
}

func (p *QuestionAnswer) check(v *checker) {
	p.Question.check(v, "question")
	if len(p.Answers) == 0 {
		v.param("answers", "add at least one expected answer")
	}
	seen := map[string]bool{}
	for i, a := range p.Answers {
		field := fmt.Sprintf("answers[%d]", i)
		if a.Name == "" || len(a.Name) > 40 || a.Name == OutcomeNotUnderstood || seen[a.Name] {
			v.param(field+".name", "must be 1 to 40 characters, and differ from the other answers and %q", OutcomeNotUnderstood)
		}
		seen[a.Name] = true
		if len(a.Synonyms) == 0 {
			v.param(field+".synonyms", "add at least one phrase")
		}
	}
}

// VarAnswerText is the variable a question-answer element sets to what
// the caller said.
const VarAnswerText = "answer_text"

// listenTime is how long a question-answer element hears the caller.
const listenTime = 10 * time.Second

// run asks the question and goes by the first answer one of whose
// phrases the caller said (ignoring case); without a Recognizer nothing
// is understood.
func (p *QuestionAnswer) run(ctx context.Context, x *execution) (string, bool, error) {
	if x.eng.o.Recognizer == nil {
		x.log.Warn("scenario: no speech recognition; the answer is not understood", "element", x.el.ID)
		return OutcomeNotUnderstood, false, nil
	}
	if _, err := x.play(ctx, &p.Question, ""); err != nil {
		return "", true, err
	}
	lang := cmp.Or(p.Question.Language, x.lang)
	text, err := x.eng.o.Recognizer.Listen(ctx, x.c, lang, listenTime)
	if ended(ctx, err) {
		return "", true, err
	}
	if err != nil {
		x.log.Warn("scenario: speech recognition failed", "element", x.el.ID, "err", err)
		return OutcomeNotUnderstood, false, nil
	}
	x.set(VarAnswerText, text)
	said := strings.ToLower(text)
	for _, a := range p.Answers {
		for _, s := range a.Synonyms {
			if s != "" && strings.Contains(said, strings.ToLower(s)) {
				return a.Name, false, nil
			}
		}
	}
	return OutcomeNotUnderstood, false, nil
}

// AI lets a language model talk with the caller, with instructions; it
// goes on by next when the conversation ends.
type AI struct {
	Instructions string `json:"instructions"`
	MaxSeconds   int    `json:"max_seconds,omitempty"` // 15 to 600; 0: 120
}

func (p *AI) Outcomes() []string { return []string{OutcomeNext} }

func (p *AI) check(v *checker) {
	if p.Instructions == "" || len([]rune(p.Instructions)) > 4000 {
		v.param("instructions", "must be 1 to 4000 characters")
	}
	v.seconds("max_seconds", p.MaxSeconds, 15, 600, true)
}

// run hands the caller to the Assistant for up to MaxSeconds; without
// one it goes on at once.
func (p *AI) run(ctx context.Context, x *execution) (string, bool, error) {
	if x.eng.o.Assistant == nil {
		x.log.Warn("scenario: no language model; going on", "element", x.el.ID)
		return OutcomeNext, false, nil
	}
	max := secs(p.MaxSeconds)
	if max == 0 {
		max = 120 * time.Second
	}
	err := x.eng.o.Assistant.Converse(ctx, x.c, p.Instructions, max)
	if ended(ctx, err) {
		return "", true, err
	}
	if err != nil {
		x.log.Warn("scenario: the language model failed", "element", x.el.ID, "err", err)
	}
	return OutcomeNext, false, nil
}

// Campaign hands the call to an outbound calling campaign's task.
type Campaign struct {
	CampaignID int64 `json:"campaign_id"`
}

func (p *Campaign) Outcomes() []string { return []string{OutcomeNext} }

func (p *Campaign) check(v *checker) {
	if p.CampaignID <= 0 {
		v.param("campaign_id", "must name a campaign")
	}
}

// run hands the caller to the Dialler's campaign task; without a Dialler
// it goes on at once.
func (p *Campaign) run(ctx context.Context, x *execution) (string, bool, error) {
	if x.eng.o.Dialler == nil {
		x.log.Warn("scenario: no dialler; going on", "element", x.el.ID)
		return OutcomeNext, false, nil
	}
	err := x.eng.o.Dialler.Join(ctx, x.c, p.CampaignID)
	if ended(ctx, err) {
		return "", true, err
	}
	if err != nil {
		x.log.Warn("scenario: the campaign's task failed", "element", x.el.ID, "campaign", p.CampaignID, "err", err)
	}
	return OutcomeNext, false, nil
}

// CRMs a responsible-manager element can ask.
const (
	CRMBitrix24 = "bitrix24"
	CRMAmoCRM   = "amocrm"
	CRMAPI      = "api"
)

// Manager asks a CRM who owns the caller's number and rings that person's
// extension for RingTime; it goes on by next when there is no owner or
// nobody answered. The owner's extension is in VarManager.
type Manager struct {
	CRM      string `json:"crm"`
	RingTime int    `json:"ring_time"`
}

func (p *Manager) Outcomes() []string { return []string{OutcomeNext} }

func (p *Manager) check(v *checker) {
	switch p.CRM {
	case CRMBitrix24, CRMAmoCRM, CRMAPI:
	default:
		v.param("crm", "must be %s, %s or %s", CRMBitrix24, CRMAmoCRM, CRMAPI)
	}
	v.seconds("ring_time", p.RingTime, MinRingTime, MaxRingTime, false)
}

// run asks the CRM for the caller's owner and rings that extension; a CRM
// that cannot tell, an owner who is not an extension or cannot be rung,
// and no answer go on by next.
func (p *Manager) run(ctx context.Context, x *execution) (string, bool, error) {
	owner, err := x.crmOwner(ctx, p.CRM)
	if ctx.Err() != nil {
		return "", true, ctx.Err()
	}
	if err != nil {
		x.log.Warn("scenario: the CRM cannot tell the caller's manager", "element", x.el.ID, "err", err)
		return OutcomeNext, false, nil
	}
	if owner == "" {
		return OutcomeNext, false, nil
	}
	x.set(VarManager, owner)
	ext, ok := x.snap.exts[owner]
	if !ok || ext.dnd || !ext.onDuty {
		x.log.Info("scenario: the caller's manager cannot be rung", "element", x.el.ID, "extension", owner, "known", ok)
		x.set(VarCause, "unavailable")
		return OutcomeNext, false, nil
	}
	answered, cause, err := x.connect(ctx, ext.targets(), secs(p.RingTime))
	return x.ringOutcome(ctx, answered, cause, err, p.RingTime)
}
