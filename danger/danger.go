// Package danger decides whether a question signals a child at immediate
// risk, so that the answer can lead with "call 999".
//
// The rules are data, not code: rules.yaml holds every regex together with
// a one-line reason and examples that must and must not fire, and the tests
// run each example, so a rule cannot be added without showing what it
// catches.
//
// The detector errs towards showing 999: a needless notice costs a line of
// screen, a missed one could cost a child. It must still stay quiet on
// everyday questions about the guidance itself ("what is a danger
// statement", "immediate danger training"), or people learn to ignore it.
//
// A question is checked in a fixed order. It is lower-cased, curly quotes
// and backticks become ', and runs of space become one space. Phrases that
// name guidance concepts (the neutral modifier) are blanked. Then:
//
//  1. a strong rule means danger in any context;
//  2. otherwise, a question about training, policy or meaning (the
//     learning modifier) is not danger, unless it also says the situation
//     is happening now (the happening_now modifier);
//  3. otherwise, a weak rule means danger.
package danger

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// rulesYAML is a string, not a []byte, so that nothing can change it.
//
//go:embed rules.yaml
var rulesYAML string

// modelBin is the classifier trained from data/ and the rules' examples
// (model_test.go rebuilds it with -update, and fails when it is stale).
//
//go:embed model.bin
var modelBin string

//go:embed cues.yaml
var cuesYAML string

// Tiers of a rule. Strong rules mean danger in any context; weak rules
// mean danger unless the question is about learning and not happening now.
const (
	tierStrong = "strong"
	tierWeak   = "weak"
)

// Finding is the outcome of Detect. Rule is the id of the rule that fired,
// "" when none did; it is safe to count in metrics, as it carries no
// question text.
type Finding struct {
	Danger bool
	Rule   string  // the rule that weighed most, or "classifier" when no rule fired
	Score  float64 // the classifier's probability of danger; 0 when the rules alone decide
}

// Detector checks questions against a parsed rule set. It is safe for
// concurrent use.
type Detector struct {
	quotes       *strings.Replacer
	neutral      *regexp.Regexp
	learning     *regexp.Regexp
	happeningNow *regexp.Regexp
	strong       []rule
	weak         []rule
	model        *model // nil: the rules alone decide, in the order above
	cues         *cues
}

// rule is a compiled rule: it fires when any of its patterns matches.
type rule struct {
	id       string
	patterns []*regexp.Regexp
	literals []string // one is in any text a pattern matches; nil when unknown
}

func (r rule) matches(t string) bool {
	if r.literals != nil && !containsAny(t, r.literals) {
		return false
	}
	for _, re := range r.patterns {
		if re.MatchString(t) {
			return true
		}
	}
	return false
}

// spec is the shape of rules.yaml.
type spec struct {
	Fragments map[string]string `yaml:"fragments"`
	Modifiers struct {
		Neutral      modifierSpec `yaml:"neutral"`
		Learning     modifierSpec `yaml:"learning"`
		HappeningNow modifierSpec `yaml:"happening_now"`
	} `yaml:"modifiers"`
	Rules []ruleSpec `yaml:"rules"`
}

// modifierSpec is a phrase that changes how rules apply. Its patterns are
// joined into one alternation.
type modifierSpec struct {
	Why      string   `yaml:"why"`
	Patterns []string `yaml:"patterns"`
	Match    []string `yaml:"match"`
	NoMatch  []string `yaml:"no_match"`
}

type ruleSpec struct {
	ID       string   `yaml:"id"`
	Tier     string   `yaml:"tier"`
	Why      string   `yaml:"why"`
	Patterns []string `yaml:"patterns"`
	Match    []string `yaml:"match"`
	NoMatch  []string `yaml:"no_match"`
}

// Minimum examples per rule: two that fire, so a rule that never fires
// cannot hide behind one lucky example, and one that must not.
const (
	minMatch   = 2
	minNoMatch = 1
)

// fragmentRef is a reference to a fragment in a pattern: {child}. Regex
// repeats such as {0,20} hold no letters, so never clash.
const fragmentRef = `\{([a-z][a-z_]*)\}`

// Load returns the Detector the product uses: the rules and the classifier
// embedded in the package.
func Load() (*Detector, error) {
	d, err := Parse([]byte(rulesYAML))
	if err != nil {
		return nil, err
	}
	if d.model, err = unmarshalModel([]byte(modelBin)); err != nil {
		return nil, err
	}
	return d, nil
}

