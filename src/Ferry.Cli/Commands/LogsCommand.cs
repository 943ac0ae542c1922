using System.CommandLine;
using Ferry.Abstractions.Output;

namespace Ferry.Cli.Commands;

/// <summary><c>ferry logs ID [-f]</c>: everything the instance printed, stdout and stderr in the order written.</summary>
internal static class LogsCommand
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);

    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "Instance id, unique id prefix, or name." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new output until the instance ends." };
        var command = new Command("logs", "Print an instance's output.") { id, follow };
        command.SetAction(parse => Run(context, parse.GetValue(id)!, parse.GetValue(follow)));
        return command;
    }

    private static int Run(CliContext context, string query, bool follow)
    {
        var what = $"logs {query}";
        var instance = context.Resolve(query, what);
        var path = context.Home.Instance(instance.Id).OutputLog;
        var reader = new OutputLogReader(path);
        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        while (true)
        {
            // Read the state before the log: output written before the instance ended is then surely seen.
            var ended = context.Store.Find(instance.Id)?.HasEnded ?? true;
            try
            {
                if (File.Exists(path))
                    foreach (var record in reader.ReadAvailable())
                        (record.Stream == OutputStream.Stderr ? stderr : stdout).Write(record.Bytes.Span);
            }
            catch (InvalidDataException e)
            {
                throw new CliException(what, e.Message);
            }
            if (!follow || ended) return 0;
            Thread.Sleep(s_pollInterval);
        }
    }
}
