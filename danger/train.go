package danger

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Example is one labelled message for training or measuring the detector.
type Example struct {
	Text   string `json:"text"`
	Danger bool   `json:"danger"`
	Kind   string `json:"kind,omitempty"` // what sort of message it is, for reports
}

// Training settings. They are fixed, and training is deterministic, so the
// same data always gives the same model (model_test.go checks it).
const (
	// A grid over 20-80 epochs, rates 0.1-1.5 and L2 1e-6-1e-4 moved
	// cross-validated false alarms by under two points; these sit in the middle.
	epochs       = 40
	learningRate = 0.5
	l2           = 1e-5
	seed         = 20170201 // the month of the response document
	// targetRecall is the share of emergencies, held out in cross-validation,
	// that must score above the threshold: missing one costs far more than a
	// needless notice.
	targetRecall = 0.98
	folds        = 5
)

// Report is what cross-validation measured: each message scored by a model
// that never saw it.
type Report struct {
	Threshold            float64
	Emergencies, Caught  int
	Others, FalseAlarms  int
	Missed, FalseAlarmed []Example
}

// train fits a model to examples and picks its threshold by
// cross-validation. d supplies the rules whose firing is a feature.
func (d *Detector) train(examples []Example) (*model, Report) {
	vecs := make([][]uint32, len(examples))
	for i, e := range examples {
		vecs[i] = d.featuresOf(e.Text)
	}
	// Out-of-fold scores: each message scored by a model trained on the rest.
	oof := make([]float64, len(examples))
	for k := range folds {
		var trainIdx []int
		for i := range examples {
			if i%folds != k {
				trainIdx = append(trainIdx, i)
			}
		}
		m := fit(examples, vecs, trainIdx)
		for i := range examples {
			if i%folds == k {
				oof[i] = m.score(vecs[i])
			}
		}
	}
	threshold := pickThreshold(examples, oof)
	all := make([]int, len(examples))
	for i := range all {
		all[i] = i
	}
	m := fit(examples, vecs, all)
	m.threshold = threshold
	rep := Report{Threshold: threshold}
	for i, e := range examples {
		hit := oof[i] >= threshold
		switch {
		case e.Danger:
			rep.Emergencies++
			if hit {
				rep.Caught++
			} else {
				rep.Missed = append(rep.Missed, e)
			}
		default:
			rep.Others++
			if hit {
				rep.FalseAlarms++
				rep.FalseAlarmed = append(rep.FalseAlarmed, e)
			}
		}
	}
	return m, rep
}

// pickThreshold is the highest score threshold that still catches
// targetRecall of the emergencies, so false alarms are as few as that allows.
func pickThreshold(examples []Example, scores []float64) float64 {
	var pos []float64
	for i, e := range examples {
		if e.Danger {
			pos = append(pos, scores[i])
		}
	}
	if len(pos) == 0 {
		return 0.5
	}
	slices.Sort(pos)
	miss := int(math.Floor(float64(len(pos)) * (1 - targetRecall)))
	t := pos[miss]
	// Sit just under that score, and never above an even chance.
	return math.Min(math.Max(t-1e-6, 1e-6), 0.5)
}

// fit trains logistic regression by stochastic gradient descent with
// per-feature AdaGrad steps and L2, weighting classes equally, on the
// examples at idx.
func fit(examples []Example, vecs [][]uint32, idx []int) *model {
	pos := 0
	for _, i := range idx {
		if examples[i].Danger {
			pos++
		}
	}
	neg := len(idx) - pos
	wPos, wNeg := 1.0, 1.0
	if pos > 0 && neg > 0 {
		wPos = float64(len(idx)) / (2 * float64(pos))
		wNeg = float64(len(idx)) / (2 * float64(neg))
	}
	// Dense arrays: a few megabytes, and far faster than maps.
	w := make([]float64, featureBuckets)
	g2 := make([]float64, featureBuckets)
	order := slices.Clone(idx)
	rng := rand.New(rand.NewPCG(seed, seed))
	for range epochs {
		rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
		for _, i := range order {
			v := 1 / math.Sqrt(float64(len(vecs[i])))
			z := 0.0
			for _, f := range vecs[i] {
				z += w[f] * v
			}
			p := 1 / (1 + math.Exp(-z))
			y, cw := 0.0, wNeg
			if examples[i].Danger {
				y, cw = 1, wPos
			}
			grad := cw * (p - y)
			for _, f := range vecs[i] {
				g := grad*v + l2*w[f]
				g2[f] += g * g
				w[f] -= learningRate * g / (math.Sqrt(g2[f]) + 1e-8)
			}
		}
	}
	m := &model{threshold: 0.5, weights: map[uint32]float32{}}
	for f, v := range w {
		if math.Abs(v) >= 1e-4 {
			m.weights[uint32(f)] = float32(v)
		}
	}
	return m
}
