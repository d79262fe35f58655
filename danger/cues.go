package danger

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// cueSpec is the shape of cues.yaml.
type cueSpec struct {
	Cues []struct {
		Class   string   `yaml:"class"`
		Why     string   `yaml:"why"`
		Terms   []string `yaml:"terms"`
		Match   []string `yaml:"match"`
		NoMatch []string `yaml:"no_match"`
	} `yaml:"cues"`
}

// cues finds which classes of cue word a message holds.
type cues struct {
	classes  []string         // in file order
	words    map[string][]int // whole word -> classes
	prefixes map[string][]int // word start -> classes
	phrases  map[string][]int // "w1 w2" or "w1 w2 w3" -> classes
	longest  int              // words in the longest phrase
}

func parseCues(data []byte) (*cues, error) {
	var s cueSpec
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("danger: parse cues: %w", err)
	}
	if len(s.Cues) == 0 {
		return nil, errors.New("danger: parse cues: no cues")
	}
	c := &cues{words: map[string][]int{}, prefixes: map[string][]int{}, phrases: map[string][]int{}, longest: 1}
	for i, cl := range s.Cues {
		if cl.Class == "" || strings.TrimSpace(cl.Why) == "" || len(cl.Terms) == 0 {
			return nil, fmt.Errorf("danger: cue %d: needs a class, a why and terms", i+1)
		}
		if slices.Contains(c.classes, cl.Class) {
			return nil, fmt.Errorf("danger: cue %s: class listed twice", cl.Class)
		}
		if len(cl.Match) < 2 || len(cl.NoMatch) < 1 {
			return nil, fmt.Errorf("danger: cue %s: needs 2 match and 1 no_match examples", cl.Class)
		}
		c.classes = append(c.classes, cl.Class)
		for _, t := range cl.Terms {
			t = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(t)), "'", "")
			switch {
			case t == "" || t == "*":
				return nil, fmt.Errorf("danger: cue %s: empty term", cl.Class)
			case strings.Contains(t, " "):
				n := len(strings.Fields(t))
				if n > 4 || strings.HasSuffix(t, "*") {
					return nil, fmt.Errorf("danger: cue %s: term %q: phrases are 2 to 4 whole words", cl.Class, t)
				}
				c.phrases[strings.Join(strings.Fields(t), " ")] = appendClass(c.phrases[t], i)
				c.longest = max(c.longest, n)
			case strings.HasSuffix(t, "*"):
				c.prefixes[strings.TrimSuffix(t, "*")] = appendClass(c.prefixes[strings.TrimSuffix(t, "*")], i)
			default:
				c.words[t] = appendClass(c.words[t], i)
			}
		}
	}
	return c, nil
}

func appendClass(cs []int, i int) []int {
	if slices.Contains(cs, i) {
		return cs
	}
	return append(cs, i)
}

// find reports, for each class, whether the words hold one of its terms.
func (c *cues) find(words []string) []bool {
	found := make([]bool, len(c.classes))
	mark := func(cs []int) {
		for _, i := range cs {
			found[i] = true
		}
	}
	for i, w := range words {
		mark(c.words[w])
		for n := 1; n <= len(w); n++ {
			if cs, ok := c.prefixes[w[:n]]; ok {
				mark(cs)
			}
		}
		for n := 2; n <= c.longest && i+n <= len(words); n++ {
			mark(c.phrases[strings.Join(words[i:i+n], " ")])
		}
	}
	return found
}
