// WebSocketWire: see ../../README.md
