// Analysis: see ../../README.md
