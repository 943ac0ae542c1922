using System.Diagnostics;
using Ferry.Node.Instances;
using Ferry.Node.Api;
using Ferry.Node.Cluster;
using Ferry.Node.Hosting;
using Grpc.Core;

namespace Ferry.Cli.Nodes;

/// <summary>
/// Starts a node as a background process (the same ferry, <c>node start --daemon-child</c>) and waits
/// until it answers on its socket, or reports in one line why it could not start.
/// </summary>
internal static class NodeStarter
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    public static NodeInfo StartInBackground(NodeOptions options, IReadOnlyList<string> startArgs, string what)
    {
        var paths = options.Paths;
        if (LocalNode.IsAnswering(paths)) throw new CliException(what, $"a node already runs with home {options.Home}");
        Directory.CreateDirectory(paths.Dir);
        var logStart = File.Exists(paths.Log) ? new FileInfo(paths.Log).Length : 0;
        var start = new ProcessStartInfo(HostLauncher.DotnetPath) { UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ferry.dll"));
        start.ArgumentList.Add("node");
        start.ArgumentList.Add("start");
        foreach (var a in startArgs) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--home");
        start.ArgumentList.Add(options.Home);
        start.ArgumentList.Add("--daemon-child");
        // The child re-points its stdio at node.log; pipes closed at once keep it from holding ours.
        start.RedirectStandardInput = start.RedirectStandardOutput = start.RedirectStandardError = true;
        using var child = Process.Start(start) ?? throw new CliException(what, "the node process did not start");
        child.StandardInput.Close();
        child.StandardOutput.Close();
        child.StandardError.Close();
        var deadline = DateTime.UtcNow + s_startTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (child.HasExited)
                throw new CliException(what, LastError(paths.Log, logStart) ?? $"the node process ended with {child.ExitCode}");
            if (LocalNode.IsAnswering(paths) && ClusterCredentials.TryLoad(paths.Credentials) is { } credentials)
            {
                using var connection = NodeConnection.ToSocket(paths.ApiSocket, credentials.Token);
                try
                {
                    return connection.Client.GetInfo(new GetInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                }
                catch (RpcException)
                {
                    // Listening but not serving yet.
                }
            }
            Thread.Sleep(50);
        }
        throw new CliException(what, $"the node did not answer within {s_startTimeout.TotalSeconds:0} s (see {paths.Log})");
    }

    /// <summary>The node's own one-line error ("ferry: node start: ..."), from what it logged since we started it.</summary>
    private static string? LastError(string log, long from)
    {
        if (!File.Exists(log)) return null;
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(from, SeekOrigin.Begin);
        var lines = new StreamReader(stream).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        const string prefix = "ferry: node start: ";
        return lines.LastOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
    }
}
