package danger

// This file proves that moving the rules from Go regex literals into
// rules.yaml changed their form, not their behaviour. Its second half is a
// verbatim copy of the detector as it was in answer/danger.go; the tests
// here check the Detector against it three ways: structurally (the same
// regex languages, rule order and tiers), on a corpus of texts, and by
// fuzzing. Do not edit the copy. When a rule is meant to change, change
// rules.yaml and delete this file.

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

// oracleStrongRules and oracleWeakRules name, for each regex of the old
// strong and weak lists in order, the rules it was split into.
var (
	oracleStrongRules = [][]string{
		{"not-breathing"},
		{"unconscious", "choking", "drowning", "overdosed", "seizure", "turning-blue"},
		{"person-collapsed"},
		{"wont-wake"},
		{"bleeding-heavily", "head-injury", "shaken-baby"},
		{"threat-to-harm"},
		{"threat-to-kill"},
		{"adult-will-hurt"},
		{"scared-to-go-home", "wont-go-home-hurt"},
		{"being-assaulted"},
		{"weapon"},
		{"house-fire"},
	}
	oracleWeakRules = [][]string{
		{"child-in-danger"},
		{"in-immediate-danger"},
		{"in-danger-now"},
		{"harm-right-now"},
		{"being-hurt-now"},
		{"emergency-child", "its-an-emergency"},
		{"suicide"},
		{"immediate-danger"},
		{"child-left-alone", "child-locked-in", "child-missing", "child-wandering"},
		{"left-child-alone"},
		{"took-pills", "wants-to-die"},
		{"baby-shaken"},
		{"baby-floppy"},
		{"baby-injury"},
		{"young-child-alone"},
		{"carer-intoxicated"},
		{"meeting-older-man", "older-man-gives-drugs"},
		{"hit-with-implement"},
		{"hurt-at-home"},
	}
)

// TestModifiersMatchOracle checks that each modifier, its patterns joined,
// parses to the same regex as the old one.
func TestModifiersMatchOracle(t *testing.T) {
	d := loadDetector(t)
	tests := []struct {
		name     string
		got, old *regexp.Regexp
	}{
		{"neutral", d.neutral, oracleNeutral},
		{"learning", d.learning, oracleLearning},
		{"happening_now", d.happeningNow, oracleHappeningNow},
	}
	for _, tt := range tests {
		if got, old := parseRegexp(t, tt.got.String()), parseRegexp(t, tt.old.String()); !got.Equal(old) {
			t.Errorf("modifier %s parses to\n%v\nwant\n%v", tt.name, got, old)
		}
	}
}

// TestRulesMatchOracle checks that the rules run in the old order and
// tiers, and that each old regex matches exactly the language of the rules
// it was split into: both expand to the same set of alternatives.
func TestRulesMatchOracle(t *testing.T) {
	d := loadDetector(t)
	tests := []struct {
		tier  string
		got   []rule
		old   []*regexp.Regexp
		split [][]string
	}{
		{tierStrong, d.strong, oracleStrong, oracleStrongRules},
		{tierWeak, d.weak, oracleWeak, oracleWeakRules},
	}
	for _, tt := range tests {
		var ids []string
		byID := map[string]rule{}
		for _, r := range tt.got {
			ids = append(ids, r.id)
			byID[r.id] = r
		}
		if want := slices.Concat(tt.split...); !slices.Equal(ids, want) {
			t.Errorf("%s rules run as\n%q\nwant\n%q", tt.tier, ids, want)
			continue
		}
		if len(tt.old) != len(tt.split) {
			t.Fatalf("%d old %s regexes, %d in the split table", len(tt.old), tt.tier, len(tt.split))
		}
		for i, old := range tt.old {
			want := terms(parseRegexp(t, old.String()))
			got := map[string]bool{}
			for _, id := range tt.split[i] {
				for _, p := range byID[id].patterns {
					for term := range terms(parseRegexp(t, p.String())) {
						got[term] = true
					}
				}
			}
			if !mapsEqual(got, want) {
				t.Errorf("old %s regex %d (%v) and rules %q differ in %d of %d+%d alternatives",
					tt.tier, i+1, old, tt.split[i], countDiff(got, want), len(got), len(want))
			}
		}
	}
}

