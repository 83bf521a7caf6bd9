package scenario

import (
	"context"

	"github.com/hookflash/firmware/pbx/store"
)

// GroupOf returns the parameters that a group element referring to the
// stored ring group g rings with.
func GroupOf(g store.RingGroup) *Group {
	return &Group{Members: store.ExtensionNumbers(g.Members), Strategy: g.Strategy, Step: g.Step, Total: g.Total}
}

// QueueOf returns the parameters that a queue element referring to the
// stored queue q waits with. Its callers wait in the line named after q.
func QueueOf(q store.CallQueue) *Queue {
	p := &Queue{Name: q.Name, Agents: store.ExtensionNumbers(q.Agents), Strategy: q.Strategy, RingTime: q.RingTime,
		MaxWait: q.MaxWait, AnnouncePosition: q.AnnouncePosition, PositionText: q.PositionText, Language: q.Language,
		AnnounceEvery: q.AnnounceEvery, ExitKey: q.ExitKey, EarlyMedia: q.EarlyMedia}
	if q.MusicPromptID != nil {
		p.MusicPromptID = *q.MusicPromptID
	}
	return p
}

// CheckGroup returns the problems of the stored ring group g as a group
// element would have them (members that are no extensions, times out of
// range), each naming its field; refs nil skips what refers elsewhere. A
// failure of refs itself is returned as the error.
func CheckGroup(ctx context.Context, g store.RingGroup, refs Refs) ([]Problem, error) {
	return checkParams(ctx, GroupOf(g), refs)
}

// CheckQueue is CheckGroup for the stored queue q.
func CheckQueue(ctx context.Context, q store.CallQueue, refs Refs) ([]Problem, error) {
	p := QueueOf(q)
	p.Name = "" // a stored queue's name is checked by the store
	return checkParams(ctx, p, refs)
}

func checkParams(ctx context.Context, p Params, refs Refs) ([]Problem, error) {
	v := &checker{ctx: ctx, refs: refs}
	p.check(v)
	return v.problems, v.err
}