// Parse returns a Detector for a rule set in the rules.yaml format, with
// no classifier: the rules alone decide.
func Parse(data []byte) (*Detector, error) {
	s, err := decode(data)
	if err != nil {
		return nil, err
	}
	d, err := compile(s)
	if err != nil {
		return nil, err
	}
	if d.cues, err = parseCues([]byte(cuesYAML)); err != nil {
		return nil, err
	}
	return d, nil
}

// decode reads and checks a rule set without compiling it.
func decode(data []byte) (*spec, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var s spec
	if err := dec.Decode(&s); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("danger: parse rules: empty")
		}
		return nil, fmt.Errorf("danger: parse rules: %w", err)
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("danger: parse rules: more than one document")
	}
	if len(s.Rules) == 0 {
		return nil, errors.New("danger: parse rules: no rules")
	}
	kebab := regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	seen := make(map[string]bool, len(s.Rules))
	weakSeen := false
	for i, r := range s.Rules {
		if r.ID == "" {
			return nil, fmt.Errorf("danger: rule %d: no id", i+1)
		}
		if !kebab.MatchString(r.ID) {
			return nil, fmt.Errorf("danger: rule %s: id is not kebab-case", r.ID)
		}
		if seen[r.ID] {
			return nil, fmt.Errorf("danger: rule %s: duplicate id", r.ID)
		}
		seen[r.ID] = true
		switch r.Tier {
		case tierStrong:
			if weakSeen {
				return nil, fmt.Errorf("danger: rule %s: strong rule after a weak one; list strong rules first, as they run first", r.ID)
			}
		case tierWeak:
			weakSeen = true
		default:
			return nil, fmt.Errorf("danger: rule %s: tier %q is not %q or %q", r.ID, r.Tier, tierStrong, tierWeak)
		}
		if strings.TrimSpace(r.Why) == "" {
			return nil, fmt.Errorf("danger: rule %s: no why", r.ID)
		}
		if strings.ContainsRune(strings.TrimSpace(r.Why), '\n') {
			return nil, fmt.Errorf("danger: rule %s: why is more than one line", r.ID)
		}
		if len(r.Patterns) == 0 {
			return nil, fmt.Errorf("danger: rule %s: no patterns", r.ID)
		}
		if len(r.Match) < minMatch {
			return nil, fmt.Errorf("danger: rule %s: %d match examples, want at least %d", r.ID, len(r.Match), minMatch)
		}
		if len(r.NoMatch) < minNoMatch {
			return nil, fmt.Errorf("danger: rule %s: %d no_match examples, want at least %d", r.ID, len(r.NoMatch), minNoMatch)
		}
	}
	return &s, nil
}

// compile expands fragments and compiles every pattern.
func compile(s *spec) (*Detector, error) {
	ref := regexp.MustCompile(fragmentRef)
	frags := fragments{ref: ref, re: make(map[string]string, len(s.Fragments))}
	for _, name := range slices.Sorted(maps.Keys(s.Fragments)) {
		re := s.Fragments[name]
		if strings.ContainsRune(re, '\n') {
			return nil, fmt.Errorf("danger: fragment %s: contains a newline (use |- not |)", name)
		}
		if ref.MatchString(re) {
			return nil, fmt.Errorf("danger: fragment %s: refers to another fragment", name)
		}
		if _, err := regexp.Compile(re); err != nil {
			return nil, fmt.Errorf("danger: fragment %s: %w", name, err)
		}
		frags.re[name] = "(?:" + re + ")"
	}
	d := &Detector{quotes: strings.NewReplacer("\u2019", "'", "\u2018", "'", "`", "'")}
	var err error
	mods := []struct {
		name string
		m    modifierSpec
		re   **regexp.Regexp
	}{
		{"neutral", s.Modifiers.Neutral, &d.neutral},
		{"learning", s.Modifiers.Learning, &d.learning},
		{"happening_now", s.Modifiers.HappeningNow, &d.happeningNow},
	}
	for _, m := range mods {
		if *m.re, err = compileModifier(m.m, frags); err != nil {
			return nil, fmt.Errorf("danger: modifier %s: %w", m.name, err)
		}
	}
	for _, rs := range s.Rules {
		r := rule{id: rs.ID}
		prefilter := true
		for i, p := range rs.Patterns {
			re, err := compilePattern(p, frags)
			if err != nil {
				return nil, fmt.Errorf("danger: rule %s: pattern %d: %w", rs.ID, i+1, err)
			}
			r.patterns = append(r.patterns, re)
			lits := requiredLiterals(re.String())
			prefilter = prefilter && lits != nil
			r.literals = append(r.literals, lits...)
		}
		if !prefilter {
			r.literals = nil
		}
		if rs.Tier == tierStrong {
			d.strong = append(d.strong, r)
		} else {
			d.weak = append(d.weak, r)
		}
	}
	return d, nil
}