func parseRegexp(t *testing.T, s string) *syntax.Regexp {
	t.Helper()
	re, err := syntax.Parse(s, syntax.Perl)
	if err != nil {
		t.Fatalf("syntax.Parse(%q): %v", s, err)
	}
	return re
}

// terms expands re into the set of alternatives it is a union of,
// distributing concatenation over alternation, with each literal split
// into runes so that factoring by the parser does not matter. Repeats are
// kept whole. Two regexes with the same terms match the same texts.
func terms(re *syntax.Regexp) map[string]bool {
	set := map[string]bool{}
	for _, term := range expandTerms(re) {
		set[strings.Join(term, "\x00")] = true
	}
	return set
}

func expandTerms(re *syntax.Regexp) [][]string {
	switch re.Op {
	case syntax.OpAlternate:
		var out [][]string
		for _, sub := range re.Sub {
			out = append(out, expandTerms(sub)...)
		}
		return out
	case syntax.OpConcat:
		out := [][]string{{}}
		for _, sub := range re.Sub {
			var next [][]string
			for _, head := range out {
				for _, tail := range expandTerms(sub) {
					next = append(next, slices.Concat(head, tail))
				}
			}
			out = next
		}
		return out
	case syntax.OpCapture:
		return expandTerms(re.Sub[0])
	case syntax.OpEmptyMatch:
		return [][]string{{}}
	case syntax.OpLiteral:
		var term []string
		for _, r := range re.Rune {
			lit := &syntax.Regexp{Op: syntax.OpLiteral, Flags: re.Flags, Rune: []rune{r}}
			term = append(term, lit.String())
		}
		return [][]string{term}
	case syntax.OpCharClass:
		// The parser turns single-rune alternatives into a class; turn
		// small classes back into runes so that splitting them is seen.
		if n := classSize(re.Rune); n > 0 && n <= 4 {
			var out [][]string
			for i := 0; i < len(re.Rune); i += 2 {
				for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
					lit := &syntax.Regexp{Op: syntax.OpLiteral, Flags: re.Flags, Rune: []rune{r}}
					out = append(out, []string{lit.String()})
				}
			}
			return out
		}
	}
	return [][]string{{re.String()}}
}

func classSize(ranges []rune) int {
	n := 0
	for i := 0; i+1 < len(ranges); i += 2 {
		n += int(ranges[i+1]-ranges[i]) + 1
	}
	return n
}

func mapsEqual(a, b map[string]bool) bool {
	return countDiff(a, b) == 0
}

func countDiff(a, b map[string]bool) int {
	n := 0
	for k := range a {
		if !b[k] {
			n++
		}
	}
	for k := range b {
		if !a[k] {
			n++
		}
	}
	return n
}

// corpus is every text the oracle comparison runs: the table, every example
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

// TestDetectMatchesOracle compares the Detector with a copy of the regex
// detector it replaced, on every text in the corpus.
func TestDetectMatchesOracle(t *testing.T) {
	d := loadDetector(t)
	qs := corpus(t)
	for _, q := range qs {
		if got, want := d.Detect(q).Danger, oracleDangerous(q); got != want {
			t.Errorf("Detect(%q).Danger = %v, oracle says %v", q, got, want)
		}
	}
	t.Logf("%d texts compared", len(qs))
}

func FuzzDetectMatchesOracle(f *testing.F) {
	for _, tt := range dangerTests {
		f.Add(tt.q)
	}
	d := loadDetector(f)
	f.Fuzz(func(t *testing.T, q string) {
		if got, want := d.Detect(q).Danger, oracleDangerous(q); got != want {
			t.Errorf("Detect(%q).Danger = %v, oracle says %v", q, got, want)
		}
	})
}

