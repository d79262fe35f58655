package index_test

import (
	"context"
	"path/filepath"
	"testing"

	"guidance"
	"guidance/answer"
	"guidance/index"
	"guidance/internal/evalset"
	"guidance/internal/guidancetest"
)

// questionSets are the quality gates, each with the floors the engine
// reaches today on ../content; a change that lowers any figure is a
// regression. Raise them when the engine gets better. The held-out sets
// were written by people who had not seen the engine (history in
// docs/search.md).
type questionSet struct {
	file                                 string // in testdata/questions
	minHit1, minHit3, minFallback, minEm float64
	maxDeadEnds                          int // answerable questions that get no result
	maxConfidentWrong                    int // offered as the answer, but wrong
	// maxFalseAlarms is how many questions not about a child in danger
	// may get the 999 notice first; each allowance is explained beside
	// its set.
	maxFalseAlarms int
	// The set must stay this big.
	minAnswers, minFallbacks, minEmergencies int
}

// Every floor was set to the engine's own figures when the examples'
// centroid became a third ranking (sixth session): summed over the
// sets, 2,178 → 2,183 first and 2,307 → 2,320 in the first three, the
// real questions 469 → 474 and 515 → 520 of 547, the blind sets 1,057 →
// 1,065 and 1,124 → 1,131 of 1,155, three dead ends fewer. Lowered then:
// heldout 0.91 → 0.87 (three questions), public-faq-pages 0.82 → 0.79,
// -2 hit@3 0.95 → 0.92, -3 0.88 → 0.85, -8 0.81 → 0.78 (two each),
// round4-c and round6-d one question each, round7-f hit@3 0.95 → 0.93,
// round8-g off-topic 0.95 → 0.90 ("band 6 health visitor pay scale"
// now finds a close example on the health visiting page).
//
// Examples in the words of national guidance that the seen real sets used
// and the content covers ("professional curiosity", "start again",
// "vicarious trauma", "first 1001 days", "a scale for measuring the
// quality of care", "problem resolution protocol") then added 3 first
// and 5 in three over the real sets; questions.json gave one more wrong
// answer, round3-b lost one in three, real set 9 one more wrong answer.
var questionSets = []questionSet{
	{file: "questions.json", minHit1: 0.96, minHit3: 1.0, minFallback: 1.0, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 2,
		minAnswers: 80, minFallbacks: 10, minEmergencies: 10},
	{file: "heldout.json", minHit1: 0.87, minHit3: 0.98, minFallback: 1.0, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 3,
		minAnswers: 50, minFallbacks: 10, minEmergencies: 8},
	{file: "heldout2.json", minHit1: 0.96, minHit3: 1.0, minFallback: 1.0, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 1,
		minAnswers: 55, minFallbacks: 15, minEmergencies: 10},
	// Written blind from the source alone for this round, then tuned on.
	{file: "blind-1.json", minHit1: 0.98, minHit3: 1.0, minFallback: 1.0, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 0,
		minAnswers: 80, minFallbacks: 15, minEmergencies: 10},
	{file: "blind-2.json", minHit1: 0.96, minHit3: 1.0, minFallback: 1.0, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 1,
		minAnswers: 80, minFallbacks: 15, minEmergencies: 10},
	// Real questions and headings from public safeguarding pages (each with its address).
	{file: "public-faq.json", minHit1: 0.89, minHit3: 0.96, minFallback: 0.79, maxDeadEnds: 1, maxConfidentWrong: 1,
		minAnswers: 50, minFallbacks: 15},
	// The same real questions judged at page level (kept apart from
	// testdata/questions, which the danger model trains on: same texts), the pages labelled blind
	// (from the source and the list of pages alone). First run: hit@1 0.655,
	// hit@3 0.845, off-topic 0.737, 1 dead end, 9 confident wrong; with the
	// guidance page preferred to the review's record, hit@1 0.724, 6 wrong;
	// after the content rewrite (What to do now first), 0.690 / 0.879, 10 wrong.
	// Off-topic floor lowered when the contacts, disguised compliance and
	// early development pages gained examples in practitioners' words
	// ("hard to engage family", "infant mental health"): "Who can be a
	// designated safeguarding lead?" now finds an escalation section.
	{file: "../pages/public-faq-pages.json", minHit1: 0.82, minHit3: 0.94, minFallback: 0.78, maxDeadEnds: 1, maxConfidentWrong: 2,
		minAnswers: 55, minFallbacks: 15},
	// Round 3 (2 December 2026): two sets written blind from the source and
	// the list of pages alone, judged at page level, each with 20 off-topic
	// questions that share a word with the guidance and 5 emergencies.
	// First run, today's engine: a 0.743 / 0.867, 4 dead ends, 11 confident
	// wrong, off-topic 18/20; b 0.733 / 0.848, 1 dead end, 11 wrong, 17/20.
	// The word vectors tried on a changed nothing beyond noise (docs/search.md),
	// so b's figure is also the unseen one. After the third content audit's
	// fixes (dating 2017 arrangements), a: 0.733, 12 wrong ("can a school
	// nurse bring a case to the Consultation Forum" now finds the Forum on
	// the contacts page first). With 297 situations added to the practice
	// pages' questions blocks (what practitioners see and feel, written from
	// the guidance alone): a 0.876 / 0.962, 8 wrong, no dead end; b 0.800 /
	// 0.895, 9 wrong; the real questions 0.741 / 0.897, 6 wrong, then 0.879
	// hit@3 once the page summaries were dated ("Who is responsible for
	// safeguarding children?" fell out of the top 3 on the combined change).
	{file: "../pages/round3-a.json", minHit1: 0.93, minHit3: 1.0, minFallback: 1.0, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 2,
		minAnswers: 100, minFallbacks: 20, minEmergencies: 5},
	// b after the fourth audit's fixes (the thresholds page dated as at
	// February 2017): 0.724, 12 wrong. b is no longer blind: editors ran
	// these gates while rewording.
	{file: "../pages/round3-b.json", minHit1: 0.92, minHit3: 0.97, minFallback: 0.89, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 1,
		minAnswers: 100, minFallbacks: 20, minEmergencies: 5},
	// Round 4 (2 December 2026), same brief, written after the situations
	// were added and scored once against the final content: the unseen
	// figure. The engine and content at the start of the session scored
	// 0.724 / 0.848, 4 dead ends, 13 wrong, off-topic 19/20 on it; the final
	// ones 0.810 / 0.943, no dead end, 12 wrong, 18/20.
	{file: "../pages/round4-c.json", minHit1: 0.9, minHit3: 1.0, minFallback: 1.0, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 3,
		minAnswers: 100, minFallbacks: 20, minEmergencies: 5},
	// Page votes and the close-race rule (2 December 2026) lifted every
	// page-level set: the real questions 0.741 -> 0.776 with 6 -> 1 wrong,
	// round3-a 0.876 -> 0.895, b 0.810 -> 0.838, round4-c 0.810 -> 0.876
	// with 12 -> 5 wrong, round5-a 0.905 -> 0.924 with 7 -> 2 wrong.
	// Definition questions answered from the glossary then took round3-a
	// to 0.914 / 0.981, b to 0.857 / 0.914, round4-c to 0.905 / 0.971 and
	// round5-a to 0.952 / 0.981.
	// 87 border situations (a situation told in one topic's words that
	// another section answers, written without seeing any set) then moved
	// the real questions to 0.828 / 0.897, round3-b to 0.895 / 0.943,
	// round3-a's hit@3 to 0.990; round4-c fell a question (0.895) and
	// round5-a gained one wrong answer (2).
	// Keeping one page from filling the first three places took the real
	// questions' hit@3 to 0.914.
	// Round 5 (2 December 2026), same brief, written before this round's
	// changes. First run, engine at c0b0c4c: 0.905 / 0.962, no dead end, 7
	// wrong, off-topic 17/20, emergencies 5/5. Tuned on since.
	{file: "../pages/round5-a.json", minHit1: 0.96, minHit3: 1.0, minFallback: 0.94, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 0,
		minAnswers: 100, minFallbacks: 20, minEmergencies: 5},
	// Round 5 b, written with a, kept unseen until the end of the round:
	// the unseen figure. The session's starting engine and content
	// (c0b0c4c) scored 0.810 / 0.905, no dead end, 8 wrong, off-topic 17/20;
	// the final ones 0.819 / 0.924, no dead end, 2 wrong, 18/20. Fourth
	// session (seen): a bare name no page is about ("NCSCB") gets its
	// glossary entry, 0.829 / 0.933; round3-b likewise 0.905 / 0.962.
	{file: "../pages/round5-b.json", minHit1: 0.84, minHit3: 0.96, minFallback: 0.89, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 1,
		minAnswers: 100, minFallbacks: 20, minEmergencies: 5},
	// 85 more real questions and headings from 75 public safeguarding pages
	// (70 answerable, 15 the guide does not cover), labelled at page level
	// by a collector who saw neither the engine nor the content. Scored at
	// the start of the round (0.800 / 0.900, 2 dead ends, 7 wrong,
	// off-topic 12/15) and once at its end (0.843 / 0.914, 2, 4, 12/15).
	// Then tuned on: an abbreviation beside its full form ("CIN – Child in
	// Need") as a definition, 0.871 / 0.929, 3 wrong. With the third place
	// given to a page not in the first two (fourth session): hit@3 0.943;
	// public-faq-pages 0.914 → 0.931, round3-b 0.943 → 0.952.
	{file: "../pages/public-faq-pages-2.json", minHit1: 0.89, minHit3: 0.94, minFallback: 0.79, maxDeadEnds: 0, maxConfidentWrong: 1,
		minAnswers: 60, minFallbacks: 10},
	// Round 6 (2 December 2026), two sets by two more writers, same brief,
	// written after this round's ranking changes and kept unseen until the
	// end: the unseen figure. First and only run, starting engine and
	// content (c0b0c4c) / final: c 0.829 / 0.933, 11 wrong, off-topic 17/20
	// -> 0.905 / 0.971, 3 wrong, 18/20; d 0.838 / 0.952, 10 wrong, 19/20 ->
	// 0.924 / 0.971, 3 wrong, 20/20. Emergencies 5/5 each. c had two false
	// alarms: "signs of safety in a nutshell pls" (gone since short, hurried
	// requests were added to the detector's data) and a 4-month-old who
	// hardly cries and whose mother props the bottle, "something feels off":
	// serious, not immediate, and the 999 line first errs the safe way.
	// See round7-f for why its hit@1 floor is 0.90.
	{file: "../pages/round6-c.json", minHit1: 0.93, minHit3: 0.97, minFallback: 0.94, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 1, maxFalseAlarms: 1,
		minAnswers: 100, minFallbacks: 20, minEmergencies: 5},
	{file: "../pages/round6-d.json", minHit1: 0.93, minHit3: 0.98, minFallback: 1.0, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 1,
		minAnswers: 100, minFallbacks: 20, minEmergencies: 5},
	// Fourth session: the Consultation Forum's section moved from the
	// contacts page to the escalation page (it has no contact details, and
	// eight questions of five blind sets had looked for it on escalation):
	// the sets above and round 7 rose by one to three questions each, and
	// the gates with them.
	// Round 7 (2 December 2026, fourth session), two more writers, same
	// brief, and 85 more real questions and headings from 79 public pages
	// none of the earlier sets used (labelled blind). The engine's answers
	// had not changed since the start of the session (9df6b26). First runs:
	// e 0.867 / 0.933, no dead end, 2 wrong, off-topic 19/20 (then tuned
	// on); f 0.886 / 0.924, 1 dead end, 2 wrong, 19/20; real-3 0.886 /
	// 0.900, 2 dead ends, 1 wrong, 15/15. f and real-3 were kept unseen
	// until one final run with the third result from a new page (a449572):
	// f 0.886 / 0.933, real-3 unchanged. Then (seen) a bare abbreviation no
	// page is about gets its glossary entry: f 0.895 / 0.943. Emergencies
	// 5/5 each. False alarms, one each in e and f: a toddler's and a
	// baby's development and care described, serious but not immediate.
	// real-3 had one too, found after its final run: the heading "Accessing
	// the Right Help at the Right Time" (short messages with "right" or
	// "help" were weighed as urgent). After the detector learnt 160 more
	// messages using such words both ways (danger/data/practitioners-7.json),
	// real-3 has none and e two: a baby who hardly looks at her mother,
	// bottle propped, "something feels off" (as in round6-c). Serious, not
	// immediate; the 999 line first errs the safe way.
	// hit@3 lowered when the thresholds page took over referral (see
	// public-faq-pages-7): "not for them... where do we take it from here"
	// lost escalation to the new section; round3-a lost one at hit@1 the
	// same way, while the real sets gained five first and four in three.
	{file: "../pages/round7-e.json", minHit1: 0.93, minHit3: 0.97, minFallback: 0.94, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 1, maxFalseAlarms: 2,
		minAnswers: 100, minFallbacks: 20, minEmergencies: 5},
	// Lowered when examples began to meet through one-word synonyms
	// ("concerned" meets "worried"): one question fewer first, and "ring
	// road" is a call (round6-c lost one too); the real sets gained five.
	// 0.90 → 0.89 when a page's main topic let a section answer a question
	// with an unknown abbreviation as related ("mum has disclosed DV...
	// who do I contact" now puts the contacts page first); the real sets
	// gained three first, three in three and lost three dead ends.
	{file: "../pages/round7-f.json", minHit1: 0.89, minHit3: 0.93, minFallback: 0.89, minEm: 1.0, maxDeadEnds: 1, maxConfidentWrong: 2, maxFalseAlarms: 1,
		minAnswers: 100, minFallbacks: 20, minEmergencies: 5},
	{file: "../pages/public-faq-pages-3.json", minHit1: 0.87, minHit3: 0.92, minFallback: 1.0, maxDeadEnds: 1, maxConfidentWrong: 2,
		minAnswers: 65, minFallbacks: 15},
	// Round 8 (fourth session), a seventh writer, same brief, written while
	// the Forum moved: first run before the move (b5b55ac) 0.933 / 0.971,
	// 1 dead end, 1 wrong, off-topic 19/20; one final run after it (7d965bc),
	// the unseen figure: 0.952 / 0.981, 1 dead end, none wrong, 19/20.
	{file: "../pages/round8-g.json", minHit1: 0.96, minHit3: 0.98, minFallback: 0.94, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 0,
		minAnswers: 100, minFallbacks: 20, minEmergencies: 5},
	// 85 more real questions and headings from 69 public pages none of the
	// earlier sets used, labelled blind, collected after the Forum moved and
	// scored once against the final engine and content (589ad2d): 0.871 /
	// 0.914, no dead end, 2 wrong, off-topic 15/15. Its one false alarm is
	// the heading "If the child is in danger", which 999 first suits. Tuned on since: 0.886 / 0.929.
	{file: "../pages/public-faq-pages-4.json", minHit1: 0.94, minHit3: 0.98, minFallback: 1.0, maxDeadEnds: 0, maxConfidentWrong: 1, maxFalseAlarms: 1,
		minAnswers: 65, minFallbacks: 15},
	// Real questions, fifth set (92 from 95 pages on 87 sites not used
	// before; 4 repeated questions already in other sets were
	// left out), scored once against the engine as it stood (cf791fe):
	// 0.800 / 0.920, no dead end, 3 wrong, off-topic 16/17, no false alarm.
	// One false alarm since the detector learnt "immediate safety" (sixth
	// session; the model retrained with one more example): the heading
	// "Getting 'out of hours' emergency help from Social Services", which
	// 999 first suits; round7-e and public-faq-pages-4 each lost one.
	{file: "../pages/public-faq-pages-5.json", minHit1: 0.9, minHit3: 0.98, minFallback: 1.0, maxDeadEnds: 0, maxConfidentWrong: 0, maxFalseAlarms: 1,
		minAnswers: 70, minFallbacks: 15},
	// Real questions, sixth set (86 from 92 pages on 85 sites not used
	// before; 8 repeated questions already in other sets were left out),
	// scored once against the engine as it stood (241c75f): 0.778 / 0.917,
	// 1 dead end, 3 wrong, off-topic 14/14, no false alarm.
	{file: "../pages/public-faq-pages-6.json", minHit1: 0.88, minHit3: 1.0, minFallback: 1.0, maxDeadEnds: 0, maxConfidentWrong: 1,
		minAnswers: 70, minFallbacks: 14},
	// Real questions, seventh set (87 from 85 pages on 77 sites not used
	// before; 7 repeated questions already in other sets were left out),
	// scored once against the engine as it stood (8d40cb1): 0.803 / 0.887,
	// 1 dead end, 4 wrong, off-topic 14/16, no false alarm. Five of its
	// eight misses at hit@3 are referral questions labelled for the
	// thresholds page that get the contacts page's referral route. Tuned on
	// since ("does this meet the criteria for a referral to social care"
	// asked of the thresholds page): 0.831 / 0.901; set 5 lost one
	// ("Criteria for carrying out a child safeguarding practice review").
	// Every set's labellers put referral questions on the thresholds page
	// (27 of 56 referral questions over all sets, none on contacts alone),
	// so that page now has "How do I make a referral to Children's Social
	// Care?" and the contacts page keeps the route: 0.845 / 0.915.
	{file: "../pages/public-faq-pages-7.json", minHit1: 0.87, minHit3: 0.94, minFallback: 0.87, maxDeadEnds: 0, maxConfidentWrong: 2,
		minAnswers: 70, minFallbacks: 15},
	// Real questions, eighth set (76 from 76 pages on 72 sites not used
	// before; 12 repeated questions already in other sets were left out),
	// scored once against the engine and content as they stood (a48b8dc):
	// 0.803 / 0.852, no dead end, 5 wrong, off-topic 15/15. Its one false
	// alarm is the heading "What is an emergency?", which 999 first suits.
	// Three of its nine misses at hit@3 are referral questions labelled for
	// the thresholds page; "Concerned about a child?" gets escalation.
	// With the referral section on the thresholds page: 0.820 / 0.902.
	{file: "../pages/public-faq-pages-8.json", minHit1: 0.78, minHit3: 0.95, minFallback: 1.0, maxDeadEnds: 0, maxConfidentWrong: 2, maxFalseAlarms: 1,
		minAnswers: 60, minFallbacks: 15},
	// Written blind from the source alone at the end of the fifth session
	// (a new writer, the round 8 brief) and scored once against the final
	// engine and content (54201bf): 0.895 / 0.981, no dead end, 3 wrong,
	// off-topic 19/20, emergencies 5/5, no false alarm.
	{file: "../pages/round9-h.json", minHit1: 0.91, minHit3: 0.98, minFallback: 0.94, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 2,
		minAnswers: 100, minFallbacks: 20, minEmergencies: 5},
	// Written blind from the source alone in the sixth session (a new
	// writer, the round 8 brief, 130 questions) and kept unseen until the
	// end; 23 that repeated a question of an earlier set word for word
	// were left out. Scored once against the final engine and content
	// (074c0b5): 0.918 / 0.953, no dead end, 3 wrong, off-topic 16/17,
	// emergencies 5/5; one false alarm, "self neglect in an older adult
	// living alone" (999 first errs the safe way). All 130 with the
	// repeats: 0.933 / 0.962, off-topic 19/20.
	{file: "../pages/round10-i.json", minHit1: 0.91, minHit3: 0.95, minFallback: 0.94, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 3, maxFalseAlarms: 1,
		minAnswers: 80, minFallbacks: 15, minEmergencies: 5},
	// Real questions, ninth set (90 from 81 pages not used before; 9
	// repeated questions already in other sets left out: 81 from 72
	// pages), labelled from
	// page titles and summaries alone and scored once against the final
	// engine and content (074c0b5): 0.785 / 0.862, 1 dead end ("MASH
	// referrals and consultations"), 2 wrong, off-topic 15/16, no false
	// alarm. Most misses are words the guidance never uses ("professional
	// curiosity", "drift and delay", "start again syndrome").
	{file: "../pages/public-faq-pages-9.json", minHit1: 0.79, minHit3: 0.89, minFallback: 0.93, maxDeadEnds: 1, maxConfidentWrong: 3,
		minAnswers: 60, minFallbacks: 15},
	// A second blind set from the source alone in the sixth session (a new
	// writer, the same brief, asked to avoid the obvious keyword queries;
	// 14 word-for-word repeats of earlier sets left out), kept unseen and
	// scored once against the final engine and content (2ea95f9): 0.926 /
	// 1.000, no dead end, 1 wrong, off-topic 15/17 ("how do I escalate a
	// payroll error", "forced marriage unit contact details" answered),
	// emergencies 5/5. Its false alarm, a seven-year-old suddenly
	// aggressive and tearful at school, is serious, not immediate; 999
	// first errs the safe way. All 130: 0.933 / 1.000, off-topic 18/20.
	// The session's starting engine scores the same on it.
	{file: "../pages/round11-j.json", minHit1: 0.92, minHit3: 1.0, minFallback: 0.88, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 1, maxFalseAlarms: 1,
		minAnswers: 80, minFallbacks: 15, minEmergencies: 5},
	// Real questions, tenth set (90 from 82 pages not used before; 9
	// repeats left out: 81), scored once against the final engine and
	// content (2ea95f9): 0.800 / 0.877, 1 dead end ("MASH details for
	// professionals"), 3 wrong, off-topic 14/15; its one emergency, the
	// heading "Concerns about child's immediate safety", did not get 999
	// first (every reply shows 999): a child's "immediate safety" is now
	// a danger rule (danger/rules.yaml, immediate-danger). The session's
	// starting engine: 0.754 / 0.831, 4 wrong, off-topic 12/15.
	{file: "../pages/public-faq-pages-10.json", minHit1: 0.8, minHit3: 0.87, minFallback: 0.93, minEm: 1.0, maxDeadEnds: 1, maxConfidentWrong: 3,
		minAnswers: 60, minFallbacks: 15},
	// A third blind set from the source alone in the sixth session (a
	// third writer, the round11-j brief; 16 word-for-word repeats left
	// out), scored once against the final engine and content (b601b4c):
	// 0.891 / 0.989, no dead end, 4 wrong, off-topic 16/17, emergencies
	// 5/5, no false alarm. All 130: 0.905 / 0.990, off-topic 19/20. The
	// session's starting engine: 0.870 / 0.989, 3 wrong.
	{file: "../pages/round12-k.json", minHit1: 0.89, minHit3: 0.98, minFallback: 0.94, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 4,
		minAnswers: 80, minFallbacks: 15, minEmergencies: 5},
	// Real questions, eleventh set (85 from 80 pages not used before; 14
	// repeats left out: 71 from 68 pages), scored once against the final
	// engine and content (b601b4c): 0.842 / 0.912, 1 dead end, 2 wrong,
	// off-topic 11/12. Its two emergencies, the procedure headings
	// "Immediate action" and "Emergency action to protect a child", did
	// not get 999 first (the classifier weighs "action to protect" as a
	// guidance question; every reply still shows 999): left open, with no
	// floor on emergencies. The session's starting engine: 0.719 / 0.807,
	// 5 wrong, off-topic 10/12.
	{file: "../pages/public-faq-pages-11.json", minHit1: 0.84, minHit3: 0.91, minFallback: 0.91, maxDeadEnds: 1, maxConfidentWrong: 2,
		minAnswers: 55, minFallbacks: 10},
	// Written blind and kept unseen until the engine was finished; its first
	// and only run is the unseen figure in the README. Now a gate; the next
	// round needs a new blind set.
	{file: "../unseen/answers-2026-12.json", minHit1: 0.98, minHit3: 1.0, minFallback: 1.0, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 0,
		minAnswers: 90, minFallbacks: 15, minEmergencies: 10},
	// A second blind set, written while the confidence thresholds were tuned
	// on the sets above and scored once against the final engine.
	{file: "../unseen/answers-2026-12-b.json", minHit1: 0.97, minHit3: 1.0, minFallback: 1.0, minEm: 1.0, maxDeadEnds: 0, maxConfidentWrong: 0,
		minAnswers: 90, minFallbacks: 25, minEmergencies: 10},
}

