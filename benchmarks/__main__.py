"""`python -m benchmarks`: run the performance suite and print the table."""

from benchmarks.run import main

main()