// BenchmarkOracleDangerous is BenchmarkDetect for the old detector.
func BenchmarkOracleDangerous(b *testing.B) {
	for b.Loop() {
		for _, tt := range dangerTests {
			oracleDangerous(tt.q)
		}
	}
}

// What follows is the old detector, copied from answer/danger.go with its
// names prefixed by oracle.

// oracleChild is a word for a child or young person.
const oracleChild = `(?:child|children|kid|kids|baby|babies|toddler|infant|newborn|son|daughter|boy|girl|teen|teenager|young person|\d+ ?(?:year|yr|month)s?[- ]?old|little one|sibling|brother|sister)`

// oracleBaby is a child too young to move about, where any injury is a red flag.
const oracleBaby = `(?:baby|babies|infant|newborn|new born|\d+ ?(?:week|wk|month|mth)s?[- ]?old|non-?mobile)`

// oracleYoung is a child too young to be left.
const oracleYoung = `(?:baby|infant|newborn|toddler|little one|(?:[1-9]|10) ?(?:year|yr)s?[- ]?old|[1-9]yo|\d+ ?(?:month|mth)s?[- ]?old|kids|children|child)`

// oracleNeutral phrases name things in the guidance, not a situation; they are
// removed before looking for danger.
var oracleNeutral = regexp.MustCompile(`\b(?:no|not in|not at|isn't in|isn't at|isnt in|isnt at|aren't in|aren't at|not an?)\s+(?:immediate\s+|imminent\s+)?(?:danger|risk|emergency)\b|\bdanger statements?\b|\bsigns of safety\b|\bsafety plans?\b|\brisk assessments?\b|\brisk factors?\b|\bat risk register\b|\bemergency (?:protection orders?|contacts?|numbers?|duty)\b`)

// oracleStrong signals mean danger in any context.
var oracleStrong = []*regexp.Regexp{
	// Breathing, consciousness, injury.
	regexp.MustCompile(`\b(?:not|isn't|isnt|is not|stopped|stop|no longer|can't|cant|cannot|struggling to|won't|wont) breath(?:e|ing)\b`),
	regexp.MustCompile(`\b(?:unconscious|unresponsive|choking|drowning|overdosed?|having a seizure|having a fit|convulsing|turning blue|gone blue|went blue)\b`),
	// "Collapsed" and "passed out" also describe cases and cars: only people count.
	regexp.MustCompile(`\b(?:` + oracleChild + `|he|she|they|mum|dad|mother|father|parent|carer|someone)\b.{0,20}\b(?:collapsed|passed out|fainted)\b`),
	regexp.MustCompile(`\b(?:won't|wont|will not|can't|cant|cannot) wake(?: up)?\b`),
	regexp.MustCompile(`\bbleeding (?:heavily|badly|a lot|everywhere)\b|\bhead injury\b|\bshaken baby\b|\bbeen shaken\b`),
	// Threats of violence now or soon.
	regexp.MustCompile(`\b(?:going to|gonna|about to|threaten(?:s|ed|ing)? to|trying to|wants to|says (?:he|she|they)(?:'ll| will| is going to)|said (?:he|she|they)(?:'d| would))\s+(?:kill|hurt|harm|attack|stab|hit|beat|strangle|smother|shoot|burn|shake|batter|rape|abuse|snatch|abduct)\b`),
	regexp.MustCompile(`\b(?:he|she|they|he'll|she'll|they'll)(?:'ll| will)?\s+(?:kill|stab|strangle|smother|shoot)\b`),
	// A named adult who will hurt a child or parent: "her dad will hurt her when she gets home".
	regexp.MustCompile(`\b(?:dad|mum|father|mother|step-?dad|step-?mum|partner|boyfriend|girlfriend|parent|carer|uncle|brother)(?:'ll| will| is going to| is gonna| gonna)\s+(?:kill|hurt|harm|hit|beat|attack|stab|batter)\s+(?:her|him|them|me|us|the (?:child|children|kids?|baby))\b`),
	regexp.MustCompile(`\b(?:scared|afraid|frightened|terrified|too scared) (?:to go|of going) home\b|\bdoesn'?t want to go home\b.{0,40}\b(?:hurt|hit|beat|kill)\b`),
	regexp.MustCompile(`\b(?:is|are|'s|being)\s+(?:being\s+)?(?:beaten|attacked|strangled|stabbed|assaulted|raped|battered|smothered)\b`),
	regexp.MustCompile(`\b(?:has|with|holding|got|waving|carrying|pulled)\s+(?:a\s+)?(?:knife|gun|weapon|machete|blade)\b`),
	// House fire and the like.
	regexp.MustCompile(`\b(?:house|flat|home|building) (?:is )?on fire\b`),
}

