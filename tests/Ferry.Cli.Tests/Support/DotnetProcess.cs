using System.Diagnostics;

namespace Ferry.Tests.Support;

/// <summary>Runs a built .NET program (dotnet X.dll ...) as a real child process, with a bounded wait.</summary>
public static class DotnetProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <param name="launcher">A command the program runs under (e.g. <c>ip netns exec NS</c>), or none.</param>
    public static ProcessResult Run(string assembly, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null, IReadOnlyList<string>? launcher = null)
    {
        using var process = Start(assembly, args, environment, launcher);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? DefaultTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(assembly)} {string.Join(' ', args)} did not end in time");
        }
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static Process Start(string assembly, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, IReadOnlyList<string>? launcher = null)
    {
        var start = new ProcessStartInfo(launcher is { Count: > 0 } ? launcher[0] : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (launcher is { Count: > 0 })
        {
            foreach (var a in launcher.Skip(1)) start.ArgumentList.Add(a);
            start.ArgumentList.Add("dotnet");
        }
        start.ArgumentList.Add(assembly);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }
}
