using System.CommandLine;
using Ferry.Cli.Nodes;
using Ferry.Node.Api;
using Ferry.Node.Instances;

namespace Ferry.Cli.Commands;

/// <summary><c>ferry kill ID [--node NAME]</c>: end a running instance (through its host; SIGKILL if the host does not answer).</summary>
internal static class KillCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "Instance id, unique id prefix, or name." };
        var node = NodeOption.Create();
        var command = new Command("kill", "End a running instance.") { id, node };
        command.SetAction(parse =>
        {
            var query = parse.GetValue(id)!;
            var what = $"kill {query}";
            if (parse.GetValue(node) is { } nodeName)
            {
                using var remote = ClusterNodes.Connect(context, nodeName, what);
                Console.WriteLine(RemoteNode.InstanceOf(remote.Call(what, c => c.KillInstance(new InstanceRequest { Instance = query })).InstanceJson).Id);
                return 0;
            }
            var instance = context.Resolve(query, what);
            InstanceKiller.Kill(context.Instances, instance, what);
            Console.WriteLine(instance.Id);
            return 0;
        });
        return command;
    }
}
