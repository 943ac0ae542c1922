// The barrier, the thread registry and the capture gate are process-wide: tests that drive them
// must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
