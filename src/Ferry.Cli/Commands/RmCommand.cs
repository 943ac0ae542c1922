using System.CommandLine;
using Ferry.Cli.Nodes;
using Ferry.Node.Instances;

namespace Ferry.Cli.Commands;

/// <summary><c>ferry rm [-f] [--node NAME] ID...</c>: forget ended instances (their logs and records); <c>-f</c> kills running ones first.</summary>
internal static class RmCommand
{
    public static Command Create(CliContext context)
    {
        var ids = new Argument<string[]>("ID") { Arity = ArgumentArity.OneOrMore, Description = "Instance ids, unique id prefixes, or names." };
        var force = new Option<bool>("--force", "-f") { Description = "Kill running instances first." };
        var node = NodeOption.Create();
        var command = new Command("rm", "Remove ended instances.") { ids, force, node };
        command.SetAction(parse =>
        {
            var queries = parse.GetValue(ids)!;
            if (parse.GetValue(node) is { } nodeName)
            {
                using var remote = ClusterNodes.Connect(context, nodeName, $"rm {queries[0]}");
                foreach (var query in queries)
                    Console.WriteLine(RemoteNode.InstanceOf(remote.Call($"rm {query}", c => c.RemoveInstance(new Node.Api.RemoveRequest { Instance = query, Force = parse.GetValue(force) })).InstanceJson).Id);
                return 0;
            }
            // Resolve all first: a typo in the last id must not leave the first ones removed.
            var instances = queries.Select(q => (Query: q, Instance: context.Resolve(q, $"rm {q}"))).ToList();
            foreach (var (query, instance) in instances) InstanceRemover.CheckRemovable(instance, parse.GetValue(force), $"rm {query}");
            foreach (var (query, instance) in instances)
            {
                InstanceRemover.Remove(context.Instances, instance, $"rm {query}");
                Console.WriteLine(instance.Id);
            }
            return 0;
        });
        return command;
    }
}
