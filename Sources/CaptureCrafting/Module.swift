// CaptureCrafting: see ../../README.md
