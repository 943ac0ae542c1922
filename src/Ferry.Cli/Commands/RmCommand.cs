using System.CommandLine;
using Ferry.Node.Instances;

namespace Ferry.Cli.Commands;

/// <summary><c>ferry rm [-f] ID...</c>: forget ended instances (their logs and records); <c>-f</c> kills running ones first.</summary>
internal static class RmCommand
{
    public static Command Create(CliContext context)
    {
        var ids = new Argument<string[]>("ID") { Arity = ArgumentArity.OneOrMore, Description = "Instance ids, unique id prefixes, or names." };
        var force = new Option<bool>("--force", "-f") { Description = "Kill running instances first." };
        var command = new Command("rm", "Remove ended instances.") { ids, force };
        command.SetAction(parse =>
        {
            // Resolve all first: a typo in the last id must not leave the first ones removed.
            var instances = parse.GetValue(ids)!.Select(q => (Query: q, Instance: context.Resolve(q, $"rm {q}"))).ToList();
            foreach (var (query, instance) in instances)
            {
                if (!instance.HasEnded)
                {
                    if (!parse.GetValue(force)) throw new CliException($"rm {query}", $"instance {instance.Id} is running (stop it with ferry kill, or use rm -f)");
                    InstanceKiller.Kill(context.Instances, instance, $"rm {query}");
                }
            }
            foreach (var (_, instance) in instances)
            {
                context.Store.Remove(instance.Id);
                InstanceEnvironments.RemoveEphemeral(context.Instances, instance);
                Console.WriteLine(instance.Id);
            }
            return 0;
        });
        return command;
    }
}
