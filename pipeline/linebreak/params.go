package linebreak

import "math"

// Params are the settings of a breaker. The zero value of every field but
// Widths means its default.
type Params struct {
	// Widths are the line widths: line i is Widths[i] wide, and the last
	// entry holds for all further lines. A first-line indent is usually a
	// box at the start of the items instead; different widths serve hanging
	// indents and text beside a float. Without widths, lines are unbounded.
	Widths []float64
	// Tolerance is the largest badness (100·|ratio|³) of a line in the first
	// pass; the second pass allows EmergencyTolerance. Default 200 (the
	// loosest line then has its glue stretched 1.26 times its stretch).
	Tolerance float64
	// EmergencyTolerance is the tolerance of the second pass. Default 2000.
	EmergencyTolerance float64
	// LinePenalty is added to the badness of every line, so fewer lines are
	// preferred. Default 10.
	LinePenalty float64
	// FlaggedDemerits are added when two consecutive lines end at flagged
	// breaks (soft hyphens). Default 3000.
	FlaggedDemerits float64
	// FitnessDemerits are added when adjacent lines differ by more than
	// one fitness class (tight, decent, loose, very loose). Default 10000.
	FitnessDemerits float64
	// MaxActive caps the number of active nodes of the total-fit breaker;
	// when there are more, half of them, those with the highest demerits,
	// are dropped. This bounds time and memory on pathological input;
	// ordinary text stays far below (gopl-zh's paragraphs need at most
	// about 100 on a 38 em measure). Default 512.
	MaxActive int
}

func (p Params) withDefaults() Params {
	if p.Tolerance <= 0 {
		p.Tolerance = 200
	}
	if p.EmergencyTolerance <= 0 {
		p.EmergencyTolerance = 2000
	}
	if p.LinePenalty == 0 {
		p.LinePenalty = 10
	}
	if p.FlaggedDemerits == 0 {
		p.FlaggedDemerits = 3000
	}
	if p.FitnessDemerits == 0 {
		p.FitnessDemerits = 10000
	}
	if p.MaxActive <= 0 {
		p.MaxActive = 512
	}
	if len(p.Widths) == 0 {
		p.Widths = []float64{math.Inf(1)}
	}
	return p
}

// width returns the width of line i (0-based).
func (p *Params) width(i int) float64 {
	if i >= len(p.Widths) {
		return p.Widths[len(p.Widths)-1]
	}
	return p.Widths[i]
}
