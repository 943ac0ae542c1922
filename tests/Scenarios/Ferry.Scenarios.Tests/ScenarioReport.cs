namespace Ferry.Scenarios.Tests;

/// <summary>Appends one line per scenario and mode to FERRY_SCENARIO_REPORT (tests/Scenarios/TestResults/scenario-report.txt).</summary>
public static class ScenarioReport
{
    private static readonly object s_sync = new();

    /// <summary>The line in the test's output and in the report file.</summary>
    public static void Write(ITestOutputHelper output, string mode, string name, string line)
    {
        output.WriteLine($"{mode} {name}: {line}");
        Append(mode, name, line);
    }

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
