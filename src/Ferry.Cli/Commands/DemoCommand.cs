using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Ferry.Abstractions;
using Ferry.Cli.Demo;
using Ferry.Cli.Nodes;
using Ferry.Environments.Definition;
using Ferry.Node.Api;
using Ferry.Node.Cluster;
using Ferry.Node.Hosting;
using Ferry.Node.Instances;
using Ferry.Node.Front;
using Ferry.Node.Migration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>ferry demo</c>: the story on this machine, on embedded defaults. Two nodes (a and b, their own homes under
/// a temporary directory) form a cluster; samples/Tally (a stateful TCP service) runs on a in an environment
/// publishing its port; a client keeps adding to a total; the service moves a → b → a and is cloned once onto b;
/// every answer is checked (none lost, none twice) and the pauses are printed. Everything it started is ended
/// and its directory removed, whatever happens.
/// </summary>
internal static class DemoCommand
{
    public const string SamplesVariable = "FERRY_SAMPLES";
    private static readonly TimeSpan s_watch = TimeSpan.FromSeconds(1);

    public static Command Create(CliContext context)
    {
        var command = new Command("demo", "Two local nodes: run a stateful service, move it a → b → a and clone it while a client talks to it.");
        command.SetAction(_ => Run(context));
        return command;
    }

    /// <summary>Where the built samples are: $FERRY_SAMPLES, or samples/ beside the directory ferry runs from (as ./ferry builds them).</summary>
    public static string SamplesDir =>
        Environment.GetEnvironmentVariable(SamplesVariable) is { Length: > 0 } dir
            ? Path.GetFullPath(dir)
            : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "samples"));

    private static int Run(CliContext context)
    {
        const string what = "demo";
        var tally = Path.Combine(SamplesDir, "Tally", "Tally.dll");
        if (!File.Exists(tally)) throw new CliException(what, $"the Tally sample is not built ({tally}); run ./ferry demo from the repository, or set {SamplesVariable}");
        var clock = Stopwatch.StartNew();
        var root = Path.Combine(context.Home.Root, "demo", Guid.NewGuid().ToString("N")[..8]);
        var a = new DemoNode("a", Path.Combine(root, "a"), FreePort());
        var b = new DemoNode("b", Path.Combine(root, "b"), FreePort());
        DemoClient? client = null;
        try
        {
            Step($"ferry node start --name a --listen {a.Address} --home {a.Home}", "the first node makes a cluster");
            a.Start([]);
            var token = ClusterCredentials.TryLoad(new NodePaths(a.Home).Credentials)!.Token;
            Step($"ferry node start --name b --listen {b.Address} --home {b.Home} --join TOKEN@{a.Address}", "a second node joins it");
            b.Start(["--join", $"{token}@{a.Address}"]);

            var port = FreePort();
            Step($"ferry env create tally --publish {port}:7800", "an environment: the app's port 7800 is published on the host");
            a.Instances.WithEnvironments(what, store => store.Create(new EnvironmentSpec { Name = "tally", Mappings = [SpecSyntax.ParsePublish($"{port}:7800")] }));
            Step("ferry run -d --env tally Tally.dll 7800", "the service keeps its totals in memory; node a's front serves the published port");
            var launch = InstanceLaunches.ForRun(a.Instances, tally, ["7800"], name: "tally", detach: true, "tally", fronted: true);
            new InstanceStarter(a.Instances).StartDetached(launch);
            var id = launch.Instance.Id;
            a.Publish(id);
            Console.WriteLine($"  {id} runs on a");

            Step($"a client: \"add demo 1\" on 127.0.0.1:{port}, again and again, on one connection", "each answer must be the total so far + 1");
            client = DemoClient.Start(new IPEndPoint(IPAddress.Loopback, port));
            Thread.Sleep(s_watch);
            Console.WriteLine($"  {client.Answers} answers so far, last \"demo = {client.Total}\"");

            var pauses = new List<(string Move, MigrationReport Report, TimeSpan ClientGap)>();
            foreach (var (from, to) in new[] { (a, b), (b, a) })
            {
                Step($"ferry migrate tally --to {to.Name}", $"move it {from.Name} → {to.Name} while the client talks");
                client.ResetGap();
                var report = from.Transfer(id, to.Name, clone: false);
                Thread.Sleep(s_watch);
                Console.WriteLine($"  {MigrateCommand.Summary(report)}");
                Console.WriteLine($"  the client waited at most {client.LongestGap.TotalMilliseconds:0} ms between answers; {client.Answers} answers so far");
                pauses.Add(($"{from.Name} → {to.Name}", report, client.LongestGap));
            }

            Step("ferry scale tally --to b", "a clone starts on b from the running service's state; the service runs on");
            var clone = a.Transfer(id, "b", clone: true);
            var cloneEndpoint = InstanceListeners.WaitFor(b.Instances, b.Instances.Resolve(clone.Instance, what), port, TimeSpan.FromSeconds(10), what);
            // The clone listens behind a front (its own loopback port): ask it through one, as a node's front would.
            string cloneTotal;
            var front = new FrontRoute(new IPEndPoint(IPAddress.Loopback, 0), preamble: true, NullLogger.Instance);
            try
            {
                front.Start();
                front.AddBackend(clone.Instance, cloneEndpoint);
                try
                {
                    cloneTotal = DemoClient.Ask(front.LocalEndPoint, "get demo");
                }
                catch (Exception e) when (e is IOException or SocketException)
                {
                    throw new CliException(what, $"the clone did not answer: {e.Message}");
                }
            }
            finally
            {
                front.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            Console.WriteLine($"  clone {clone.Instance} on b (primary paused {clone.PauseMs:0} ms): it answers \"{cloneTotal}\" — the primary's total when it was cloned");
            Thread.Sleep(s_watch);

            var (answers, total, connections, problem) = client.Stop();
            client = null;
            Console.WriteLine();
            if (problem is not null) throw new CliException(what, $"the client saw {problem}");
            Console.WriteLine($"The client got {answers} answers, each the total so far + 1 (last \"demo = {total}\"), through two moves and a clone, "
                + (connections == 1 ? "on the one connection it opened:" : $"on {connections} connections (it had to reconnect):"));
            foreach (var (move, report, gap) in pauses)
                Console.WriteLine($"  {move}: app paused {report.PauseMs:0} ms (checkpoint {report.PhaseMs.GetValueOrDefault("checkpoint"):0} ms, "
                    + $"start on the target {report.PhaseMs.GetValueOrDefault("handover"):0} ms), longest wait of the client {gap.TotalMilliseconds:0} ms");
            Console.WriteLine($"  clone: primary paused {clone.PauseMs:0} ms, clone running {clone.TimeToRunningMs:0} ms after its state was taken");
            Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0.0} s; everything it started is gone.");
            return 0;
        }
        finally
        {
            client?.Stop();
            // Leave nothing running: instances first (a node's end leaves them running by design), then the nodes.
            foreach (var node in new[] { b, a }) node.EndEverything();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static void Step(string command, string? why)
    {
        Console.WriteLine();
        Console.WriteLine(why is null ? $"$ {command}" : $"$ {command}    # {why}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
