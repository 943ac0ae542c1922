namespace Ferry.Scenarios.Tests;

/// <summary>The capture suite, issue 3: checkpointed in an environment, restored into a copy of it (`ferry env copy`).</summary>
public sealed class CopiedEnvironmentTests(ITestOutputHelper output)
{
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
        ScenarioReport.Write(output, "copied-environment", name, summary);
        if (outcomes.FirstOrDefault(o => o.Kind != PointKind.Restored) is { } bad)
            Assert.Fail($"{name}: {summary}\nfirst point not restored (N={bad.N}, {bad.Kind}): {bad.Message}");
    }
}
