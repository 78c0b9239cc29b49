package inflate

import "io"

// step is the next step of decompression (compress/flate keeps it as a
// method value, which cannot be saved).
type step uint8

const (
	stepNextBlock step = iota
	stepHuffmanBlock
	stepCopyData
)

// Checkpoint is a Reader's state between two reads: all it needs to go on
// from there, given the compressed bytes from InputOffset on.
type Checkpoint struct {
	roffset      int64
	b            uint32
	nb           uint
	h1, h2       huffmanDecoder
	hl, hd       uint8 // 0 nil, 1 fixed, 2 h1, 3 h2
	hist         []byte
	wrPos, rdPos int
	full         bool
	step         step
	stepState    int
	final, eof   bool
	toRead       int // toRead is hist[toRead:toRead+toReadLen]
	toReadLen    int
	copyLen      int
	copyDist     int
}

// InputOffset is the number of compressed bytes the Reader has consumed.
func (f *Reader) InputOffset() int64 { return f.roffset }

// Checkpoint saves the Reader's state, or returns nil after an error. It
// copies the 32 KB window and the Huffman tables.
func (f *Reader) Checkpoint() *Checkpoint {
	if f.err != nil && f.err != io.EOF {
		return nil
	}
	c := &Checkpoint{
		roffset: f.roffset, b: f.b, nb: f.nb,
		h1: f.h1.clone(), h2: f.h2.clone(),
		hl: f.which(f.hl), hd: f.which(f.hd),
		hist:  append([]byte(nil), f.dict.hist...),
		wrPos: f.dict.wrPos, rdPos: f.dict.rdPos, full: f.dict.full,
		step: f.step, stepState: f.stepState, final: f.final, eof: f.err == io.EOF,
		copyLen: f.copyLen, copyDist: f.copyDist,
	}
	if len(f.toRead) > 0 {
		c.toRead, c.toReadLen = cap(f.dict.hist)-cap(f.toRead), len(f.toRead)
	}
	return c
}

// InputOffset is where in the compressed stream the Checkpoint stands.
func (c *Checkpoint) InputOffset() int64 { return c.roffset }

// Size is roughly the memory the Checkpoint holds.
func (c *Checkpoint) Size() int {
	n := len(c.hist) + 2*4*huffmanNumChunks
	for _, l := range c.h1.links {
		n += 4 * len(l)
	}
	for _, l := range c.h2.links {
		n += 4 * len(l)
	}
	return n
}

// Resume returns a Reader that goes on from c, reading the compressed
// stream from c.InputOffset() on from r. The Checkpoint can be resumed
// again.
func Resume(r io.Reader, c *Checkpoint) *Reader {
	fixedHuffmanDecoderInit()
	f := &decompressor{
		roffset: c.roffset, b: c.b, nb: c.nb,
		h1: c.h1.clone(), h2: c.h2.clone(),
		bits: new([maxNumLit + maxNumDist]int), codebits: new([numCodes]int),
		step: c.step, stepState: c.stepState, final: c.final,
		copyLen: c.copyLen, copyDist: c.copyDist,
	}
	f.makeReader(r)
	f.hl, f.hd = f.pointer(c.hl), f.pointer(c.hd)
	f.dict = dictDecoder{hist: append([]byte(nil), c.hist...), wrPos: c.wrPos, rdPos: c.rdPos, full: c.full}
	if c.toReadLen > 0 {
		f.toRead = f.dict.hist[c.toRead : c.toRead+c.toReadLen]
	}
	if c.eof {
		f.err = io.EOF
	}
	return f
}

func (f *decompressor) which(h *huffmanDecoder) uint8 {
	switch h {
	case nil:
		return 0
	case &fixedHuffmanDecoder:
		return 1
	case &f.h1:
		return 2
	case &f.h2:
		return 3
	}
	panic("inflate: unknown Huffman decoder")
}

func (f *decompressor) pointer(w uint8) *huffmanDecoder {
	switch w {
	case 1:
		return &fixedHuffmanDecoder
	case 2:
		return &f.h1
	case 3:
		return &f.h2
	}
	return nil
}

func (h huffmanDecoder) clone() huffmanDecoder {
	links := make([][]uint32, len(h.links))
	for i, l := range h.links {
		links[i] = append([]uint32(nil), l...)
	}
	h.links = links
	return h
}

// Constants compress/flate defines in its compressor's files.
const (
	endBlockMarker = 256     // huffman_bit_writer.go
	maxMatchOffset = 1 << 15 // deflate.go: the largest match offset
)