// oracleWeak signals mean danger unless the question is about training, policy
// or definitions ("immediate danger training", "what does at risk mean").
var oracleWeak = []*regexp.Regexp{
	regexp.MustCompile(`\b` + oracleChild + `\s+(?:is|are|'s|was|has been|seems?|may be|might be|could be)\s+(?:still\s+)?(?:in\s+(?:immediate\s+|serious\s+|real\s+|grave\s+)?danger|at\s+(?:immediate|serious|real|grave)\s+risk)\b`),
	regexp.MustCompile(`\b(?:in|at)\s+(?:immediate|imminent|serious|grave)\s+(?:danger|risk)\b`),
	regexp.MustCompile(`\b(?:in danger|at risk|unsafe|not safe)\s+(?:right now|now|tonight|today|at the moment|currently|this (?:morning|afternoon|evening))\b`),
	regexp.MustCompile(`\b(?:right now|tonight)\b.{0,40}\b(?:in danger|at risk|unsafe|not safe|hurt|harmed|hit|attacked|abused)\b`),
	regexp.MustCompile(`\b(?:is|are|'s)\s+(?:being\s+)?(?:hit|hurt|harmed|abused|attacked)\s+(?:right now|now|tonight|as we speak|at the moment)\b`),
	regexp.MustCompile(`\bemergency\b.{0,30}\b` + oracleChild + `\b|\b` + oracleChild + `\b.{0,30}\bemergency\b|\bit'?s an emergency\b`),
	// Suicide and self-harm: weak only so that "suicide prevention training" stays quiet.
	regexp.MustCompile(`\bsuicid\w*\b|\bkill (?:him|her|them|my)sel(?:f|ves)\b|\bend (?:his|her|their) (?:own )?life\b`),
	regexp.MustCompile(`\bimmediate danger\b`),
	// A child alone, abandoned or missing.
	regexp.MustCompile(`\b` + oracleChild + `\b.{0,40}\b(?:left alone|home alone|alone (?:at|in the) (?:home|house|flat|car)|left on (?:his|her|their) own|left unattended|unattended|abandoned|locked (?:in|out)|(?:has )?(?:gone|went|is) missing|run away|ran away|wandering|alone (?:at night|outside|in the street|on the street))\b`),
	regexp.MustCompile(`\b(?:left|leaving|abandoned)\s+(?:a|the|my|her|his|their|this|an?)?\s*` + oracleChild + `\s+(?:alone|on (?:his|her|their) own|unattended)\b`),
	// Overdose and wanting to die, as told by a child or a parent.
	regexp.MustCompile(`\b(?:taken|took|swallowed|had|necked)\s+(?:loads of|lots of|a lot of|a load of|too many|a handful of|an overdose of|all (?:her|his|their|my))?\s*(?:pills|tablets|paracetamol)\b|\bwants? to die\b|\bwant(?:s|ed)? to end it\b`),
	// A baby shaken, floppy or hard to wake.
	regexp.MustCompile(`\b(?:gave|give|giving) (?:him|her|them|the baby|baby) (?:a )?(?:bit of a |little )?shake\b|\b(?:shook|shaking|shakes) (?:him|her|the baby|baby)\b`),
	regexp.MustCompile(`\b` + oracleBaby + `\b.{0,30}\b(?:floppy|limp|not waking|hard to wake|won't wake|wont wake|not feeding and sleepy|grey|blue)\b`),
	// Injuries on a baby who cannot move about yet: urgent whatever the story.
	regexp.MustCompile(`\b` + oracleBaby + `\b.{0,60}\b(?:bruis\w*|grip marks?|finger ?marks?|burns?|burnt|fractures?|broken (?:arm|leg|bones?|ribs?)|bite marks?|bleeding)\b`),
	// A young child with no adult.
	regexp.MustCompile(`\b` + oracleYoung + `\b.{0,30}\b(?:on (?:his|her|their) own|by (?:him|her|them)sel(?:f|ves)|no adults?|nobody (?:else )?(?:home|there|in)|alone)\b`),
	// An adult too drunk or high to care for a child.
	regexp.MustCompile(`\b(?:drunk|intoxicated|wasted|smashed|off (?:his|her|their) face|high on \w+|out of it|passed out|can(?:'t|not)? barely stand)\b.{0,60}\b(?:looking after|caring for|alone with|in charge of|only one with|on (?:his|her) own with)\b.{0,20}\b` + oracleChild + `\b`),
	// Sexual exploitation happening tonight.
	regexp.MustCompile(`\b(?:meeting|meet|going (?:off )?with|getting in a car with|picked up by|staying with)\s+(?:an?\s+|some\s+)?(?:older|adult|grown)\s+(?:man|men|male|guy|guys|bloke|blokes)\b.{0,40}\b(?:tonight|now|later|today)\b|\bolder (?:man|men|guy|bloke)\b.{0,40}\b(?:gives?|giving) (?:her|him|them) (?:drugs|alcohol|drink)\b`),
	// A disclosure of being hurt at home, or of harm waiting there.
	regexp.MustCompile(`\b(?:hit|hits|hitting|beat|beats|beaten|whipped|whips|hurt|hurts)\s+(?:him|her|them|me)\s+with\s+(?:a|the|his|her|their)\s+(?:belt|stick|cable|wire|shoe|slipper|buckle)\b`),
	regexp.MustCompile(`\b(?:will|'ll|gonna|going to) (?:be )?(?:hurt|hit|beaten|harmed|killed|battered)\b.{0,30}\b(?:goes|go|gets|get|going) home\b|\b(?:hurt|hit|beat|kill|batter)\s+(?:him|her|them)\b.{0,30}\b(?:goes|go|gets|get) home\b`),
}

