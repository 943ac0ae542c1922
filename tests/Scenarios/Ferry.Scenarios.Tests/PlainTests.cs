namespace Ferry.Scenarios.Tests;

/// <summary>
/// The capture suite (DESIGN.md "Testing", issue 2), plain half: every scenario under tests/Scenarios/ run
/// twice without Ferry must pass its own self-check and print the same transcript (it is deterministic).
/// </summary>
public sealed class PlainTests(ITestOutputHelper output)
{
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
        ScenarioReport.Write(output, "plain", name, $"exit 0, {Transcript.LineCount(first.Stdout)} lines, {first.Elapsed.TotalMilliseconds:F0} ms");
    }
}
