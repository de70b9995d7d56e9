// HTTPUpgrade: see ../../README.md
