// Each test class (plain, checkpoint -> restore, leave-running, copied environment, migrate) is its own collection and
// they run in parallel; ProcessGate bounds the processes they start together (FERRY_SCENARIO_PARALLEL).
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 5)]
