package guidance

import (
	"fmt"
	"strings"
)

// Problem is something wrong (or, as a warning, worth attention) in content.
type Problem struct {
	File    string
	Line    int
	Message string
	Warning bool
}

func (p Problem) String() string {
	kind := "error"
	if p.Warning {
		kind = "warning"
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, kind, p.Message)
}

// Problems is a list of content problems; as an error it lists them all.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Errors returns the problems that are not warnings.
func (ps Problems) Errors() Problems {
	var out Problems
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}
