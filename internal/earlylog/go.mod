module early.medianscope/earlylog

go 1.24
