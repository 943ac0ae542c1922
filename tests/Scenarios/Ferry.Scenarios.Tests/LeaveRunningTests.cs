namespace Ferry.Scenarios.Tests;

/// <summary>
/// The capture suite: every scenario checkpointed and left running every K safe points (50 times at most) in
/// one run; transcript and exit code must equal the plain run's, and an image must have been written.
/// </summary>
public sealed class LeaveRunningTests(ITestOutputHelper output)
{
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
        ScenarioReport.Write(output, "leave-running", name, $"S={total}, K={every}, up to {Math.Min(limit, total / every)} checkpoints; identical transcript and exit code; {run.Elapsed.TotalSeconds:F1} s");
    }
}
