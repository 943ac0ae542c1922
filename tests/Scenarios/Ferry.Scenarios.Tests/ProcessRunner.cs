using System.Diagnostics;
using System.Text;

namespace Ferry.Scenarios.Tests;

public sealed record ProcessResult(string Command, int ExitCode, string Stdout, string Stderr, bool TimedOut, TimeSpan Elapsed)
{
    public string StderrTail(int lines = 15)
    {
        string[] all = Stderr.TrimEnd().Split('\n');
        return all.Length <= lines ? string.Join('\n', all) : "...\n" + string.Join('\n', all[^lines..]);
    }
}

/// <summary>Runs a child process with captured output, closed stdin, a clean FERRY_TEST_* environment and a timeout.</summary>
public static class ProcessRunner
{
    public static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } p && File.Exists(p) ? p : "dotnet";

    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> args, string workDir, IReadOnlyDictionary<string, string>? env, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
        };
        foreach (string a in args) psi.ArgumentList.Add(a);
        // Never leak the runner's own test-mode settings into a child; set exactly what is asked.
        foreach (string key in psi.Environment.Keys.Where(k => k.StartsWith("FERRY_TEST_", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(key);
        if (env is not null)
            foreach (var (k, v) in env) psi.Environment[k] = v;

        string command = fileName + " " + string.Join(' ', psi.ArgumentList);
        var sw = Stopwatch.StartNew();
        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Exception e)
        {
            return new ProcessResult(command, -1, "", $"could not start {fileName}: {e.Message}", false, sw.Elapsed);
        }
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        bool timedOut = false;
        using (var cts = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                await process.WaitForExitAsync();
            }
        }
        string o = await stdout, e2 = await stderr;
        return new ProcessResult(command, timedOut ? -1 : process.ExitCode, o, e2, timedOut, sw.Elapsed);
    }
}
