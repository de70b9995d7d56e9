// Teaching: see ../../README.md
