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
/// <c>ferry migrate ID --to NODE [--json] [--mode pre-copy|stop-and-copy]</c>: move a running instance of this host's node to another node of
/// its cluster, through the local node (which does the move). Progress on a terminal (phase, bytes, rate); one line,
/// or with <c>--json</c> the move's report (phases, bytes, pre-copy rounds, the pause), when done. On failure the instance runs where it was.
/// </summary>
internal static class MigrateCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "Instance id, unique id prefix, or name." };
        var to = new Option<string>("--to") { Required = true, Description = "The node to move it to (see ferry node ls)." };
        var json = new Option<bool>("--json") { Description = "Print the move's report as JSON." };
        var mode = ModeOption();
        var command = new Command("migrate", "Move a running instance to another node, live.") { id, to, json, mode };
        command.SetAction((parse, cancel) => Task.FromResult(Migrate(context, parse.GetValue(id)!, parse.GetValue(to)!, parse.GetValue(json), parse.GetValue(mode), cancel)));
        return command;
    }

    /// <summary>How the state goes (migrate and scale): pre-copy when the app can be, unless asked otherwise.</summary>
    public static Option<string?> ModeOption()
    {
        var mode = new Option<string?>("--mode")
        {
            Description = $"{MigrationModes.PreCopy} (refused if the app was woven without write barriers) or {MigrationModes.StopAndCopy}; default: pre-copy when the app can be, else stop-and-copy.",
        };
        mode.AcceptOnlyFromAmong(MigrationModes.PreCopy, MigrationModes.StopAndCopy);
        return mode;
    }

    private static int Migrate(CliContext context, string query, string to, bool json, string? mode, CancellationToken cancel)
    {
        var what = $"migrate {query}";
        using var connection = LocalNode.Connect(context.Home.Root, what);
        MigrationReport? report;
        try
        {
            var label = $"migrating {query} to {to}";
            var request = new MigrateRequest { Instance = query, To = to, Mode = mode ?? "" };
            report = context.IsTerminal && !json
                ? context.Ansi.Status().Start(Markup.Escape(label) + "…", status => Follow(connection.Client.MigrateInstance(request, cancellationToken: cancel), label, status, cancel))
                : Follow(connection.Client.MigrateInstance(request, cancellationToken: cancel), label, null, cancel);
        }
        catch (RpcException e)
        {
            throw new CliException(what, NodeErrors.Describe(e));
        }
        if (report is null) throw new CliException(what, "the node ended the move without a report");
        if (json) Console.WriteLine(JsonSerializer.Serialize(report, MigrationJsonContext.Default.MigrationReport));
        else Console.WriteLine(Summary(report));
        return 0;
    }

    /// <summary>Follow a transfer's progress stream (shown on <paramref name="status"/> if there is one); its report.</summary>
    public static MigrationReport? Follow(AsyncServerStreamingCall<MigrateProgress> call, string label, StatusContext? status, CancellationToken cancel)
    {
        using (call)
        {
            MigrationReport? report = null;
            var stream = call.ResponseStream;
            // The rate is the phase's: its bytes over the time since it began.
            var phase = "";
            var phaseClock = System.Diagnostics.Stopwatch.StartNew();
            while (stream.MoveNext(cancel).GetAwaiter().GetResult())
            {
                var progress = stream.Current;
                if (progress.ReportJson.Length > 0)
                {
                    report = JsonSerializer.Deserialize(progress.ReportJson, MigrationJsonContext.Default.MigrationReport);
                    continue;
                }
                if (progress.Phase != phase)
                {
                    phase = progress.Phase;
                    phaseClock.Restart();
                }
                status?.Status(Markup.Escape($"{label}: {phase}" + (progress.Bytes > 0 ? $" ({Formats.Bytes(progress.Bytes)} sent, {Rate(progress.Bytes, phaseClock.Elapsed)})" : "")) + "…");
            }
            return report;
        }
    }

    private static string Rate(long bytes, TimeSpan elapsed) => $"{Formats.Bytes((long)(bytes / Math.Max(elapsed.TotalSeconds, 1e-3)))}/s";

    public static string Summary(MigrationReport r) =>
        $"migrated {r.Name} ({r.Instance}) from {r.From} to {r.To}: app paused {Formats.Milliseconds(r.PauseMs)}, "
        + $"sent {Formats.Bytes(r.StateBytesSent + r.AppBytesSent + r.Rounds.Sum(round => round.BytesSent))} (image {Formats.Bytes(r.ImageBytes)}), total {Formats.Milliseconds(r.TotalMs)}; "
        + Mode(r);

    /// <summary>How the state went: the rounds and the final round, or why it went stop-and-copy.</summary>
    public static string Mode(MigrationReport r) => r.Mode == MigrationModes.PreCopy
        ? $"pre-copy, {r.Rounds.Count} round{(r.Rounds.Count == 1 ? "" : "s")} then a final round of {Formats.Bytes(r.FinalRoundBytes)}"
        : $"stop-and-copy ({r.FallbackReason ?? "no pre-copy"})";
}
