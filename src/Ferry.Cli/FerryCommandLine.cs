using System.CommandLine;
using Ferry.Abstractions;
using Ferry.Cli.Apps;
using Ferry.Cli.Commands;
using Ferry.Node.Instances;

namespace Ferry.Cli;

/// <summary>
/// The <c>ferry</c> command line. Every failure ends as one line <c>ferry: &lt;what&gt;: &lt;why&gt;</c> on
/// stderr and a non-zero exit code (2 for a command line that does not parse).
/// </summary>
internal static class FerryCommandLine
{
    public const int UsageExitCode = 2;

    public static int Run(string[] args)
    {
        using var context = new CliContext(FerryHome.FromEnvironment());
        var run = RunCommand.Create(context);
        var root = new RootCommand("Ferry: run .NET apps that can be checkpointed and restored in a new process.")
        {
            run,
            PsCommand.Create(context),
            LogsCommand.Create(context),
            KillCommand.Create(context),
            RmCommand.Create(context),
            CheckpointCommand.Create(context),
            RestoreCommand.Create(context),
            ImageCommand.Create(context),
            EnvCommand.Create(context),
            DemoCommand.Create(context),
            NodeCommand.Create(context),
            MigrateCommand.Create(context),
            ScaleCommand.Create(context),
        };
        if (args.Length == 0) args = ["--help"];
        var parse = root.Parse(AppArgumentSplitter.Normalize(args, run));
        if (parse.Errors.Count > 0)
        {
            var command = string.Join(' ', CommandPath(parse.CommandResult.Command, root));
            // An unknown word explains more than the missing command it causes.
            var error = parse.Errors.FirstOrDefault(e => e.Message.Contains('\'')) ?? parse.Errors[0];
            var help = command.Length == 0 ? "ferry --help" : $"ferry {command} --help";
            Console.Error.WriteLine($"ferry: {(command.Length == 0 ? "usage" : command)}: {error.Message.TrimEnd('.')} (see {help})");
            return UsageExitCode;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliException e)
        {
            Console.Error.WriteLine(e.Line);
            return e.ExitCode;
        }
        catch (InstanceOperationException e)
        {
            Console.Error.WriteLine(new CliException(e.What, e.Why, e.ExitCode).Line);
            return e.ExitCode;
        }
    }

    private static IEnumerable<string> CommandPath(Command command, RootCommand root)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c && c != root; s = c.Parents.FirstOrDefault())
            names.Insert(0, c.Name);
        return names;
    }
}
