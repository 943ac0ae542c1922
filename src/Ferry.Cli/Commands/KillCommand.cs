using System.CommandLine;
using Ferry.Node.Instances;

namespace Ferry.Cli.Commands;

/// <summary><c>ferry kill ID</c>: end a running instance (through its host; SIGKILL if the host does not answer).</summary>
internal static class KillCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "Instance id, unique id prefix, or name." };
        var command = new Command("kill", "End a running instance.") { id };
        command.SetAction(parse =>
        {
            var query = parse.GetValue(id)!;
            var instance = context.Resolve(query, $"kill {query}");
            InstanceKiller.Kill(context.Instances, instance, $"kill {query}");
            Console.WriteLine(instance.Id);
            return 0;
        });
        return command;
    }
}
