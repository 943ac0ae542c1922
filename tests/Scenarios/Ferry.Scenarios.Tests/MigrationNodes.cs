using System.Net;
using System.Net.Sockets;

namespace Ferry.Scenarios.Tests;

/// <summary>
/// Two real nodes, a and b, in one cluster on loopback, each with a home of its own (two hosts' worth of state),
/// started once for <see cref="MigrationTests"/> and shared by its scenarios: starting nodes is the cost.
/// Disposing stops both and ends whatever still works under their homes.
/// </summary>
public sealed class MigrationNodes : IAsyncLifetime
{
    private static int s_pairs;
    private readonly string _root = Path.Combine(ScenarioSettings.WorkRoot, "h", $"{Environment.ProcessId}.n{Interlocked.Increment(ref s_pairs)}");

    public string HomeA => Path.Combine(_root, "a");
    public string HomeB => Path.Combine(_root, "b");

    /// <summary>Keep both homes (node logs, host logs of the instances) when the nodes stop: a test failed.</summary>
    public void Keep() => _keep = true;

    private volatile bool _keep;

    /// <summary>Where the homes are.</summary>
    public string Root => _root;

    /// <summary>Why the nodes could not start, or null: every test then fails with it (the fixture itself must not throw).</summary>
    public string? Problem { get; private set; }

    public Task<ProcessResult> FerryAsync(string home, string workDir, IReadOnlyDictionary<string, string>? extra, params string[] args)
    {
        var env = new Dictionary<string, string> { ["FERRY_HOME"] = home };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) env[k] = v;
        return ProcessGate.RunAsync(() => FerryCommand.RunAsync(workDir, env, args));
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(FerryDriver.Launcher)) return; // each test says so (FerryDriver.RequireLauncher)
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        Directory.CreateDirectory(HomeA);
        Directory.CreateDirectory(HomeB);
        ProcessResult a = await FerryAsync(HomeA, _root, null, "node", "start", "--name", "a", "--listen", $"127.0.0.1:{FreePort()}");
        string? join = a.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("join it with: ferry ", StringComparison.Ordinal))?["join it with: ferry ".Length..].Trim();
        if (a.ExitCode != 0 || join is null)
        {
            Problem = $"`ferry node start --name a` failed (exit {a.ExitCode}): {a.StderrTail()}";
            return;
        }
        ProcessResult b = await FerryAsync(HomeB, _root, null, [.. join.Split(' '), "--name", "b", "--listen", $"127.0.0.1:{FreePort()}"]);
        if (b.ExitCode != 0) Problem = $"`ferry node start --name b --join …` failed (exit {b.ExitCode}): {b.StderrTail()}";
    }

    public async Task DisposeAsync()
    {
        foreach (string home in new[] { HomeB, HomeA })
            if (Directory.Exists(home)) await FerryAsync(home, _root, null, "node", "stop");
        // Hosts a failed move left behind (and nodes that would not stop) end with the homes.
        foreach (int pid in ProcessesUnder(_root))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
            }
        }
        if (!ScenarioSettings.KeepAll && !_keep && Directory.Exists(_root))
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException) { }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static IEnumerable<int> ProcessesUnder(string root)
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == Environment.ProcessId) continue;
            string command;
            try
            {
                command = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (command.Contains(root + "/", StringComparison.Ordinal)) yield return pid;
        }
    }
}
