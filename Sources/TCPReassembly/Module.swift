// TCPReassembly: see ../../README.md
