module medianscope

go 1.24
