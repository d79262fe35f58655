package answer

import (
	"regexp"
	"strings"
)

// The danger detector errs towards showing "call 999": a needless notice
// costs a line of screen, a missed one could cost a child. It must still
// stay quiet on everyday questions about the guidance itself ("what is a
// danger statement", "immediate danger training"), or people learn to
// ignore it.

// child is a word for a child or young person.
const child = `(?:child|children|kid|kids|baby|babies|toddler|infant|newborn|son|daughter|boy|girl|teen|teenager|young person|\d+ ?(?:year|yr|month)s?[- ]?old|little one|sibling|brother|sister)`

// neutral phrases name things in the guidance, not a situation; they are
// removed before looking for danger.
var neutral = regexp.MustCompile(`\bdanger statements?\b|\bsigns of safety\b|\bsafety plans?\b|\brisk assessments?\b|\brisk factors?\b|\bat risk register\b|\bemergency (?:protection orders?|contacts?|numbers?|duty)\b`)

// strong signals mean danger in any context.
var strong = []*regexp.Regexp{
	// Breathing, consciousness, injury.
	regexp.MustCompile(`\b(?:not|isn't|isnt|is not|stopped|stop|no longer|can't|cant|cannot|struggling to|won't|wont) breath(?:e|ing)\b`),
	regexp.MustCompile(`\b(?:unconscious|unresponsive|choking|drowning|overdosed?|having a seizure|having a fit|convulsing|turning blue|gone blue|went blue)\b`),
	// "Collapsed" and "passed out" also describe cases and cars: only people count.
	regexp.MustCompile(`\b(?:` + child + `|he|she|they|mum|dad|mother|father|parent|carer|someone)\b.{0,20}\b(?:collapsed|passed out|fainted)\b`),
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
	// A child alone, abandoned or missing.
	regexp.MustCompile(`\b` + child + `\b.{0,40}\b(?:left alone|home alone|alone (?:at|in the) (?:home|house|flat|car)|left on (?:his|her|their) own|left unattended|unattended|abandoned|locked (?:in|out)|(?:has )?(?:gone|went|is) missing|run away|ran away|wandering|alone (?:at night|outside|in the street|on the street))\b`),
	regexp.MustCompile(`\b(?:left|leaving|abandoned)\s+(?:a|the|my|her|his|their|this|an?)?\s*` + child + `\s+(?:alone|on (?:his|her|their) own|unattended)\b`),
	// House fire and the like.
	regexp.MustCompile(`\b(?:house|flat|home|building) (?:is )?on fire\b`),
}

// weak signals mean danger unless the question is about training, policy
// or definitions ("immediate danger training", "what does at risk mean").
var weak = []*regexp.Regexp{
	regexp.MustCompile(`\b` + child + `\s+(?:is|are|'s|was|has been|seems?|may be|might be|could be)\s+(?:still\s+)?(?:in|at)\s+(?:immediate\s+|serious\s+|real\s+|grave\s+)?(?:danger|risk)\b`),
	regexp.MustCompile(`\b(?:in|at)\s+(?:immediate|imminent|serious|grave)\s+(?:danger|risk)\b`),
	regexp.MustCompile(`\b(?:in danger|at risk|unsafe|not safe)\s+(?:right now|now|tonight|today|at the moment|currently|this (?:morning|afternoon|evening))\b`),
	regexp.MustCompile(`\b(?:right now|tonight)\b.{0,40}\b(?:in danger|at risk|unsafe|not safe|hurt|harmed|hit|attacked|abused)\b`),
	regexp.MustCompile(`\b(?:is|are|'s)\s+(?:being\s+)?(?:hit|hurt|harmed|abused|attacked)\s+(?:right now|now|tonight|as we speak|at the moment)\b`),
	regexp.MustCompile(`\bemergency\b.{0,30}\b` + child + `\b|\b` + child + `\b.{0,30}\bemergency\b|\bit'?s an emergency\b`),
	// Suicide and self-harm: weak only so that "suicide prevention training" stays quiet.
	regexp.MustCompile(`\bsuicid\w*\b|\bkill (?:him|her|them|my)sel(?:f|ves)\b|\bend (?:his|her|their) (?:own )?life\b`),
	regexp.MustCompile(`\bimmediate danger\b`),
}

// learning marks a question about training, policy or meaning.
var learning = regexp.MustCompile(`\b(?:training|trained|course|courses|workshop|e-?learning|module|masterclass|seminar|lesson|definition|define|defined|meaning|mean|means|policy|policies|procedure|procedures|statement|statements|example|examples|scenario|case study|quiz|exam|essay)\b`)

// Dangerous reports whether a question signals a child at immediate risk.
func Dangerous(question string) bool {
	t := strings.ToLower(question)
	t = strings.NewReplacer("\u2019", "'", "\u2018", "'", "`", "'").Replace(t)
	t = strings.Join(strings.Fields(t), " ")
	t = neutral.ReplaceAllString(t, " ")
	for _, re := range strong {
		if re.MatchString(t) {
			return true
		}
	}
	if learning.MatchString(t) {
		return false
	}
	for _, re := range weak {
		if re.MatchString(t) {
			return true
		}
	}
	return false
}
