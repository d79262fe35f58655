package danger

import (
	"regexp"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"
)

// dangerTests is the table from answer.TestDangerous, copied unchanged.
var dangerTests = []struct {
	q    string
	want bool
}{
	// A child at immediate risk, however it is typed.
	{"a child is at risk right now", true},
	{"A CHILD IS AT RISK RIGHT NOW!!!", true},
	{"baby not breathing", true},
	{"the baby isn't breathing properly", true},
	{"baby isnt breathing", true},
	{"he's going to hurt her tonight", true},
	{"he’s going to hurt her tonight", true},
	{"hes gonna kill them", true},
	{"dad threatened to stab mum and the kids are there", true},
	{"child has been left alone", true},
	{"toddler left home alone and mum isn't answering", true},
	{"they left the baby alone in the car", true},
	{"kid is in danger", true},
	{"the children are in danger tonight", true},
	{"child in immediate danger what do i do", true},
	{"4 year old found wandering the street alone at night", true},
	{"dad has a knife and the kids are in the house", true},
	{"the baby is unresponsive", true},
	{"mum is drunk and passed out with a newborn", true},
	{"child being beaten right now", true},
	{"teenager says she is going to kill herself tonight", true},
	{"young person is suicidal", true},
	{"my 3 year old nephew has gone missing", true},
	{"this is an emergency, a child is hurt", true},
	{"a boy is being attacked outside", true},
	{"girl just told me her dad will hurt her when she gets home tonight and shes scared to go", true},
	{"pupil says he is scared to go home", true},
	{"her stepdad is going to hit her if she tells", true},
	// Questions about the guidance, training and words: no 999.
	{"what is the danger statement in Signs of Safety", false},
	{"danger statements", false},
	{"immediate danger training", false},
	{"is there a course on immediate danger?", false},
	{"what does at risk mean in the threshold document", false},
	{"how do I escalate a concern", false},
	{"signs of neglect", false},
	{"did not attend policy", false},
	{"what is a child in need", false},
	{"safety plans for children at risk of harm", false},
	{"emergency protection order", false},
	{"how can I help a child who is being neglected", false},
	{"child missing education", false},
	{"suicide prevention training", false},
	{"who will take over the case when I leave", false},
	{"neglect will harm a child's development", false},
	{"child is fitting in well at school", false},
	{"the case collapsed at court? what now", false},
	{"will the new worker hurt the relationship with the family", false},
	{"parents will harm their case by not engaging", false},
	{"what is the policy on bruising in non-mobile babies", false},
	{"is it neglect to leave a 9 year old alone for an hour", false},
	{"at what age can a child be left on their own", false},
	{"training on toddlers left alone", false},
	{"4 month old has bruises on his face, im on the visit right now", true},
	{"toddler on his own in the flat, no adult anywhere", true},
	{"dad is drunk and looking after the newborn tonight", true},
	{"teen texted saying shes taken loads of pills", true},
	{"what's the procedure, a baby has been left alone right now", true},
	{"", false},
}

// loadDetector is the rules alone, without the classifier: what the rule
// tests check.
func loadDetector(t testing.TB) *Detector {
	t.Helper()
	d, err := Parse([]byte(rulesYAML))
	if err != nil {
		t.Fatalf("Parse(rules.yaml) error: %v", err)
	}
	return d
}

// loadProduct is the detector the product uses: rules and classifier.
func loadProduct(t testing.TB) *Detector {
	t.Helper()
	d, err := Load()
	if err != nil {
		t.Fatalf("Load() error: %v", err)
	}
	return d
}

// loadSpec decodes the embedded rules without Parse's checks, so that the
// tests below check the file independently of them.
func loadSpec(t testing.TB) *spec {
	t.Helper()
	var s spec
	if err := yaml.Unmarshal([]byte(rulesYAML), &s); err != nil {
		t.Fatalf("yaml.Unmarshal(rules.yaml) error: %v", err)
	}
	if len(s.Rules) == 0 {
		t.Fatal("rules.yaml has no rules")
	}
	return &s
}

// ruleByID returns the compiled rule with the given id.
func ruleByID(t *testing.T, d *Detector, id string) rule {
	t.Helper()
	for _, r := range append(append([]rule{}, d.strong...), d.weak...) {
		if r.id == id {
			return r
		}
	}
	t.Fatalf("no compiled rule %q", id)
	return rule{}
}

