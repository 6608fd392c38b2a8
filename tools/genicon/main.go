// Command genicon draws Medianscope's icon (assets/icon.png): bars of
// medians on a dark tile, the lowest in blue and the highest in orange,
// crossed by the median line.
//
//	go run ./tools/genicon -o assets/icon.png
package main

import (
	"flag"
	"image"
	"image/color"
	"image/png"
	"io"
	"log"
	"math"

	"medianscope/internal/atomicfile"
)

func main() {
	out := flag.String("o", "assets/icon.png", "output PNG")
	flag.Parse()
	const n = 512
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	tile := color.RGBA{31, 41, 55, 255}
	radius := 96.0
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if inRounded(float64(x)+0.5, float64(y)+0.5, n, radius) {
				img.Set(x, y, tile)
			}
		}
	}
	gray := color.RGBA{156, 163, 175, 255}
	blue := color.RGBA{56, 152, 236, 255}
	orange := color.RGBA{245, 130, 32, 255}
	heights := []float64{0.42, 0.50, 0.22, 0.47, 0.74, 0.45}
	colors := []color.RGBA{gray, gray, blue, gray, orange, gray}
	left, right, base, top := 88.0, 424.0, 420.0, 96.0
	pitch := (right - left) / float64(len(heights))
	for i, h := range heights {
		x0 := left + pitch*float64(i) + pitch*0.14
		x1 := left + pitch*float64(i+1) - pitch*0.14
		y0 := base - h*(base-top)
		fill(img, int(x0), int(y0), int(x1), int(base), colors[i])
	}
	// The median of the medians.
	my := base - 0.46*(base-top)
	fill(img, int(left-8), int(my-5), int(right+8), int(my+5), color.RGBA{255, 255, 255, 255})
	err := atomicfile.Write(*out, func(w io.Writer) error { return png.Encode(w, img) })
	if err != nil {
		log.Fatal(err)
	}
}

func fill(img *image.RGBA, x0, y0, x1, y1 int, c color.RGBA) {
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			img.Set(x, y, c)
		}
	}
}

func inRounded(x, y, n, r float64) bool {
	cx := math.Min(math.Max(x, r), n-r)
	cy := math.Min(math.Max(y, r), n-r)
	return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
}
