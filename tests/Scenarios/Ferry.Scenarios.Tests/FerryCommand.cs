namespace Ferry.Scenarios.Tests;

/// <summary>
/// Starts `ferry`. The first call goes through the launcher (FERRY, default ./ferry), which builds the CLI
/// when a source changed; every later call runs that build's ferry.dll directly. The launcher's staleness
/// check and bash start-up would otherwise be paid on each of the suite's thousands of calls, and the build
/// stays the same for the whole test run even if sources are edited meanwhile.
/// </summary>
public static class FerryCommand
{
    private static readonly Lazy<Task<string?>> s_built = new(BuildAsync);

    /// <summary>The built CLI assembly the calls run, or null when they go through a custom launcher (FERRY=...).</summary>
    public static string? Assembly => s_built.IsValueCreated && s_built.Value.IsCompletedSuccessfully ? s_built.Value.Result : null;

    public static async Task<ProcessResult> RunAsync(string workDir, IReadOnlyDictionary<string, string> env, IReadOnlyList<string> args)
    {
        string? dll = await s_built.Value;
        return dll is null
            ? await ProcessRunner.RunAsync(ScenarioSettings.FerryLauncher, args, workDir, env, ScenarioSettings.Timeout)
            : await ProcessRunner.RunAsync(ProcessRunner.DotnetHost, [dll, .. args], workDir, env, ScenarioSettings.Timeout);
    }

    /// <summary>Runs the launcher once (building if needed); returns the ferry.dll it runs, when it is this repository's launcher.</summary>
    private static async Task<string?> BuildAsync()
    {
        ProcessResult r = await ProcessRunner.RunAsync(ScenarioSettings.FerryLauncher, ["--version"], RepoPaths.Root, null, ScenarioSettings.FirstTimeout);
        if (r.TimedOut || r.ExitCode != 0)
            Assert.Fail($"`{r.Command}` failed (exit {r.ExitCode}{(r.TimedOut ? ", timed out" : "")}): the launcher could not build or start ferry\n{r.Stdout}\n{r.StderrTail(40)}");
        if (ScenarioSettings.FerryLauncher != RepoPaths.Launcher) return null;
        // .ferry-build/current links to the build the launcher just ran; its files stay while we run them.
        var current = new DirectoryInfo(Path.Combine(RepoPaths.Root, ".ferry-build", "current"));
        string? build = current.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        string? dll = build is null ? null : Path.Combine(build, "bin", "ferry.dll");
        return dll is not null && File.Exists(dll) ? dll : null;
    }
}
