using System.CommandLine;
using System.Text.Json;
using Ferry.Cli.Nodes;
using Ferry.Cli.Output;
using Ferry.Node.Api;
using Grpc.Core;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>ferry ps [--json] [--node NAME]</c>: every instance with its state — of every node of the cluster when a node
/// runs here (a NODE column; a member that cannot be asked is one warning line on stderr), else of this home only;
/// a host that died unrecorded shows as "lost".
/// </summary>
internal static class PsCommand
{
    private static readonly TimeSpan s_askTimeout = TimeSpan.FromSeconds(10);

    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var node = NodeOption.Create();
        var command = new Command("ps", "List instances (of every node of the cluster when a node runs here).") { json, node };
        command.SetAction(parse => Run(context, parse.GetValue(json), parse.GetValue(node)));
        return command;
    }

    private static int Run(CliContext context, bool json, string? nodeName)
    {
        const string what = "ps";
        var now = DateTimeOffset.UtcNow;
        List<InstanceSummary> rows;
        if (nodeName is not null)
        {
            using var remote = ClusterNodes.Connect(context, nodeName, what);
            rows = [.. remote.Call(what, _ => Ask(remote, now).GetAwaiter().GetResult())];
        }
        else if (ClusterNodes.Others(context, what) is { } cluster)
        {
            var (self, others) = cluster;
            // This home's instances in-process (they are the local node's); the other members' asked at once.
            rows = [.. context.Store.List().Select(i => InstanceSummary.Of(i, now, self.Name))];
            var asked = others.Select(o => (Node: o, Rows: Ask(o, now))).ToList();
            foreach (var (other, answer) in asked)
            {
                try
                {
                    rows.AddRange(answer.GetAwaiter().GetResult());
                }
                catch (RpcException e)
                {
                    Console.Error.WriteLine($"ferry: warning: {what}: {other.Describe(e)}; its instances are not listed");
                }
                other.Dispose();
            }
        }
        else rows = [.. context.Store.List().Select(i => InstanceSummary.Of(i, now))];

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize<IReadOnlyList<InstanceSummary>>(rows, CliJsonContext.Default.IReadOnlyListInstanceSummary));
            return 0;
        }
        var withNode = rows.Any(r => r.Node is not null) || nodeName is not null;
        string[] headers = [.. withNode ? ["NODE"] : Array.Empty<string>(), "ID", "NAME", "STATE", "PID", "UPTIME", "ORIGIN", "APP"];
        var cells = rows.Select(r => new[]
        {
            r.Node ?? "-",
            r.Id,
            r.Name,
            r.StateText,
            r.Pid?.ToString() ?? "-",
            r.UptimeSeconds is { } up ? Formats.Duration(TimeSpan.FromSeconds(up)) : "-",
            r.OriginText,
            r.App,
        }.Skip(withNode ? 0 : 1).ToArray()).ToList();
        TableOutput.Write(context, headers, cells);
        return 0;
    }

    /// <summary>A node's instances, as rows.</summary>
    private static async Task<IReadOnlyList<InstanceSummary>> Ask(RemoteNode node, DateTimeOffset now)
    {
        var reply = await node.Client.ListInstancesAsync(new ListInstancesRequest(), deadline: DateTime.UtcNow + s_askTimeout);
        return reply.InstanceJson.Select(j => InstanceSummary.Of(RemoteNode.InstanceOf(j), now, reply.Node)).ToList();
    }
}