func TestDetect(t *testing.T) {
	d := loadDetector(t)
	for _, tt := range dangerTests {
		if got := d.Detect(tt.q); got.Danger != tt.want {
			t.Errorf("Detect(%q) = %+v, want Danger %v", tt.q, got, tt.want)
		}
	}
}

// TestDetectNamesRule checks that Rule is set exactly when Danger is.
func TestDetectNamesRule(t *testing.T) {
	d := loadDetector(t)
	for _, tt := range dangerTests {
		got := d.Detect(tt.q)
		if got.Danger != (got.Rule != "") {
			t.Errorf("Detect(%q) = %+v: Rule must be set exactly when Danger is", tt.q, got)
		}
	}
	tests := []struct {
		q    string
		want Finding
	}{
		{"baby not breathing", Finding{Danger: true, Rule: "not-breathing"}},
		{"young person is suicidal", Finding{Danger: true, Rule: "suicide"}},
		{"suicide prevention training", Finding{}},
		{"", Finding{}},
	}
	for _, tt := range tests {
		if got := d.Detect(tt.q); got != tt.want {
			t.Errorf("Detect(%q) = %+v, want %+v", tt.q, got, tt.want)
		}
	}
}

// TestRuleExamples runs every rule's own examples. Each match example must
// be reported as that rule by the whole detector (so no earlier rule
// shadows it, and the learning override does not hide it) and must match
// the rule's own patterns; no no_match example may fire the detector.
func TestRuleExamples(t *testing.T) {
	d := loadDetector(t)
	for _, rs := range loadSpec(t).Rules {
		t.Run(rs.ID, func(t *testing.T) {
			r := ruleByID(t, d, rs.ID)
			for _, ex := range rs.Match {
				if got, want := d.Detect(ex), (Finding{Danger: true, Rule: rs.ID}); got != want {
					t.Errorf("Detect(%q) = %+v, want %+v", ex, got, want)
				}
				if !r.matches(d.normalize(ex)) {
					t.Errorf("own patterns do not match %q (normalized %q)", ex, d.normalize(ex))
				}
			}
			for _, ex := range rs.NoMatch {
				if got := d.Detect(ex); got.Danger {
					t.Errorf("Detect(%q) = %+v, want no danger", ex, got)
				}
			}
		})
	}
}

// TestModifierExamples checks each modifier against its own examples.
// Neutral runs on the folded text; learning and happening_now run, as in
// Detect, after neutral phrases are blanked.
func TestModifierExamples(t *testing.T) {
	d := loadDetector(t)
	s := loadSpec(t)
	tests := []struct {
		name string
		m    modifierSpec
		re   *regexp.Regexp
		text func(string) string
	}{
		{"neutral", s.Modifiers.Neutral, d.neutral, d.fold},
		{"learning", s.Modifiers.Learning, d.learning, d.normalize},
		{"happening_now", s.Modifiers.HappeningNow, d.happeningNow, d.normalize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.m.Match) == 0 || len(tt.m.NoMatch) == 0 {
				t.Fatalf("%d match and %d no_match examples, want at least 1 of each", len(tt.m.Match), len(tt.m.NoMatch))
			}
			for _, ex := range tt.m.Match {
				if !tt.re.MatchString(tt.text(ex)) {
					t.Errorf("does not match %q (as %q)", ex, tt.text(ex))
				}
			}
			for _, ex := range tt.m.NoMatch {
				if tt.re.MatchString(tt.text(ex)) {
					t.Errorf("matches %q (as %q)", ex, tt.text(ex))
				}
			}
		})
	}
}

// TestEveryRuleHasExamples fails if a rule has too few examples, so that
// no rule can silently never fire.
func TestEveryRuleHasExamples(t *testing.T) {
	for _, r := range loadSpec(t).Rules {
		if len(r.Match) < 2 {
			t.Errorf("rule %s: %d match examples, want at least 2", r.ID, len(r.Match))
		}
		if len(r.NoMatch) < 1 {
			t.Errorf("rule %s: %d no_match examples, want at least 1", r.ID, len(r.NoMatch))
		}
		if strings.TrimSpace(r.Why) == "" || strings.Contains(strings.TrimSpace(r.Why), "\n") {
			t.Errorf("rule %s: why must be one line, got %q", r.ID, r.Why)
		}
	}
}