func TestQuality(t *testing.T) {
	a, _ := guidancetest.RealAsker(t, answer.Options{})
	for _, set := range questionSets {
		t.Run(set.file, func(t *testing.T) { checkQuality(t, a, set) })
	}
}

func checkQuality(t *testing.T, a *answer.Answerer, set questionSet) {
	t.Helper()
	qs, err := evalset.Read(filepath.Join(evalset.Dir(), set.file))
	if err != nil {
		t.Fatal(err)
	}
	var s evalset.Scores
	for _, q := range qs {
		ans, err := a.Ask(context.Background(), guidance.Question{Text: q.Q})
		if err != nil {
			t.Errorf("Ask(%q): %v", q.Q, err)
			continue
		}
		s.Add(q, ans)
	}
	for _, m := range s.Misses {
		t.Log(m)
	}
	t.Log(s)
	if s.Answers < set.minAnswers || s.Fallbacks < set.minFallbacks || s.Emergencies < set.minEmergencies {
		t.Errorf("question set too small: %d answer, %d fallback, %d emergency questions", s.Answers, s.Fallbacks, s.Emergencies)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"hit@1", evalset.Rate(s.Hit1, s.Answers), set.minHit1},
		{"hit@3", evalset.Rate(s.Hit3, s.Answers), set.minHit3},
		{"fallback", evalset.Rate(s.FallbackOK, s.Fallbacks), set.minFallback},
		{"emergency", evalset.Rate(s.EmergencyOK, s.Emergencies), set.minEm},
	} {
		if c.got < c.want {
			t.Errorf("%s = %.3f, want at least %.3f", c.name, c.got, c.want)
		}
	}
	if s.ConfidentWrong > set.maxConfidentWrong {
		t.Errorf("%d answers offered with confidence were wrong, want at most %d", s.ConfidentWrong, set.maxConfidentWrong)
	}
	if s.FalseFallback > set.maxDeadEnds {
		t.Errorf("%d answer questions got no result, want at most %d", s.FalseFallback, set.maxDeadEnds)
	}
	if s.FalseEmergency > set.maxFalseAlarms {
		t.Errorf("%d questions got the emergency notice without signalling danger, want at most %d", s.FalseEmergency, set.maxFalseAlarms)
	}
}

// TestLongerListKeepsFirstResults checks that how many results are asked
// for never changes the first ones: the bot asks for 3, the ask API for up
// to 20, and both must give the same answer. Every question of every set.
func TestLongerListKeepsFirstResults(t *testing.T) {
	ix := guidancetest.MustBuild(t, guidancetest.MustLoad(t), index.Options{})
	for _, set := range questionSets {
		qs, err := evalset.Read(filepath.Join(evalset.Dir(), set.file))
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			short, err := ix.Search(context.Background(), q.Q, guidance.DefaultResults)
			if err != nil {
				t.Fatal(err)
			}
			long, err := ix.Search(context.Background(), q.Q, guidance.MaxResults)
			if err != nil {
				t.Fatal(err)
			}
			if len(long) < len(short) {
				t.Errorf("%q: %d results asked %d, %d asked %d", q.Q, len(short), guidance.DefaultResults, len(long), guidance.MaxResults)
				continue
			}
			for i := range short {
				if got, want := long[i].URL, short[i].URL; got != want {
					t.Errorf("%q: result %d is %s asking for %d, %s asking for %d", q.Q, i+1, got, guidance.MaxResults, want, guidance.DefaultResults)
				}
			}
		}
	}
}
