using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ferry.Scenarios.Tests;

/// <summary>
/// The capture suite (DESIGN.md "Testing", issue 2): every scenario under tests/Scenarios/ is run
/// plainly, then under Ferry with checkpoint -> restore in a new process at every safe point
/// (small scenarios) or at spread points (large ones), then once with --leave-running-style
/// checkpoints taken 50 times. Transcript and exit code must equal the plain run's every time.
/// </summary>
public sealed class ScenarioTests
{
    private readonly ITestOutputHelper _output;

    public ScenarioTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [MemberData(nameof(ScenarioCatalog.Names), MemberType = typeof(ScenarioCatalog))]
    public async Task Plain(string name)
    {
        ScenarioInfo s = ScenarioCatalog.Get(name);
        ProcessResult first = await PlainRuns.ExpectedAsync(s);
        Assert.False(string.IsNullOrEmpty(first.Stdout), $"{name}: the plain run printed nothing");
        ProcessResult second = await PlainRuns.RunAsync(s);
        string? diff = Transcript.Diff(first.Stdout, second.Stdout);
        if (diff is not null || second.ExitCode != first.ExitCode)
            Assert.Fail($"{name}: two plain runs differ (the scenario is not deterministic): {diff ?? $"exit {first.ExitCode} vs {second.ExitCode}"}");
        Report("plain", name, $"exit 0, {Transcript.LineCount(first.Stdout)} lines, {first.Elapsed.TotalMilliseconds:F0} ms");
    }

    /// <summary>
    /// Issue 3: the file scenarios checkpointed in an environment and restored into a copy of it, at four
    /// spread points — files the app wrote, and the ones it holds open, must be there in the copy.
    /// </summary>
    [Theory]
    [InlineData("FilesReadWrite")]
    [InlineData("FileHeldOpen")]
    public async Task CheckpointRestoreIntoCopiedEnvironment(string name)
    {
        ScenarioInfo s = ScenarioCatalog.Get(name);
        ProcessResult plain = await PlainRuns.ExpectedAsync(s);
        FerryDriver.RequireLauncher();
        (long total, _) = await FerryDriver.CountSafePointsAsync(s, plain);
        var points = Enumerable.Range(1, 4).Select(k => Math.Max(1, total * k / 5)).Distinct().ToList();
        var outcomes = new List<PointOutcome>();
        foreach (long n in points) outcomes.Add(await FerryDriver.CheckpointAtAsync(s, plain, n, total, intoCopiedEnvironment: true));
        string summary = $"S={total}, points {string.Join(", ", points)}: restored {outcomes.Count(o => o.Kind == PointKind.Restored)}, " +
                         $"failed {outcomes.Count(o => o.Kind == PointKind.Failed)}";
        Report("copied-environment", name, summary);
        if (outcomes.FirstOrDefault(o => o.Kind != PointKind.Restored) is { } bad)
            Assert.Fail($"{name}: {summary}\nfirst point not restored (N={bad.N}, {bad.Kind}): {bad.Message}");
    }

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
        Report("checkpoint-restore", name, summary);

        var failed = sorted.Where(o => o.Kind == PointKind.Failed).ToList();
        if (failed.Count > 0)
        {
            string others = failed.Count > 1 ? $"\nother failing points: N={string.Join(", ", failed.Skip(1).Select(f => f.N))}" : "";
            Assert.Fail($"{name}: {summary}\nfirst failure: {failed[0].Message}{others}");
        }
        if (Count(PointKind.Restored) == 0)
            Assert.Fail($"{name}: {summary}\nno point produced an image that was restored");
    }

    [Theory]
    [MemberData(nameof(ScenarioCatalog.Names), MemberType = typeof(ScenarioCatalog))]
    public async Task LeaveRunning(string name)
    {
        ScenarioInfo s = ScenarioCatalog.Get(name);
        ProcessResult plain = await PlainRuns.ExpectedAsync(s);
        FerryDriver.RequireLauncher();
        (long total, _) = await FerryDriver.CountSafePointsAsync(s, plain);
        const int limit = 50;
        long every = Math.Max(1, total / limit);
        (ProcessResult run, bool imageWritten, string dir) = await FerryDriver.LeaveRunningAsync(s, every, limit);
        string where = $"{name}: checkpoint-and-continue every K={every} safe points (S={total}, limit {limit})";
        string context = $"\n  stderr:\n{FerryDriver.Indent(run.StderrTail())}\n  work dir kept: {dir}";
        if (run.TimedOut) Assert.Fail($"{where}: timed out after {ScenarioSettings.Timeout}{context}");
        string? diff = Transcript.Diff(plain.Stdout, run.Stdout);
        if (diff is not null) Assert.Fail($"{where}: output differs from the plain run: {diff}{context}");
        if (run.ExitCode != plain.ExitCode) Assert.Fail($"{where}: exited {run.ExitCode}, the plain run exited {plain.ExitCode}{context}");
        if (!imageWritten && !s.MayRefuse) Assert.Fail($"{where}: no image was written at {Path.Combine(dir, "img")}, so no checkpoint was taken{context}");
        WorkDirs.Remove(dir);
        Report("leave-running", name, $"S={total}, K={every}, up to {Math.Min(limit, total / every)} checkpoints; identical transcript and exit code; {run.Elapsed.TotalSeconds:F1} s");
    }

    private void Report(string mode, string name, string line)
    {
        _output.WriteLine($"{mode} {name}: {line}");
        ScenarioReport.Append(mode, name, line);
    }
}

/// <summary>Which safe points a scenario is checkpointed at.</summary>
public static class PointPlan
{
    public static IReadOnlyList<long> Choose(long total, bool large, out string plan)
    {
        if (ScenarioSettings.Points is { } explicitPoints)
        {
            plan = "FERRY_SCENARIO_POINTS";
            return explicitPoints;
        }
        int want = large ? Math.Max(1, ScenarioSettings.LargePoints) : Math.Max(1, ScenarioSettings.SmallCap);
        if (ScenarioSettings.MaxPoints is int max) want = Math.Min(want, Math.Max(1, max));
        if (total <= want)
        {
            plan = "every safe point";
            return Enumerable.Range(1, (int)total).Select(i => (long)i).ToList();
        }
        plan = large ? $"{want} spread points" : $"{want} spread points (capped)";
        return Spread(total, want);
    }

    /// <summary>k distinct points from 1..total, evenly spread, always including 1 and total.</summary>
    public static IReadOnlyList<long> Spread(long total, int k)
    {
        if (k <= 1) return [1];
        var set = new SortedSet<long>();
        for (int i = 0; i < k; i++) set.Add(1 + (long)Math.Round(i * (total - 1) / (double)(k - 1)));
        return set.ToList();
    }
}

/// <summary>Appends one line per scenario and mode to FERRY_SCENARIO_REPORT (tests/Scenarios/TestResults/scenario-report.txt).</summary>
public static class ScenarioReport
{
    private static readonly object s_sync = new();

    public static void Append(string mode, string name, string line)
    {
        lock (s_sync)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(ScenarioSettings.ReportFile)!);
                File.AppendAllText(ScenarioSettings.ReportFile, $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\t{mode}\t{name}\t{line}\n");
            }
            catch (IOException)
            {
                // The report is a convenience; the test result is what counts.
            }
        }
    }
}