// oracleLearning marks a question about training, policy or meaning, or a
// general question ("is it neglect to leave a 9 year old alone?").
var oracleLearning = regexp.MustCompile(`\bis it (?:ok|okay|alright|legal|allowed|neglect|abuse)\b|\bat what age\b|\bhow old\b|\bwhat age\b|\bcan (?:a|you) leave\b|\b(?:training|trained|course|courses|workshop|e-?learning|module|masterclass|seminar|lesson|definition|define|defined|meaning|mean|means|policy|policies|procedure|procedures|statement|statements|example|examples|scenario|case study|quiz|exam|essay)\b`)

// oracleHappeningNow marks a situation in progress: it outweighs words that
// otherwise mark a question about policy ("what's the procedure, he's
// been left alone right now").
var oracleHappeningNow = regexp.MustCompile(`\b(?:right now|tonight|at the moment|as we speak|on (?:the|a|my) (?:home )?visit|at the house now|just (?:told|texted|said|disclosed|found|phoned|rang|called))\b`)

// oracleDangerous reports whether a question signals a child at immediate risk.
func oracleDangerous(question string) bool {
	t := strings.ToLower(question)
	t = strings.NewReplacer("\u2019", "'", "\u2018", "'", "`", "'").Replace(t)
	t = strings.Join(strings.Fields(t), " ")
	t = oracleNeutral.ReplaceAllString(t, " ")
	for _, re := range oracleStrong {
		if re.MatchString(t) {
			return true
		}
	}
	if oracleLearning.MatchString(t) && !oracleHappeningNow.MatchString(t) {
		return false
	}
	for _, re := range oracleWeak {
		if re.MatchString(t) {
			return true
		}
	}
	return false
}
