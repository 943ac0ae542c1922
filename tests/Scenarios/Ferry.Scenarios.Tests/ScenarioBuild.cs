namespace Ferry.Scenarios.Tests;

/// <summary>Builds all scenario programs once per test run (tests/Scenarios/Scenarios.proj, Release).</summary>
public static class ScenarioBuild
{
    private static readonly SemaphoreSlim s_lock = new(1, 1);
    private static ProcessResult? s_result;
    private static bool s_done;

    public static async Task EnsureBuiltAsync(ScenarioInfo scenario)
    {
        if (!ScenarioSettings.NoBuild)
        {
            await s_lock.WaitAsync();
            try
            {
                if (!s_done)
                {
                    s_result = await ProcessRunner.RunAsync(
                        ProcessRunner.DotnetHost,
                        ["build", RepoPaths.ScenariosProject, "-c", "Release", "-nologo", "-v", "q", "-nodeReuse:false", "-clp:ErrorsOnly"],
                        RepoPaths.ScenariosDir, null, TimeSpan.FromMinutes(20));
                    s_done = true;
                }
            }
            finally
            {
                s_lock.Release();
            }
            if (s_result!.ExitCode != 0)
                Assert.Fail($"building the scenarios failed (exit {s_result.ExitCode}): {s_result.Command}\n{s_result.Stdout}\n{s_result.StderrTail(40)}");
        }
        if (!File.Exists(scenario.Dll))
            Assert.Fail($"{scenario.Name}: {scenario.Dll} does not exist (build tests/Scenarios/Scenarios.proj)");
    }
}