// TestIDsAndFragments fails if an id appears twice, is not kebab-case, or
// a pattern names a fragment that is not defined.
func TestIDsAndFragments(t *testing.T) {
	s := loadSpec(t)
	kebab := regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	ref := regexp.MustCompile(fragmentRef)
	seen := map[string]bool{}
	var patterns []string
	for _, r := range s.Rules {
		if seen[r.ID] {
			t.Errorf("rule id %q appears twice", r.ID)
		}
		seen[r.ID] = true
		if !kebab.MatchString(r.ID) {
			t.Errorf("rule id %q is not kebab-case", r.ID)
		}
		patterns = append(patterns, r.Patterns...)
	}
	for _, m := range []modifierSpec{s.Modifiers.Neutral, s.Modifiers.Learning, s.Modifiers.HappeningNow} {
		patterns = append(patterns, m.Patterns...)
	}
	used := map[string]bool{}
	for _, p := range patterns {
		for _, m := range ref.FindAllStringSubmatch(p, -1) {
			used[m[1]] = true
			if _, ok := s.Fragments[m[1]]; !ok {
				t.Errorf("pattern %q uses undefined fragment {%s}", p, m[1])
			}
		}
	}
	for name := range s.Fragments {
		if !used[name] {
			t.Errorf("fragment %s is never used", name)
		}
	}
}

func TestRuleCounts(t *testing.T) {
	d := loadDetector(t)
	if len(d.strong) == 0 || len(d.weak) == 0 {
		t.Errorf("%d strong and %d weak rules, want some of each", len(d.strong), len(d.weak))
	}
	t.Logf("%d strong rules, %d weak rules", len(d.strong), len(d.weak))
}

// validYAML is a small rule set that Parse accepts; TestParseErrors breaks
// it one way at a time.
const validYAML = `
fragments:
  kid: |-
    child|kid
modifiers:
  neutral:
    why: w
    patterns: ['\bdanger statement\b']
    match: [danger statement]
    no_match: [danger]
  learning:
    why: w
    patterns: ['\btraining\b']
    match: [training]
    no_match: [kid]
  happening_now:
    why: w
    patterns: ['\bnow\b']
    match: [now]
    no_match: [later]
rules:
  - id: strong-one
    tier: strong
    why: w
    patterns: ['\bknife\b']
    match: [knife, a knife]
    no_match: [fork]
  - id: weak-one
    tier: weak
    why: w
    patterns: ['\b{kid} in danger\b']
    match: [kid in danger, child in danger]
    no_match: [kid in danger training]
`

