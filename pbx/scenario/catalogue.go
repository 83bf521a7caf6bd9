package scenario

import (
	"context"
)

// Kind names an element type in the document's "type" field.
type Kind string

// The element kinds. Catalogue describes each.
const (
	KindIncoming       Kind = "incoming"
	KindInternal       Kind = "internal"
	KindExternal       Kind = "external"
	KindMobile         Kind = "mobile"
	KindGroup          Kind = "group"
	KindFax            Kind = "fax"
	KindSchedule       Kind = "schedule"
	KindList           Kind = "list"
	KindCondition      Kind = "condition"
	KindConditions     Kind = "conditions"
	KindCode           Kind = "code"
	KindHTTP           Kind = "http"
	KindMenu           Kind = "menu"
	KindMessage        Kind = "message"
	KindSpeech         Kind = "speech"
	KindSMS            Kind = "sms"
	KindVoicemail      Kind = "voicemail"
	KindForward        Kind = "forward"
	KindScenario       Kind = "scenario"
	KindHangup         Kind = "hangup"
	KindQuestionAnswer Kind = "question_answer"
	KindAI             Kind = "ai"
	KindCampaign       Kind = "campaign"
	KindManager        Kind = "manager"
	KindQueue          Kind = "queue"
	KindConference     Kind = "conference"
)

// Params are an element's parameters. Each kind has its own type (a
// pointer to a struct in this package); its methods say which outcomes an
// element with these parameters has, check them, and run the element.
type Params interface {
	// Outcomes returns the element's outcomes, each of which must have an
	// arrow; none for a final element.
	Outcomes() []string
	// check adds the problems of the parameters to v.
	check(v *checker)
	// run carries out the element for the call x. It returns the outcome
	// taken, and end true when the call is over (a final element, or one
	// that put the call through). err is the caller leaving or the call's
	// ctx ending; any other failure is an outcome.
	run(ctx context.Context, x *execution) (outcome string, end bool, err error)
}

// KindInfo describes one element kind: the catalogue's row.
type KindInfo struct {
	Kind Kind
	// Name is what the admin sees.
	Name string
	// Params is the Go type of the parameters, for documentation.
	Params string
	// Outcomes lists the outcomes in words; some depend on the parameters.
	Outcomes string
	// Waits is true when the element waits for the caller or a timer
	// (ringing, playing, collecting digits); a cycle of elements that do
	// not wait could spin forever, and Validate refuses it.
	Waits bool
	// Backend, when not empty, names the backend the element needs
	// (RefBackend); saving a scenario that uses it without one configured
	// is refused.
	Backend string

	new func() Params
}

// Backends that some kinds need, as RefBackend keys.
const (
	BackendRecognition   = "speech_recognition"
	BackendLanguageModel = "language_model"
	BackendDialler       = "dialler"
	BackendCRM           = "crm"
)

// catalogue is every element kind, in the order the web UI lists them.
var catalogue = []KindInfo{
	{KindIncoming, "Incoming call", "Incoming", "next", false, "", func() Params { return &Incoming{} }},
	{KindInternal, "Internal subscriber", "Internal", "next (nobody answered in ring_time); final without ring_time", true, "", func() Params { return &Internal{} }},
	{KindExternal, "External subscriber", "External", "next (nobody answered in ring_time); final without ring_time", true, "", func() Params { return &External{} }},
	{KindMobile, "Mobile subscriber", "Mobile", "next (nobody answered in ring_time); final without ring_time", true, "", func() Params { return &Mobile{} }},
	{KindGroup, "Department (ring group)", "Group", "next (nobody answered in total)", true, "", func() Params { return &Group{} }},
	{KindQueue, "Queue", "Queue", "timeout; exit with exit_key or queue_id; final when an agent answers", true, "", func() Params { return &Queue{} }},
	{KindConference, "Conference", "Conference", "final; refused with a pin (wrong PIN in every attempt)", true, "", func() Params { return &Conference{} }},
	{KindFax, "Receive fax", "Fax", "final", true, "", func() Params { return &Fax{} }},
	{KindSchedule, "Schedule", "Schedule", "one per interval name in intervals", false, "", func() Params { return &Schedule{} }},
	{KindList, "Black/white list", "List", "match, no_match", false, "", func() Params { return &List{} }},
	{KindCondition, "Check condition", "Condition", "true, false", false, "", func() Params { return &Condition{} }},
	{KindConditions, "Check conditions", "Conditions", "one per condition name, default", false, "", func() Params { return &Conditions{} }},
	{KindCode, "Run code", "Code", "next, error", false, "", func() Params { return &Code{} }},
	{KindHTTP, "HTTP request", "HTTP", "ok, error", false, "", func() Params { return &HTTP{} }},
	{KindMenu, "Voice menu", "Menu", "one per key in keys, no_input, invalid; leave with leave_key; dial_failed with direct_dial", true, "", func() Params { return &Menu{} }},
	{KindMessage, "Greeting / message", "Message", "next; final with hangup", true, "", func() Params { return &Message{} }},
	{KindSpeech, "Speech synthesis", "Speech", "next", true, "", func() Params { return &SpeechSynthesis{} }},
	{KindSMS, "Send SMS", "SMS", "next", false, "", func() Params { return &SMS{} }},
	{KindVoicemail, "Voicemail", "VoicemailBox", "final", true, "", func() Params { return &VoicemailBox{} }},
	{KindForward, "Forward", "Forward", "next (nobody answered in ring_time); final without ring_time or to voicemail", true, "", func() Params { return &Forward{} }},
	{KindScenario, "Scenario", "GoTo", "final (the call goes on in the other scenario)", false, "", func() Params { return &GoTo{} }},
	{KindHangup, "Hang up", "Hangup", "final", false, "", func() Params { return &Hangup{} }},
	{KindQuestionAnswer, "Question-answer", "QuestionAnswer", "one per answer name, not_understood", true, BackendRecognition, func() Params { return &QuestionAnswer{} }},
	{KindAI, "AI assistant", "AI", "next", true, BackendLanguageModel, func() Params { return &AI{} }},
	{KindCampaign, "Outbound campaign", "Campaign", "next", true, BackendDialler, func() Params { return &Campaign{} }},
	{KindManager, "Responsible manager (CRM)", "Manager", "next (no owner, or the owner did not answer in ring_time)", true, BackendCRM, func() Params { return &Manager{} }},
}

// kinds indexes the catalogue by kind.
var kinds = func() map[Kind]*KindInfo {
	m := make(map[Kind]*KindInfo, len(catalogue))
	for i := range catalogue {
		m[catalogue[i].Kind] = &catalogue[i]
	}
	return m
}()

// Catalogue returns every element kind with its parameters type and
// outcomes, in the order the web UI lists them.
func Catalogue() []KindInfo { return append([]KindInfo(nil), catalogue...) }
