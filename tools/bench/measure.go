package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// result is one measurement of a command: wall and CPU time (user and
// system, the command's threads and children), and peak memory (the
// largest resident size of the command or one of its children), the
// medians of its runs, with each run's wall and CPU time in order.
type result struct {
	wall, cpu   time.Duration
	peak        int64 // bytes
	walls, cpus []time.Duration
}

// measure runs the command cmd makes runs times and returns the median
// of each figure.
func measure(runs int, cmd func() (*exec.Cmd, error)) (result, error) {
	rs, err := measureInTurn(runs, cmd)
	if err != nil {
		return result{}, err
	}
	return rs[0], nil
}

// measureInTurn runs the commands cmds make one after the other, runs
// rounds of them, and returns each one's result. Ratios between them are
// taken round by round (ratio): a machine whose speed drifts over a
// minute (a virtual machine's neighbours) shifts the runs of one round
// alike, but not runs a minute apart.
func measureInTurn(runs int, cmds ...func() (*exec.Cmd, error)) ([]result, error) {
	out := make([]result, len(cmds))
	peaks := make([][]int64, len(cmds))
	for range runs {
		for i, cmd := range cmds {
			c, err := cmd()
			if err != nil {
				return nil, err
			}
			var stderr bytes.Buffer
			c.Stderr = &stderr
			start := time.Now()
			err = c.Run()
			wall := time.Since(start)
			if err != nil {
				return nil, fmt.Errorf("%v\n%s", err, lastLines(stderr.String(), 10))
			}
			ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage)
			if !ok {
				return nil, fmt.Errorf("no resource usage on this system")
			}
			out[i].walls = append(out[i].walls, wall)
			out[i].cpus = append(out[i].cpus, time.Duration(ru.Utime.Nano()+ru.Stime.Nano()))
			peaks[i] = append(peaks[i], ru.Maxrss<<10) // kilobytes on Linux
		}
	}
	for i := range out {
		out[i].wall, out[i].cpu, out[i].peak = median(out[i].walls), median(out[i].cpus), median(peaks[i])
	}
	return out, nil
}

// ratio is the median, over the rounds of measureInTurn, of a's figure
// over b's in the same round.
func ratio(a, b []time.Duration) float64 {
	rs := make([]float64, len(a))
	for i := range a {
		rs[i] = a[i].Seconds() / b[i].Seconds()
	}
	slices.Sort(rs)
	return rs[len(rs)/2]
}

func median[T int64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// cpuTime is the CPU time this process has used, all threads.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func numCPU() int { return runtime.NumCPU() }

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f s", d.Seconds()) }

func megabytes(b int64) string { return fmt.Sprintf("%.0f MB", float64(b)/1e6) }

// table prints aligned columns.
type table struct {
	rows [][]string
}

func newTable(header ...string) *table { return &table{rows: [][]string{header}} }

func (t *table) row(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) print() {
	widths := map[int]int{}
	for _, r := range t.rows {
		for i, c := range r {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	for _, r := range t.rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-len([]rune(c)))
			if i == 0 {
				b.WriteString("  " + c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		fmt.Println(strings.TrimRight(b.String(), " "))
	}
}
