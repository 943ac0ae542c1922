using System.CommandLine;
using System.Text.Json;
using Ferry.Cli.Nodes;
using Ferry.Cli.Output;
using Ferry.Node.Api;
using Ferry.Node.Cluster;
using Ferry.Node.Hosting;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>ferry node start|ls|stop</c>: the per-host agent. <c>start</c> runs it in the background (it
/// outlives the CLI) and returns once it answers; <c>--foreground</c> keeps it attached.
/// </summary>
internal static class NodeCommand
{
    public static Command Create(CliContext context)
    {
        var node = new Command("node", "Start, list and stop Ferry nodes (one agent per host).");
        node.Subcommands.Add(Start(context));
        node.Subcommands.Add(List(context));
        node.Subcommands.Add(Stop(context));
        return node;
    }

    private static Option<string?> HomeOption() => new("--home") { Description = "The node's home (default $FERRY_HOME or ~/.ferry)." };

    private static Command Start(CliContext context)
    {
        var name = new Option<string?>("--name") { Description = "Node name (default: the host name)." };
        var listen = new Option<string?>("--listen") { Description = $"ADDR:PORT peers reach this node at (default 127.0.0.1:{NodeOptions.DefaultPort})." };
        var home = HomeOption();
        var join = new Option<string?>("--join") { Description = "TOKEN@ADDR:PORT of a member of the cluster to join." };
        var foreground = new Option<bool>("--foreground") { Description = "Stay attached; log to stderr." };
        var daemon = new Option<bool>("--daemon-child") { Hidden = true };
        var command = new Command("start", "Start this host's node.") { name, listen, home, join, foreground, daemon };
        command.SetAction((parse, cancel) =>
        {
            const string what = "node start";
            var options = ParseOptions(context, what, parse.GetValue(name), parse.GetValue(listen), parse.GetValue(home), parse.GetValue(join));
            if (parse.GetValue(foreground) || parse.GetValue(daemon))
                return NodeRunner.RunAsync(options, daemon: parse.GetValue(daemon), cancel);
            string[] childArgs = ["--name", options.Name, "--listen", options.Listen.ToString(), .. parse.GetValue(join) is { } j ? new[] { "--join", j } : []];
            var started = NodeStarter.StartInBackground(options, childArgs, what);
            Console.WriteLine($"node {started.Name} listening on {started.Address} (home {options.Home})");
            var credentials = ClusterCredentials.TryLoad(options.Paths.Credentials)!;
            Console.WriteLine($"join it with: ferry node start --join {credentials.Token}@{started.Address}");
            return Task.FromResult(0);
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var home = HomeOption();
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("ls", "List the cluster's nodes as the local node knows them.") { home, json };
        command.SetAction(parse =>
        {
            const string what = "node ls";
            using var connection = LocalNode.Connect(HomeOf(context, parse.GetValue(home)), what);
            ListNodesReply reply;
            try
            {
                reply = connection.Client.ListNodes(new ListNodesRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
            }
            catch (RpcException e)
            {
                throw new CliException(what, $"{connection.Describes}: {NodeErrors.Describe(e)}");
            }
            if (parse.GetValue(json))
            {
                var rows = reply.Nodes.Select(n => new NodeSummary(n.Name, n.Address, n.Version, DateTimeOffset.FromUnixTimeMilliseconds(n.StartedUnixMs))).ToList();
                Console.WriteLine(JsonSerializer.Serialize<IReadOnlyList<NodeSummary>>(rows, CliJsonContext.Default.IReadOnlyListNodeSummary));
                return 0;
            }
            string[] headers = ["NAME", "ADDRESS", "VERSION"];
            var cells = reply.Nodes.Select(n => new[] { n.Name, n.Address, n.Version }).ToList();
            TableOutput.Write(context, headers, cells);
            return 0;
        });
        return command;
    }

    private static Command Stop(CliContext context)
    {
        var home = HomeOption();
        var command = new Command("stop", "Stop the local node (instances keep running).") { home };
        command.SetAction(parse =>
        {
            const string what = "node stop";
            var nodeHome = HomeOf(context, parse.GetValue(home));
            using (var connection = LocalNode.Connect(nodeHome, what))
            {
                try
                {
                    connection.Client.Shutdown(new ShutdownRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
                }
                catch (RpcException e)
                {
                    throw new CliException(what, $"{connection.Describes}: {NodeErrors.Describe(e)}");
                }
            }
            LocalNode.WaitGone(nodeHome, TimeSpan.FromSeconds(10), what);
            return 0;
        });
        return command;
    }

    private static string HomeOf(CliContext context, string? home) => home is null ? context.Home.Root : Path.GetFullPath(home);

    private static NodeOptions ParseOptions(CliContext context, string what, string? name, string? listen, string? home, string? join)
    {
        NodeAddress address;
        JoinTarget? target = null;
        try
        {
            address = NodeAddress.Parse(listen ?? $"127.0.0.1:{NodeOptions.DefaultPort}");
            if (join is not null) target = JoinTarget.Parse(join);
        }
        catch (FormatException e)
        {
            throw new CliException(what, e.Message);
        }
        name ??= Environment.MachineName;
        if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new CliException(what, $"'{name}' is not a node name (letters, digits, '-', '_', '.')");
        return new NodeOptions(name, HomeOf(context, home), address, target);
    }
}
