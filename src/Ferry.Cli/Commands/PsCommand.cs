using System.CommandLine;
using System.Text.Json;
using Ferry.Cli.Output;

namespace Ferry.Cli.Commands;

/// <summary><c>ferry ps [--json]</c>: every instance with its state; a host that died unrecorded shows as "lost".</summary>
internal static class PsCommand
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("ps", "List instances.") { json };
        command.SetAction(parse => Run(context, parse.GetValue(json)));
        return command;
    }

    private static int Run(CliContext context, bool json)
    {
        var now = DateTimeOffset.UtcNow;
        var rows = context.Store.List().Select(i => InstanceSummary.Of(i, now)).ToList();
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize<IReadOnlyList<InstanceSummary>>(rows, CliJsonContext.Default.IReadOnlyListInstanceSummary));
            return 0;
        }
        string[] headers = ["ID", "NAME", "STATE", "PID", "UPTIME", "ORIGIN", "APP"];
        var cells = rows.Select(r => new[]
        {
            r.Id,
            r.Name,
            r.StateText,
            r.Pid?.ToString() ?? "-",
            r.UptimeSeconds is { } up ? Formats.Duration(TimeSpan.FromSeconds(up)) : "-",
            r.OriginText,
            r.App,
        }).ToList();
        TableOutput.Write(context, headers, cells);
        return 0;
    }
}
