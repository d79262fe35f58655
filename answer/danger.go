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

// baby is a child too young to move about, where any injury is a red flag.
const baby = `(?:baby|babies|infant|newborn|new born|\d+ ?(?:week|wk|month|mth)s?[- ]?old|non-?mobile)`

// young is a child too young to be left.
const young = `(?:baby|infant|newborn|toddler|little one|(?:[1-9]|10) ?(?:year|yr)s?[- ]?old|[1-9]yo|\d+ ?(?:month|mth)s?[- ]?old|kids|children|child)`

// neutral phrases name things in the guidance, not a situation; they are
// removed before looking for danger.
var neutral = regexp.MustCompile(`\b(?:no|not in|not at|isn't in|isn't at|isnt in|isnt at|aren't in|aren't at|not an?)\s+(?:immediate\s+|imminent\s+)?(?:danger|risk|emergency)\b|\bdanger statements?\b|\bsigns of safety\b|\bsafety plans?\b|\brisk assessments?\b|\brisk factors?\b|\bat risk register\b|\bemergency (?:protection orders?|contacts?|numbers?|duty)\b`)

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
	// House fire and the like.
	regexp.MustCompile(`\b(?:house|flat|home|building) (?:is )?on fire\b`),
}

// weak signals mean danger unless the question is about training, policy
// or definitions ("immediate danger training", "what does at risk mean").
var weak = []*regexp.Regexp{
	regexp.MustCompile(`\b` + child + `\s+(?:is|are|'s|was|has been|seems?|may be|might be|could be)\s+(?:still\s+)?(?:in\s+(?:immediate\s+|serious\s+|real\s+|grave\s+)?danger|at\s+(?:immediate|serious|real|grave)\s+risk)\b`),
	regexp.MustCompile(`\b(?:in|at)\s+(?:immediate|imminent|serious|grave)\s+(?:danger|risk)\b`),
	regexp.MustCompile(`\b(?:in danger|at risk|unsafe|not safe)\s+(?:right now|now|tonight|today|at the moment|currently|this (?:morning|afternoon|evening))\b`),
	regexp.MustCompile(`\b(?:right now|tonight)\b.{0,40}\b(?:in danger|at risk|unsafe|not safe|hurt|harmed|hit|attacked|abused)\b`),
	regexp.MustCompile(`\b(?:is|are|'s)\s+(?:being\s+)?(?:hit|hurt|harmed|abused|attacked)\s+(?:right now|now|tonight|as we speak|at the moment)\b`),
	regexp.MustCompile(`\bemergency\b.{0,30}\b` + child + `\b|\b` + child + `\b.{0,30}\bemergency\b|\bit'?s an emergency\b`),
	// Suicide and self-harm: weak only so that "suicide prevention training" stays quiet.
	regexp.MustCompile(`\bsuicid\w*\b|\bkill (?:him|her|them|my)sel(?:f|ves)\b|\bend (?:his|her|their) (?:own )?life\b`),
	regexp.MustCompile(`\bimmediate danger\b`),
	// A child alone, abandoned or missing.
	regexp.MustCompile(`\b` + child + `\b.{0,40}\b(?:left alone|home alone|alone (?:at|in the) (?:home|house|flat|car)|left on (?:his|her|their) own|left unattended|unattended|abandoned|locked (?:in|out)|(?:has )?(?:gone|went|is) missing|run away|ran away|wandering|alone (?:at night|outside|in the street|on the street))\b`),
	regexp.MustCompile(`\b(?:left|leaving|abandoned)\s+(?:a|the|my|her|his|their|this|an?)?\s*` + child + `\s+(?:alone|on (?:his|her|their) own|unattended)\b`),
	// Overdose and wanting to die, as told by a child or a parent.
	regexp.MustCompile(`\b(?:taken|took|swallowed|had|necked)\s+(?:loads of|lots of|a lot of|a load of|too many|a handful of|an overdose of|all (?:her|his|their|my))?\s*(?:pills|tablets|paracetamol)\b|\bwants? to die\b|\bwant(?:s|ed)? to end it\b`),
	// A baby shaken, floppy or hard to wake.
	regexp.MustCompile(`\b(?:gave|give|giving) (?:him|her|them|the baby|baby) (?:a )?(?:bit of a |little )?shake\b|\b(?:shook|shaking|shakes) (?:him|her|the baby|baby)\b`),
	regexp.MustCompile(`\b` + baby + `\b.{0,30}\b(?:floppy|limp|not waking|hard to wake|won't wake|wont wake|not feeding and sleepy|grey|blue)\b`),
	// Injuries on a baby who cannot move about yet: urgent whatever the story.
	regexp.MustCompile(`\b` + baby + `\b.{0,60}\b(?:bruis\w*|grip marks?|finger ?marks?|burns?|burnt|fractures?|broken (?:arm|leg|bones?|ribs?)|bite marks?|bleeding)\b`),
	// A young child with no adult.
	regexp.MustCompile(`\b` + young + `\b.{0,30}\b(?:on (?:his|her|their) own|by (?:him|her|them)sel(?:f|ves)|no adults?|nobody (?:else )?(?:home|there|in)|alone)\b`),
	// An adult too drunk or high to care for a child.
	regexp.MustCompile(`\b(?:drunk|intoxicated|wasted|smashed|off (?:his|her|their) face|high on \w+|out of it|passed out|can(?:'t|not)? barely stand)\b.{0,60}\b(?:looking after|caring for|alone with|in charge of|only one with|on (?:his|her) own with)\b.{0,20}\b` + child + `\b`),
	// Sexual exploitation happening tonight.
	regexp.MustCompile(`\b(?:meeting|meet|going (?:off )?with|getting in a car with|picked up by|staying with)\s+(?:an?\s+|some\s+)?(?:older|adult|grown)\s+(?:man|men|male|guy|guys|bloke|blokes)\b.{0,40}\b(?:tonight|now|later|today)\b|\bolder (?:man|men|guy|bloke)\b.{0,40}\b(?:gives?|giving) (?:her|him|them) (?:drugs|alcohol|drink)\b`),
	// A disclosure of being hurt at home, or of harm waiting there.
	regexp.MustCompile(`\b(?:hit|hits|hitting|beat|beats|beaten|whipped|whips|hurt|hurts)\s+(?:him|her|them|me)\s+with\s+(?:a|the|his|her|their)\s+(?:belt|stick|cable|wire|shoe|slipper|buckle)\b`),
	regexp.MustCompile(`\b(?:will|'ll|gonna|going to) (?:be )?(?:hurt|hit|beaten|harmed|killed|battered)\b.{0,30}\b(?:goes|go|gets|get|going) home\b|\b(?:hurt|hit|beat|kill|batter)\s+(?:him|her|them)\b.{0,30}\b(?:goes|go|gets|get) home\b`),
}

// learning marks a question about training, policy or meaning, or a
// general question ("is it neglect to leave a 9 year old alone?").
var learning = regexp.MustCompile(`\bis it (?:ok|okay|alright|legal|allowed|neglect|abuse)\b|\bat what age\b|\bhow old\b|\bwhat age\b|\bcan (?:a|you) leave\b|\b(?:training|trained|course|courses|workshop|e-?learning|module|masterclass|seminar|lesson|definition|define|defined|meaning|mean|means|policy|policies|procedure|procedures|statement|statements|example|examples|scenario|case study|quiz|exam|essay)\b`)

// happeningNow marks a situation in progress: it outweighs words that
// otherwise mark a question about policy ("what's the procedure, he's
// been left alone right now").
var happeningNow = regexp.MustCompile(`\b(?:right now|tonight|at the moment|as we speak|on (?:the|a|my) (?:home )?visit|at the house now|just (?:told|texted|said|disclosed|found|phoned|rang|called))\b`)

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
	if learning.MatchString(t) && !happeningNow.MatchString(t) {
		return false
	}
	for _, re := range weak {
		if re.MatchString(t) {
			return true
		}
	}
	return false
}
