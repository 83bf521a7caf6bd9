package scenario

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// Limits of the expressions of conditions and run code.
const (
	maxExprLen    = 2000                   // characters of source
	maxExprNodes  = 500                    // syntax tree nodes
	maxExprMemory = 100_000                // expr's memory budget units (roughly allocated values)
	exprTimeout   = 100 * time.Millisecond // wall time of one evaluation
)

// expression is a compiled expr-lang expression over the call variables.
// The variables are strings, as the call has them, plus hour, minute and
// weekday (1 Monday ... 7 Sunday) as numbers; int() and float() convert.
// It is safe for concurrent use.
type expression struct {
	once sync.Once
	prog *vm.Program
	err  error
}

// compile compiles src once.
func (e *expression) compile(src string) (*vm.Program, error) {
	e.once.Do(func() {
		if len(src) > maxExprLen {
			e.err = fmt.Errorf("scenario: an expression has at most %d characters", maxExprLen)
			return
		}
		e.prog, e.err = expr.Compile(src,
			expr.Env(map[string]any{}),
			expr.AllowUndefinedVariables(),
			expr.MaxNodes(maxExprNodes),
			expr.DisableBuiltin("now"), // the call's time is a variable, so that dry runs agree
		)
	})
	return e.prog, e.err
}

// checkExpr adds a problem when src does not compile.
func checkExpr(v *checker, field, src string) {
	if src == "" {
		v.param(field, "must not be empty")
		return
	}
	var e expression
	if _, err := e.compile(src); err != nil {
		v.param(field, "does not compile: %v", err)
	}
}

// eval runs the expression over the call's variables, within the memory
// budget and exprTimeout.
func (e *expression) eval(ctx context.Context, src string, x *execution) (any, error) {
	prog, err := e.compile(src)
	if err != nil {
		return nil, err
	}
	env := make(map[string]any, len(x.vars)+3)
	for k, v := range x.vars {
		env[k] = v
	}
	t := x.now()
	env["hour"], env["minute"] = t.Hour(), t.Minute()
	env["weekday"] = (int(t.Weekday())+6)%7 + 1
	type result struct {
		v   any
		err error
	}
	done := make(chan result, 1)
	go func() {
		m := vm.VM{MemoryBudget: maxExprMemory}
		v, err := m.Run(prog, env)
		done <- result{v, err}
	}()
	timer := time.NewTimer(exprTimeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.v, r.err
	case <-timer.C:
		return nil, fmt.Errorf("scenario: the expression ran longer than %v", exprTimeout)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// format writes an expression's value as a call variable.
func format(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}
