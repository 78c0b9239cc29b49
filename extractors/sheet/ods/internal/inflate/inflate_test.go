package inflate

import (
	"bufio"
	"bytes"
	"compress/flate"
	"io"
	"math/rand/v2"
	"testing"
)

// compressible makes n bytes of text-like data with long repeats, as
// content.xml has, so that blocks of every kind and long matches occur.
func compressible(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	words := []string{"<table:table-cell ", `office:value-type="float" `, "office:value=", `"`, "/>", "</text:p>", "Children's home", "\n"}
	var b bytes.Buffer
	for b.Len() < n {
		switch r.IntN(10) {
		case 0:
			for range r.IntN(40) {
				b.WriteByte(byte(r.IntN(256)))
			}
		default:
			b.WriteString(words[r.IntN(len(words))])
			b.WriteString(string(rune('0' + r.IntN(10))))
		}
	}
	return b.Bytes()[:n]
}

// TestCheckpoint inflates streams compressed at every level, taking a
// checkpoint after each read, and checks that resuming any checkpoint on
// the compressed bytes from its offset gives exactly the rest of the data.
func TestCheckpoint(t *testing.T) {
	for level := flate.HuffmanOnly; level <= flate.BestCompression; level++ {
		data := compressible(300<<10, uint64(level+3))
		var comp bytes.Buffer
		w, _ := flate.NewWriter(&comp, level)
		w.Write(data[:100<<10])
		w.Flush() // a sync flush: an empty stored block
		w.Write(data[100<<10:])
		w.Close()
		f := NewReader(bufio.NewReader(bytes.NewReader(comp.Bytes())))
		var got []byte
		type cp struct {
			at int
			c  *Checkpoint
		}
		var cps []cp
		buf := make([]byte, 7919)
		for {
			cps = append(cps, cp{len(got), f.Checkpoint()})
			n, err := f.Read(buf)
			got = append(got, buf[:n]...)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(got, data) {
			t.Fatalf("level %d: inflated data differs", level)
		}
		for i, c := range cps {
			if i%3 != 0 && i != len(cps)-1 {
				continue
			}
			r := Resume(bufio.NewReader(bytes.NewReader(comp.Bytes()[c.c.InputOffset():])), c.c)
			rest, err := io.ReadAll(r)
			if err != nil {
				t.Fatalf("level %d checkpoint %d: %v", level, i, err)
			}
			if !bytes.Equal(rest, data[c.at:]) {
				t.Fatalf("level %d: resuming at %d gives %d bytes, want %d", level, c.at, len(rest), len(data)-c.at)
			}
		}
	}
}

// TestStoredBlocks resumes inside uncompressed (stored) blocks.
func TestStoredBlocks(t *testing.T) {
	data := compressible(200<<10, 9)
	var comp bytes.Buffer
	w, _ := flate.NewWriter(&comp, flate.NoCompression)
	w.Write(data)
	w.Close()
	f := NewReader(bytes.NewReader(comp.Bytes()))
	buf := make([]byte, 50000)
	n, _ := io.ReadFull(f, buf)
	c := f.Checkpoint()
	r := Resume(bytes.NewReader(comp.Bytes()[c.InputOffset():]), c)
	rest, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(rest, data[n:]) {
		t.Fatalf("stored: %d bytes, %v", len(rest), err)
	}
}
