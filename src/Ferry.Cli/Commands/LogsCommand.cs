using System.CommandLine;
using Ferry.Abstractions.Instances;
using Ferry.Abstractions.Output;
using Ferry.Cli.Nodes;
using Ferry.Node.Api;
using Ferry.Node.Instances;
using Grpc.Core;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>ferry logs ID [-f] [--node NAME]</c>: everything the instance printed, stdout and stderr in the order written —
/// from this home, else from whichever node of the cluster has it (its log travels with a move: the owner's log is
/// the whole log).
/// </summary>
internal static class LogsCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "Instance id, unique id prefix, or name." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new output until the instance ends." };
        var node = NodeOption.Create();
        var command = new Command("logs", "Print an instance's output (found on any node of the cluster).") { id, follow, node };
        command.SetAction(parse => Run(context, parse.GetValue(id)!, parse.GetValue(follow), parse.GetValue(node)));
        return command;
    }

    private static int Run(CliContext context, string query, bool follow, string? nodeName)
    {
        var what = $"logs {query}";
        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        if (nodeName is not null)
        {
            using var remote = ClusterNodes.Connect(context, nodeName, what);
            return Print(remote, query, follow, what, stdout, stderr);
        }
        InstanceInfo instance;
        try
        {
            instance = context.Resolve(query, what);
        }
        catch (InstanceOperationException) when (Owner(context, query, what) is { } owner)
        {
            // Not here: on whichever other member has it.
            using (owner) return Print(owner, query, follow, what, stdout, stderr);
        }
        foreach (var record in InstanceLogs.Read(context.Instances, instance, what, follow))
            (record.Stream == OutputStream.Stderr ? stderr : stdout).Write(record.Bytes.Span);
        return 0;
    }

    /// <summary>The other member that has the instance, or null (not in a cluster, or no member has it: the local lookup then says so).</summary>
    private static RemoteNode? Owner(CliContext context, string query, string what)
    {
        if (ClusterNodes.Others(context, what) is not { } cluster) return null;
        var asked = cluster.Others.Select(o => (Node: o, Found: o.Client.ListInstancesAsync(new ListInstancesRequest { Query = query }, deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync)).ToList();
        var found = new List<RemoteNode>();
        foreach (var (other, answer) in asked)
        {
            try
            {
                answer.GetAwaiter().GetResult();
                found.Add(other);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                other.Dispose();
            }
            catch (RpcException e)
            {
                Console.Error.WriteLine($"ferry: warning: {what}: {other.Describe(e)}; not searched");
                other.Dispose();
            }
        }
        if (found.Count > 1)
        {
            var names = string.Join(", ", found.Select(f => f.Name));
            found.ForEach(f => f.Dispose());
            throw new CliException(what, $"\"{query}\" names instances on nodes {names}; say which with --node");
        }
        return found.SingleOrDefault();
    }

    private static int Print(RemoteNode node, string query, bool follow, string what, Stream stdout, Stream stderr) => node.Call(what, client =>
    {
        using var call = client.ReadLog(new ReadLogRequest { Instance = query, Follow = follow });
        while (call.ResponseStream.MoveNext(CancellationToken.None).GetAwaiter().GetResult())
        {
            var chunk = call.ResponseStream.Current;
            (chunk.Stderr ? stderr : stdout).Write(chunk.Data.Span);
        }
        return 0;
    });
}
