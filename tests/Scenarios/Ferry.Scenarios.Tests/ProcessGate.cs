namespace Ferry.Scenarios.Tests;

/// <summary>
/// At most FERRY_SCENARIO_PARALLEL scenario processes (plain runs and ferry calls) at a time, across every
/// test class: the classes run in parallel so that a scenario's serial steps (its counting run, its last
/// point, its leave-running run) overlap with other work, and this keeps the machine from being oversubscribed.
/// </summary>
public static class ProcessGate
{
    private static readonly SemaphoreSlim s_slots = new(ScenarioSettings.Parallel, ScenarioSettings.Parallel);

    public static async Task<T> RunAsync<T>(Func<Task<T>> body)
    {
        await s_slots.WaitAsync();
        try
        {
            return await body();
        }
        finally
        {
            s_slots.Release();
        }
    }
}
