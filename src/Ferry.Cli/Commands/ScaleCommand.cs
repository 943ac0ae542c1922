using System.CommandLine;
using System.Text.Json;
using Ferry.Cli.Nodes;
using Ferry.Cli.Output;
using Ferry.Node.Api;
using Ferry.Node.Migration;
using Grpc.Core;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>ferry scale ID --to NODE[,NODE...] [--json] [--mode pre-copy|stop-and-copy]</c>: start a clone of a running instance on each node named
/// (through the local node): the same transfer as a move, but the primary runs on and each target starts a new
/// instance from its state. One line per clone, or with <c>--json</c> the reports as an array. Stops at the first
/// clone that fails (the primary runs on; the clones made so far stay).
/// </summary>
internal static class ScaleCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "Instance id, unique id prefix, or name." };
        var to = new Option<string>("--to") { Required = true, Description = "The nodes to clone it to, comma-separated (see ferry node ls)." };
        var json = new Option<bool>("--json") { Description = "Print the clones' reports as a JSON array." };
        var mode = MigrateCommand.ModeOption();
        var command = new Command("scale", "Clone a running instance onto more nodes; the primary keeps running.") { id, to, json, mode };
        command.SetAction((parse, cancel) => Task.FromResult(Scale(context, parse.GetValue(id)!, parse.GetValue(to)!, parse.GetValue(json), parse.GetValue(mode), cancel)));
        return command;
    }

    private static int Scale(CliContext context, string query, string to, bool json, string? mode, CancellationToken cancel)
    {
        var what = $"scale {query}";
        var targets = to.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (targets.Length == 0) throw new CliException(what, "--to names no node");
        using var connection = LocalNode.Connect(context.Home.Root, what);
        var reports = new List<MigrationReport>();
        foreach (var target in targets)
        {
            var label = $"cloning {query} to {target}";
            MigrationReport? report;
            try
            {
                AsyncServerStreamingCall<MigrateProgress> Call() => connection.Client.CloneInstance(new MigrateRequest { Instance = query, To = target, Mode = mode ?? "" }, cancellationToken: cancel);
                report = context.IsTerminal && !json
                    ? context.Ansi.Status().Start(Markup.Escape(label) + "…", status => MigrateCommand.Follow(Call(), label, status, cancel))
                    : MigrateCommand.Follow(Call(), label, null, cancel);
            }
            catch (RpcException e)
            {
                throw new CliException(what, $"to {target}: {NodeErrors.Describe(e)}");
            }
            if (report is null) throw new CliException(what, $"to {target}: the node ended the clone without a report");
            reports.Add(report);
            if (!json) Console.WriteLine(Summary(report, target));
        }
        if (json) Console.WriteLine(JsonSerializer.Serialize(reports, MigrationJsonContext.Default.ListMigrationReport));
        return 0;
    }

    private static string Summary(MigrationReport r, string target) =>
        $"cloned {r.Name} ({r.ClonedFrom}) to {target} as {r.Instance}: primary paused {Formats.Milliseconds(r.PauseMs)}, "
        + $"clone running after {Formats.Milliseconds(r.TimeToRunningMs ?? 0)}, sent {Formats.Bytes(r.StateBytesSent + r.AppBytesSent + r.Rounds.Sum(round => round.BytesSent))}; "
        + MigrateCommand.Mode(r);
}
