package scenario

import (
	"context"
	"fmt"
)

// Outcomes of conditions.
const (
	OutcomeTrue    = "true"
	OutcomeFalse   = "false"
	OutcomeDefault = "default"
)

// Condition checks an expression over the call variables, for example
// `caller startsWith "+7495"` or `int(debt) > 1000`: true or false. An
// expression that fails or is not a boolean is false.
type Condition struct {
	Expression string `json:"expression"`
	expr       expression
}

func (p *Condition) Outcomes() []string { return []string{OutcomeTrue, OutcomeFalse} }

func (p *Condition) check(v *checker) { checkExpr(v, "expression", p.Expression) }

func (p *Condition) run(ctx context.Context, x *execution) (string, bool, error) {
	ok, err := holds(ctx, x, &p.expr, p.Expression)
	if err != nil {
		return "", true, err
	}
	if ok {
		return OutcomeTrue, false, nil
	}
	return OutcomeFalse, false, nil
}

// Conditions checks several named conditions in order; the first that
// holds is the outcome, and default when none does.
type Conditions struct {
	Conditions []NamedCondition `json:"conditions"`
}

// NamedCondition is one of Conditions: its outcome's name and expression.
type NamedCondition struct {
	Name       string `json:"name"`
	Expression string `json:"expression"`
	expr       expression
}

func (p *Conditions) Outcomes() []string {
	out := make([]string, 0, len(p.Conditions)+1)
	for i := range p.Conditions {
		out = append(out, p.Conditions[i].Name)
	}
	return append(out, OutcomeDefault)
}

func (p *Conditions) check(v *checker) {
	if len(p.Conditions) == 0 {
		v.param("conditions", "add at least one condition")
	}
	seen := map[string]bool{}
	for i := range p.Conditions {
		c := &p.Conditions[i]
		field := fmt.Sprintf("conditions[%d]", i)
		switch {
		case c.Name == "" || len(c.Name) > 40:
			v.param(field+".name", "must be 1 to 40 characters")
		case c.Name == OutcomeDefault || seen[c.Name]:
			v.param(field+".name", "%q is already an outcome of this element", c.Name)
		}
		seen[c.Name] = true
		checkExpr(v, field+".expression", c.Expression)
	}
}

func (p *Conditions) run(ctx context.Context, x *execution) (string, bool, error) {
	for i := range p.Conditions {
		c := &p.Conditions[i]
		ok, err := holds(ctx, x, &c.expr, c.Expression)
		if err != nil {
			return "", true, err
		}
		if ok {
			return c.Name, false, nil
		}
	}
	return OutcomeDefault, false, nil
}

// holds evaluates a condition; err is only the call's ctx ending.
func holds(ctx context.Context, x *execution, e *expression, src string) (bool, error) {
	v, err := e.eval(ctx, src, x)
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		x.log.Warn("scenario: condition failed; taking it as false", "element", x.el.ID, "err", err)
		return false, nil
	}
	b, _ := v.(bool)
	return b, nil
}

// Code computes a new call variable from the call's variables with an
// expression, for example `caller[-4:]` or `int(amount) * 2`. It goes on
// by next, or by error when the expression fails (the variable is then
// not set).
type Code struct {
	Variable   string `json:"variable"`
	Expression string `json:"expression"`
	expr       expression
}

func (p *Code) Outcomes() []string { return []string{OutcomeNext, OutcomeError} }

func (p *Code) check(v *checker) {
	checkVarName(v, "variable", p.Variable)
	checkExpr(v, "expression", p.Expression)
}

func (p *Code) run(ctx context.Context, x *execution) (string, bool, error) {
	val, err := p.expr.eval(ctx, p.Expression, x)
	if ctx.Err() != nil {
		return "", true, ctx.Err()
	}
	if err != nil {
		x.log.Info("scenario: run code failed", "element", x.el.ID, "err", err)
		return OutcomeError, false, nil
	}
	x.set(p.Variable, format(val))
	return OutcomeNext, false, nil
}

// checkVarName checks the name of a variable an element sets.
func checkVarName(v *checker, field, name string) {
	if name == "" || len(name) > 40 {
		v.param(field, "a variable name has 1 to 40 characters")
		return
	}
	for i, r := range name {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			v.param(field, "%q is not a variable name (letters, digits and _, not starting with a digit)", name)
			return
		}
	}
}