func TestParseValid(t *testing.T) {
	d, err := Parse([]byte(validYAML))
	if err != nil {
		t.Fatalf("Parse(validYAML) error: %v", err)
	}
	tests := []struct {
		q    string
		want Finding
	}{
		{"a KNIFE", Finding{Danger: true, Rule: "strong-one"}},
		{"knife training", Finding{Danger: true, Rule: "strong-one"}},
		{"child in danger", Finding{Danger: true, Rule: "weak-one"}},
		{"child in danger training", Finding{}},
		{"child in danger training now", Finding{Danger: true, Rule: "weak-one"}},
		{"danger statement", Finding{}},
	}
	for _, tt := range tests {
		if got := d.Detect(tt.q); got != tt.want {
			t.Errorf("Detect(%q) = %+v, want %+v", tt.q, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		repl    []string // old, new pairs replaced in validYAML
		wantErr string
	}{
		{"empty", []string{validYAML, ""}, "danger: parse rules: empty"},
		{"unknown field", []string{"    tier: strong\n", "    tier: strong\n    severity: high\n"}, "danger: parse rules:"},
		{"two documents", []string{"\nrules:\n", "\nrules:\n---\n"}, "more than one document"},
		{"duplicate id", []string{"id: weak-one", "id: strong-one"}, "danger: rule strong-one: duplicate id"},
		{"not kebab-case", []string{"id: weak-one", "id: Weak_One"}, "danger: rule Weak_One: id is not kebab-case"},
		{"no id", []string{"  - id: weak-one\n", "  - id: ''\n"}, "danger: rule 2: no id"},
		{"bad tier", []string{"tier: weak", "tier: medium"}, `danger: rule weak-one: tier "medium"`},
		{"strong after weak", []string{"tier: strong", "tier: weak", "tier: weak", "tier: strong"}, "danger: rule weak-one:"},
		{"no why", []string{"    why: w\n    patterns: ['\\bknife", "    why: ''\n    patterns: ['\\bknife"}, "danger: rule strong-one: no why"},
		{"two-line why", []string{"    why: w\n    patterns: ['\\bknife", "    why: |-\n      w\n      x\n    patterns: ['\\bknife"}, "danger: rule strong-one: why is more than one line"},
		{"no patterns", []string{`patterns: ['\bknife\b']`, "patterns: []"}, "danger: rule strong-one: no patterns"},
		{"one match example", []string{"match: [knife, a knife]", "match: [knife]"}, "danger: rule strong-one: 1 match examples, want at least 2"},
		{"no no_match example", []string{"no_match: [fork]", "no_match: []"}, "danger: rule strong-one: 0 no_match examples, want at least 1"},
		{"undefined fragment", []string{"{kid}", "{child}"}, "danger: rule weak-one: pattern 1: undefined fragment {child}"},
		{"bad regex", []string{`\bknife\b`, `\bknife(`}, "danger: rule strong-one: pattern 1: error parsing regexp"},
		{"pattern with newline", []string{"patterns: ['\\bknife\\b']", "patterns:\n      - |\n        \\bknife\\b"}, "danger: rule strong-one: pattern 1: contains a newline"},
		{"bad fragment", []string{"child|kid", "child|(kid"}, "danger: fragment kid:"},
		{"misspelt modifier", []string{"  happening_now:\n    why: w\n", "  happening_later:\n    why: w\n"}, "danger: parse rules:"},
		{"missing modifier", []string{"  happening_now:\n    why: w\n    patterns: ['\\bnow\\b']\n    match: [now]\n    no_match: [later]\n", ""}, "danger: modifier happening_now: no why"},
		{"modifier without patterns", []string{`patterns: ['\bnow\b']`, "patterns: []"}, "danger: modifier happening_now: no patterns"},
		{"modifier bad regex", []string{`\btraining\b`, `\btraining(`}, "danger: modifier learning: pattern 1:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := 0; i < len(tt.repl); i += 2 {
				if !strings.Contains(validYAML, tt.repl[i]) {
					t.Fatalf("validYAML has no %q", tt.repl[i])
				}
			}
			in := strings.NewReplacer(tt.repl...).Replace(validYAML)
			_, err := Parse([]byte(in))
			if err == nil {
				t.Fatalf("Parse() error = nil, want one containing %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Parse() error = %q, want one containing %q", err, tt.wantErr)
			}
			if !strings.HasPrefix(err.Error(), "danger: ") {
				t.Errorf("Parse() error = %q, want prefix %q", err, "danger: ")
			}
		})
	}
}

// TestDetectConcurrent lets the race detector check that one Detector can
// serve many goroutines.
func TestDetectConcurrent(t *testing.T) {
	d := loadDetector(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, tt := range dangerTests {
				if got := d.Detect(tt.q); got.Danger != tt.want {
					t.Errorf("Detect(%q) = %+v, want Danger %v", tt.q, got, tt.want)
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkDetect(b *testing.B) {
	d := loadDetector(b)
	for b.Loop() {
		for _, tt := range dangerTests {
			d.Detect(tt.q)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDetectMessage is the cost of one message through the product's
// detector (rules and classifier), over every labelled message in turn.
func BenchmarkDetectMessage(b *testing.B) {
	d := loadProduct(b)
	texts := corpus(b)
	i := 0
	for b.Loop() {
		d.Detect(texts[i%len(texts)])
		i++
	}
}

// corpus is every text the detector benchmark runs: the table, every example
// in rules.yaml, variants of them typed differently, and the project's
// labelled question sets when they are present.
func corpus(t testing.TB) []string {
	t.Helper()
	var qs []string
	for _, tt := range dangerTests {
		qs = append(qs, tt.q)
	}
	s := loadSpec(t)
	for _, r := range s.Rules {
		qs = append(qs, r.Match...)
		qs = append(qs, r.NoMatch...)
	}
	for _, m := range []modifierSpec{s.Modifiers.Neutral, s.Modifiers.Learning, s.Modifiers.HappeningNow} {
		qs = append(qs, m.Match...)
		qs = append(qs, m.NoMatch...)
	}
	for _, q := range labelledQuestions(t) {
		qs = append(qs, q.Q)
	}
	n := len(qs)
	for _, q := range qs[:n] {
		qs = append(qs,
			strings.ToUpper(q),
			strings.ReplaceAll(q, "'", "\u2019"),
			strings.ReplaceAll(q, " ", "  \t"),
			q+" training",
			q+" training right now",
			"what is the policy? "+q,
		)
	}
	return qs
}
