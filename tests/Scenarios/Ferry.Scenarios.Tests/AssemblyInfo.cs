// Scenario runs are process-heavy; the runner parallelises checkpoint points itself
// (FERRY_SCENARIO_PARALLEL), so xunit must not run several scenarios at the same time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
