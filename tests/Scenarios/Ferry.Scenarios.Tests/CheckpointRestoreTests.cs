using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ferry.Scenarios.Tests;

/// <summary>
/// The capture suite (DESIGN.md "Testing", issue 2): every scenario checkpointed at every safe point (small
/// scenarios, up to FERRY_SCENARIO_SMALL_CAP) or at spread points (the rest, always the first and the last),
/// stopped, and restored in a new process. Run output + restore output and the exit code must equal the
/// plain run's every time.
/// </summary>
public sealed class CheckpointRestoreTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(ScenarioCatalog.RestorableNames), MemberType = typeof(ScenarioCatalog))]
    public async Task CheckpointRestore(string name)
    {
        ScenarioInfo s = ScenarioCatalog.Get(name);
        ProcessResult plain = await PlainRuns.ExpectedAsync(s);
        FerryDriver.RequireLauncher();
        var clock = Stopwatch.StartNew();
        (long total, _) = await FerryDriver.CountSafePointsAsync(s, plain);
        if (total <= 0) Assert.Fail($"{name}: the woven run reached {total} safe points; a scenario must reach at least one");

        IReadOnlyList<long> points = PointPlan.Choose(total, s.Large, out string plan);
        var outcomes = new ConcurrentBag<PointOutcome>();
        int failures = 0;
        using var stop = new CancellationTokenSource();
        try
        {
            await Parallel.ForEachAsync(points, new ParallelOptions { MaxDegreeOfParallelism = ScenarioSettings.Parallel, CancellationToken = stop.Token },
                async (n, _) =>
                {
                    PointOutcome o = await FerryDriver.CheckpointAtAsync(s, plain, n, total);
                    outcomes.Add(o);
                    if (o.Kind == PointKind.Failed && Interlocked.Increment(ref failures) >= ScenarioSettings.MaxFailures)
                        stop.Cancel();
                });
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped early after FERRY_SCENARIO_MAX_FAILURES failing points.
        }

        var sorted = outcomes.OrderBy(o => o.N).ToList();
        int Count(PointKind k) => sorted.Count(o => o.Kind == k);
        string summary =
            $"S={total} ({(s.Large ? "large" : "small")}), {plan}: tested {sorted.Count}/{points.Count} points — " +
            $"restored {Count(PointKind.Restored)}, refused {Count(PointKind.Refused)}, not reached {Count(PointKind.NotReached)}, " +
            $"failed {Count(PointKind.Failed)}{(sorted.Count < points.Count ? " (stopped early)" : "")}; {clock.Elapsed.TotalSeconds:F1} s";
        ScenarioReport.Write(output, "checkpoint-restore", name, summary);

        var failed = sorted.Where(o => o.Kind == PointKind.Failed).ToList();
        if (failed.Count > 0)
        {
            string others = failed.Count > 1 ? $"\nother failing points: N={string.Join(", ", failed.Skip(1).Select(f => f.N))}" : "";
            Assert.Fail($"{name}: {summary}\nfirst failure: {failed[0].Message}{others}");
        }
        if (Count(PointKind.Restored) == 0)
            Assert.Fail($"{name}: {summary}\nno point produced an image that was restored");
    }
}
