// Generates the benchmark captures (see Benchmarks/README.md).
print("benchmark-captures: not written yet")
