package danger

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
)

// model is a logistic regression over hashed features: the weight of each
// feature seen in training, and the score above which a message is danger.
// It is trained from labelled messages by Train (see model_test.go, which
// rebuilds it from the data with -update and fails when it is stale).
type model struct {
	threshold float64
	weights   map[uint32]float32
}

// score is the model's probability that the features signal danger.
func (m *model) score(fs []uint32) float64 {
	if len(fs) == 0 {
		return 0
	}
	// Each feature weighs 1/√n, so a long message is not louder than a short one.
	v := 1 / math.Sqrt(float64(len(fs)))
	z := 0.0
	for _, f := range fs {
		z += float64(m.weights[f]) * v
	}
	return 1 / (1 + math.Exp(-z))
}

// modelMagic starts the binary model file: "DGM" and a format version.
var modelMagic = []byte("DGM1")

// marshal writes the model: magic, threshold, count, then (feature,
// weight) pairs in feature order, little-endian.
func (m *model) marshal() []byte {
	var b bytes.Buffer
	b.Write(modelMagic)
	_ = binary.Write(&b, binary.LittleEndian, m.threshold)
	_ = binary.Write(&b, binary.LittleEndian, uint32(len(m.weights)))
	for _, f := range slices.Sorted(maps.Keys(m.weights)) {
		_ = binary.Write(&b, binary.LittleEndian, f)
		_ = binary.Write(&b, binary.LittleEndian, m.weights[f])
	}
	return b.Bytes()
}

func unmarshalModel(data []byte) (*model, error) {
	if !bytes.HasPrefix(data, modelMagic) {
		return nil, errors.New("danger: model: not a model file")
	}
	r := bytes.NewReader(data[len(modelMagic):])
	m := &model{}
	var n uint32
	if err := binary.Read(r, binary.LittleEndian, &m.threshold); err != nil {
		return nil, fmt.Errorf("danger: model: %w", err)
	}
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
		return nil, fmt.Errorf("danger: model: %w", err)
	}
	if int(n)*8 != r.Len() {
		return nil, fmt.Errorf("danger: model: %d weights announced, %d bytes left", n, r.Len())
	}
	m.weights = make(map[uint32]float32, n)
	for range n {
		var f uint32
		var w float32
		_ = binary.Read(r, binary.LittleEndian, &f)
		_ = binary.Read(r, binary.LittleEndian, &w)
		m.weights[f] = w
	}
	if m.threshold <= 0 || m.threshold >= 1 {
		return nil, fmt.Errorf("danger: model: threshold %v is not a probability", m.threshold)
	}
	return m, nil
}