// compileModifier joins a modifier's patterns into one alternation, so
// that blanking neutral phrases picks the leftmost match exactly as a
// single regex would.
func compileModifier(m modifierSpec, frags fragments) (*regexp.Regexp, error) {
	if strings.TrimSpace(m.Why) == "" {
		return nil, errors.New("no why")
	}
	if len(m.Patterns) == 0 {
		return nil, errors.New("no patterns")
	}
	parts := make([]string, len(m.Patterns))
	for i, p := range m.Patterns {
		x, err := expand(p, frags)
		if err != nil {
			return nil, fmt.Errorf("pattern %d: %w", i+1, err)
		}
		if _, err := regexp.Compile(x); err != nil {
			return nil, fmt.Errorf("pattern %d: %w", i+1, err)
		}
		parts[i] = "(?:" + x + ")"
	}
	return regexp.Compile(strings.Join(parts, "|"))
}

func compilePattern(p string, frags fragments) (*regexp.Regexp, error) {
	x, err := expand(p, frags)
	if err != nil {
		return nil, err
	}
	return regexp.Compile(x)
}

// fragments are the expanded fragments by name, each wrapped in a group.
type fragments struct {
	ref *regexp.Regexp // matches a reference: {name}
	re  map[string]string
}

// expand replaces each {name} in a pattern with its fragment.
func expand(p string, frags fragments) (string, error) {
	if strings.TrimSpace(p) == "" {
		return "", errors.New("empty")
	}
	if strings.ContainsRune(p, '\n') {
		return "", errors.New("contains a newline (use |- not |)")
	}
	var missing string
	x := frags.ref.ReplaceAllStringFunc(p, func(ref string) string {
		name := ref[1 : len(ref)-1]
		f, ok := frags.re[name]
		if !ok && missing == "" {
			missing = name
		}
		return f
	})
	if missing != "" {
		return "", fmt.Errorf("undefined fragment {%s}", missing)
	}
	return x, nil
}

// Detect reports whether text signals a child at immediate risk, and
// why. With the classifier, every rule and modifier that fires is one of
// its features, beside the words; without it, the rules decide in order.
func (d *Detector) Detect(text string) Finding {
	if d.model == nil {
		return d.rulesVerdict(d.normalize(text))
	}
	t, fired, learning, now := d.signals(text)
	fs := features(t, d.cues, fired, learning, now, make([]uint32, 0, 256))
	score := d.model.score(fs)
	f := Finding{Danger: score >= d.model.threshold, Score: score, Rule: "classifier"}
	best := float32(0)
	for _, id := range fired {
		if w := d.model.weights[ruleFeature(id)]; w > best {
			f.Rule, best = id, w
		}
	}
	return f
}

// rulesVerdict is the rules alone: a strong rule means danger; a question
// about learning that is not happening now is not; a weak rule means danger.
func (d *Detector) rulesVerdict(t string) Finding {
	for _, r := range d.strong {
		if r.matches(t) {
			return Finding{Danger: true, Rule: r.id}
		}
	}
	if d.learning.MatchString(t) && !d.happeningNow.MatchString(t) {
		return Finding{}
	}
	for _, r := range d.weak {
		if r.matches(t) {
			return Finding{Danger: true, Rule: r.id}
		}
	}
	return Finding{}
}

// signals are what the classifier sees of text: the normalised text, the
// rules that fire on it and whether the modifiers do.
func (d *Detector) signals(text string) (t string, fired []string, learning, now bool) {
	t = d.normalize(text)
	for _, r := range d.strong {
		if r.matches(t) {
			fired = append(fired, r.id)
		}
	}
	for _, r := range d.weak {
		if r.matches(t) {
			fired = append(fired, r.id)
		}
	}
	return t, fired, d.learning.MatchString(t), d.happeningNow.MatchString(t)
}

// featuresOf is the classifier's view of text, for training.
func (d *Detector) featuresOf(text string) []uint32 {
	t, fired, learning, now := d.signals(text)
	return features(t, d.cues, fired, learning, now, nil)
}

func containsAny(t string, lits []string) bool {
	for _, l := range lits {
		if strings.Contains(t, l) {
			return true
		}
	}
	return false
}

// fold lower-cases text, folds curly quotes and backticks to ', and
// collapses runs of space.
func (d *Detector) fold(text string) string {
	t := strings.ToLower(text)
	t = d.quotes.Replace(t)
	return strings.Join(strings.Fields(t), " ")
}

// normalize folds text and blanks neutral phrases: the text rules and the
// learning and happening_now modifiers see.
func (d *Detector) normalize(text string) string {
	return d.neutral.ReplaceAllString(d.fold(text), " ")
}
