using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ferry.Cli.Nodes;
using Ferry.Node.Api;
using Ferry.Node.Instances;
using Ferry.Cli.Output;
using Ferry.Environments.Definition;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>ferry env create|copy|ls|show|rm|deploy</c>: isolated environments under <c>$FERRY_HOME/envs</c>
/// (docs/environments.md).
/// </summary>
internal static class EnvCommand
{
    public static Command Create(CliContext context) => new("env", "Manage isolated environments.")
    {
        EnvCreateCommand.Create(context),
        Copy(context),
        Ls(context),
        Show(context),
        Rm(context),
        EnvDeployCommand.Create(context),
    };

    private static Command Copy(CliContext context)
    {
        var source = new Argument<string>("SRC") { Description = "The environment to copy." };
        var destination = new Argument<string>("DST") { Description = "The new environment's name." };
        var command = new Command("copy", "Copy an environment (its own database and private files; host mappings and published ports are kept).") { source, destination };
        command.SetAction(parse =>
        {
            var (from, to) = (parse.GetValue(source)!, parse.GetValue(destination)!);
            context.WithEnvironments($"env copy {from} {to}", store => store.Copy(from, to));
            Console.WriteLine(to);
            return 0;
        });
        return command;
    }

    private static Command Ls(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var node = NodeOption.Create();
        var command = new Command("ls", "List environments.") { json, node };
        command.SetAction(parse =>
        {
            var rows = parse.GetValue(node) is { } nodeName
                ? Remote(context, nodeName, "env ls", "")
                : context.WithEnvironments("env ls", store => store.List()).Select(d => EnvironmentSummary.Of(context.Instances, d)).ToList();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize<IReadOnlyList<EnvironmentSummary>>(rows, CliJsonContext.Default.IReadOnlyListEnvironmentSummary));
                return 0;
            }
            Table(context, null, ["NAME", "MAPPINGS", "PORTS", "POLICIES", "RUNNING", "CREATED"], rows.Select(r => new[]
            {
                r.Name,
                r.Mappings.Count(m => m.Kind == "path").ToString(CultureInfo.InvariantCulture),
                string.Join(',', r.Mappings.Where(m => m.Kind == "port").Select(m => $"{m.Outside}:{m.Inside}")) is { Length: > 0 } ports ? ports : "-",
                Policies(r.Policies) is { Length: > 0 } p ? p : "-",
                r.RunningInstances.Count.ToString(CultureInfo.InvariantCulture),
                r.Created.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            }).ToList());
            return 0;
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The environment." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var node = NodeOption.Create();
        var command = new Command("show", "Show an environment: mappings (auto ones too), exceptions, policies, limits.") { name, json, node };
        command.SetAction(parse =>
        {
            var envName = parse.GetValue(name)!;
            var what = $"env show {envName}";
            var summary = parse.GetValue(node) is { } nodeName
                ? Remote(context, nodeName, what, envName).Single()
                : EnvironmentSummary.Of(context.Instances, context.WithEnvironments(what, store => store.Read(envName)));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(summary, CliJsonContext.Default.EnvironmentSummary));
                return 0;
            }
            var writer = Console.Out;
            List<(string Key, string Value)> facts =
            [
                ("name", summary.Name + (summary.Ephemeral ? " (made for one instance)" : "")),
                ("directory", summary.Dir),
                ("created", summary.Created.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC"),
                ("hostname", summary.Hostname),
                ("user", summary.User),
                ("cwd", summary.Cwd),
                ("pid", summary.ProcessId.ToString(CultureInfo.InvariantCulture)),
                ("policies", Policies(summary.Policies) is { Length: > 0 } p ? p : "none"),
                ("limits", Limits(summary.Limits) is { Length: > 0 } l ? l : "none"),
                ("running", summary.RunningInstances.Count == 0 ? "none" : string.Join(", ", summary.RunningInstances)),
            ];
            var width = facts.Max(f => f.Key.Length);
            foreach (var (key, value) in facts) writer.WriteLine($"{key.PadRight(width)}  {value}");
            writer.WriteLine();
            Table(context, "MAPPINGS", ["KIND", "INSIDE", "OUTSIDE", "MODE", "ORIGIN"],
                summary.Mappings.Select(m => new[] { m.Kind, m.Inside, m.Outside ?? "-", m.Mode ?? "-", m.Origin }).ToList());
            if (summary.Exceptions.Count > 0)
            {
                writer.WriteLine();
                Table(context, "EXCEPTIONS", ["KIND", "RESOURCE"], summary.Exceptions.Select(e => new[] { e.Kind, e.Resource }).ToList());
            }
            return 0;
        });
        return command;
    }

    private static Command Rm(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The environment." };
        var command = new Command("rm", "Remove an environment and its files (refused while an instance runs in it).") { name };
        command.SetAction(parse =>
        {
            var envName = parse.GetValue(name)!;
            var what = $"env rm {envName}";
            context.WithEnvironments(what, store => store.Find(envName));
            if (InstanceEnvironments.RunningIn(context.Instances, envName) is [var first, ..] running)
                throw new CliException(what, $"instance {first.Id} runs in it{(running.Count > 1 ? $" (and {running.Count - 1} more)" : "")}; stop it with ferry kill first");
            context.WithEnvironments(what, store =>
            {
                store.Remove(envName);
                return 0;
            });
            Console.WriteLine(envName);
            return 0;
        });
        return command;
    }

    /// <summary>The environments of another node (all, or the one named), as it summarizes them.</summary>
    private static List<EnvironmentSummary> Remote(CliContext context, string nodeName, string what, string name)
    {
        using var remote = ClusterNodes.Connect(context, nodeName, what);
        var reply = remote.Call(what, c => c.ListEnvironments(new ListEnvironmentsRequest { Name = name }));
        return reply.SummaryJson.Select(j => JsonSerializer.Deserialize(j, NodeJsonContext.Default.EnvironmentSummary)!).ToList();
    }

    private static string Policies(EnvironmentSummary.PolicyRow p) => string.Join(", ", new[]
    {
        p.DenyNetwork ? "deny-network" : null,
        p.DenyProcessStart ? "deny-process-start" : null,
    }.OfType<string>().Concat(p.DenyPaths.Select(d => $"deny-path {d}")));

    private static string Limits(EnvironmentSummary.LimitRow l) => string.Join(", ", new[]
    {
        l.MemoryBytes is { } m ? $"memory {Formats.Bytes(m)}" : null,
        l.Cpus is { } c ? string.Create(CultureInfo.InvariantCulture, $"cpus {c}") : null,
        l.FileSizeBytes is { } f ? $"file-size {Formats.Bytes(f)}" : null,
    }.OfType<string>());

    private static void Table(CliContext context, string? title, string[] headers, List<string[]> rows) =>
        TableOutput.Write(context, headers, rows, title);
}
