module medianscope

go 1.24

require (
	github.com/golang/freetype v0.0.0-20170609003504-e2365dfdc4a0
	github.com/wcharczuk/go-chart/v2 v2.1.2
	go.uber.org/goleak v1.3.0
)

require golang.org/x/image v0.18.0 // indirect
